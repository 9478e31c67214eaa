/**
 * Requests from the rest of the page to the editor: "show this span", "replace the text",
 * "add this at the end". The editor carries them out as its own transactions, so its undo
 * history stays whole.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export interface Reveal {
  readonly from: number;
  readonly to: number;
  /** Increases with every request, so asking twice for the same span still scrolls. */
  readonly seq: number;
}

export interface Replacement {
  readonly text: string;
  readonly seq: number;
}

export interface Appendix {
  /** YAML documents to add after the editor's text, without the `---` that separates them from it. */
  readonly documents: string;
  readonly seq: number;
}

export interface EditorSlice {
  readonly reveal: Reveal | undefined;
  /** A whole-text replacement the editor has not carried out yet. */
  readonly replacement: Replacement | undefined;
  /** Documents to append that the editor has not added yet. */
  readonly appendix: Appendix | undefined;
  revealInEditor(from: number, to: number): void;
  /** Asks the editor to replace its text, as one undoable change. */
  replaceText(text: string): void;
  /** The editor says it has carried out this replacement. */
  replacementDone(seq: number): void;
  /** Asks the editor to add YAML documents at the end of its text, as one undoable change. */
  appendDocuments(documents: string): void;
  /** The editor says it has added these documents. */
  appendDone(seq: number): void;
}

export const createEditorSlice: StateCreator<AppState, [], [], EditorSlice> = (set, get) => ({
  reveal: undefined,
  replacement: undefined,
  appendix: undefined,
  revealInEditor: (from, to) => set({ reveal: { from, to, seq: (get().reveal?.seq ?? 0) + 1 } }),
  replaceText: (text) => {
    // A whole new text is a new scenario: summaries opened in the old one close (their ids may match, their meaning does not).
    get().foldAll();
    set({ replacement: { text, seq: (get().replacement?.seq ?? 0) + 1 } });
  },
  replacementDone: (seq) => {
    if (get().replacement?.seq === seq) set({ replacement: undefined });
  },
  appendDocuments: (documents) => set({ appendix: { documents, seq: (get().appendix?.seq ?? 0) + 1 } }),
  appendDone: (seq) => {
    if (get().appendix?.seq === seq) set({ appendix: undefined });
  },
});
