/**
 * The right pane: the view tabs on the first row beside the view's own controls, then the view.
 * The diagram's parts come from the page, so this file only switches.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../store';
import { MatrixToolbar } from './MatrixToolbar';
import { ReachabilityView } from './ReachabilityView';
import { VIEW_PANEL_ID, ViewTabs } from './ViewTabs';

interface Props {
  /** The diagram view's controls (the flow picker), shown beside the tabs. */
  readonly picker: ReactNode;
  /** The rest of the diagram view. */
  readonly trace: ReactNode;
}

export function ViewSwitch({ picker, trace }: Props) {
  const view = useAppStore((s) => s.view);
  return (
    <>
      <div className="view-bar">
        <ViewTabs />
        {view === 'diagram' ? picker : <MatrixToolbar />}
      </div>
      <div className="view-panel" id={VIEW_PANEL_ID} role="tabpanel" aria-labelledby={`view-tab-${view}`} data-view={view}>
        {view === 'diagram' ? trace : <ReachabilityView />}
      </div>
    </>
  );
}
