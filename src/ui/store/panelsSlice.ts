/** Which of the page's panels are open. */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export interface PanelsSlice {
  readonly settingsOpen: boolean;
  readonly problemsOpen: boolean;
  setSettingsOpen(open: boolean): void;
  setProblemsOpen(open: boolean): void;
}

export const createPanelsSlice: StateCreator<AppState, [], [], PanelsSlice> = (set) => ({
  settingsOpen: false,
  problemsOpen: true,
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
  setProblemsOpen: (problemsOpen) => set({ problemsOpen }),
});
