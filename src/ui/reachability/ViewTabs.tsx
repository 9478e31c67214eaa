/** "Diagram | Reachability": the packet's path for one flow, or who may reach whom. */
import { useAppStore } from '../store';
import type { MainView } from './viewSlice';

const TABS: readonly { readonly view: MainView; readonly label: string; readonly hint: string }[] = [
  { view: 'diagram', label: 'Diagram', hint: 'The path of one flow, hop by hop' },
  { view: 'reachability', label: 'Reachability', hint: 'Which workloads may connect to which under the NetworkPolicies' },
];

export const VIEW_PANEL_ID = 'main-view-panel';

export function ViewTabs() {
  const view = useAppStore((s) => s.view);
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {TABS.map((tab) => (
        <button
          key={tab.view}
          type="button"
          role="tab"
          id={`view-tab-${tab.view}`}
          data-testid={`view-tab-${tab.view}`}
          aria-selected={view === tab.view}
          aria-controls={VIEW_PANEL_ID}
          title={tab.hint}
          className={view === tab.view ? 'active' : undefined}
          onClick={() => useAppStore.getState().setView(tab.view)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
