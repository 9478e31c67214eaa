/** Where the editor's cursor is, for the diagram to show what the NetworkPolicy there selects and admits. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/appState';

export interface PolicyCursorSlice {
  /** The editor's cursor as an offset into `text`; undefined until the person moves it. */
  readonly editorCursor: number | undefined;
  setEditorCursor(offset: number | undefined): void;
}

export const createPolicyCursorSlice: StateCreator<AppState, [], [], PolicyCursorSlice> = (set, get) => ({
  editorCursor: undefined,
  setEditorCursor: (offset) => {
    if (get().editorCursor !== offset) set({ editorCursor: offset });
  },
});
