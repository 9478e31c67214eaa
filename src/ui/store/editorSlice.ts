/** Requests from the rest of the page to the editor, e.g. "show this rule's YAML". */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export interface Reveal {
  readonly from: number;
  readonly to: number;
  /** Increases with every request, so asking twice for the same span still scrolls. */
  readonly seq: number;
}

export interface EditorSlice {
  readonly reveal: Reveal | undefined;
  revealInEditor(from: number, to: number): void;
}

export const createEditorSlice: StateCreator<AppState, [], [], EditorSlice> = (set, get) => ({
  reveal: undefined,
  revealInEditor: (from, to) => set({ reveal: { from, to, seq: (get().reveal?.seq ?? 0) + 1 } }),
});
