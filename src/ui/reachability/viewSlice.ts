/** Which view the right pane shows: the packet's path in the diagram, or the reachability matrix. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/appState';

export type MainView = 'diagram' | 'reachability';

export interface ViewSlice {
  readonly view: MainView;
  setView(view: MainView): void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: 'diagram',
  setView: (view) => set({ view }),
});
