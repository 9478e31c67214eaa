/** Which of the page's panels are open. */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export interface PanelsSlice {
  readonly settingsOpen: boolean;
  readonly problemsOpen: boolean;
  /** The node whose Service rules (kube-proxy's dump) are shown, if any. */
  readonly rulesNode: string | undefined;
  setSettingsOpen(open: boolean): void;
  setProblemsOpen(open: boolean): void;
  showRules(node: string | undefined): void;
}

export const createPanelsSlice: StateCreator<AppState, [], [], PanelsSlice> = (set) => ({
  settingsOpen: false,
  problemsOpen: true,
  rulesNode: undefined,
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
  setProblemsOpen: (problemsOpen) => set({ problemsOpen }),
  showRules: (rulesNode) => set({ rulesNode }),
});
