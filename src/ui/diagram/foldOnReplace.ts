/**
 * A new scenario closes the summaries opened in the old one. Loads from the page (gallery,
 * import, share link, dropped files) replace the text through the store (`replaceText`); this
 * catches the person's own replacement in the editor: select all, then paste, type or delete.
 * Ordinary edits, however large, keep what is open.
 */
import type { Transaction } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useAppStore } from '../store';

/** What the person does to a selection to put something else in its place (not indent, dedent or copy a line). */
const REPLACING = ['input.type', 'input.paste', 'input.drop', 'delete.selection', 'delete.backward', 'delete.forward', 'delete.cut', 'delete.line'];

/**
 * True when the transaction put a new text in place of the old: one change over all of it (a
 * replacement from the page), or typing, pasting or deleting while all of it was selected
 * (CodeMirror may trim such a change to the part that differs, so the change alone cannot tell).
 * Indenting or commenting a whole selected text is an edit, not a new text.
 */
export function replacesWholeText(tr: Transaction): boolean {
  if (!tr.docChanged) return false;
  const length = tr.startState.doc.length;
  const selection = tr.startState.selection;
  const allSelected = length > 0 && selection.ranges.length === 1 && selection.main.from === 0 && selection.main.to === length;
  if (allSelected && REPLACING.some((event) => tr.isUserEvent(event))) return true;
  let whole = false;
  // One by one: adjacent changes would otherwise be reported joined, as if one.
  tr.changes.iterChanges((fromA, toA) => {
    if (fromA === 0 && toA === length) whole = true;
  }, true);
  return whole;
}

export const foldOnReplace = EditorView.updateListener.of((update) => {
  if (update.transactions.some(replacesWholeText)) useAppStore.getState().foldAll();
});
