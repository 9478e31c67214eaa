/**
 * A CodeMirror extension that reports the cursor to the store, a moment after it stops moving
 * (typing or holding an arrow key does not recompute the diagram at every keystroke).
 */
import { ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { useAppStore } from '../store';

const SETTLE_MS = 120;

/** The person's own moves: typing, deleting, clicking, arrow keys, undo. Loads and requests from the page are not. */
const PERSON_EVENTS = ['select', 'input', 'delete', 'undo', 'redo'];

export const cursorListener = ViewPlugin.fromClass(
  class {
    private timer: ReturnType<typeof setTimeout> | undefined;

    update(update: ViewUpdate): void {
      const byPerson = update.transactions.some((tr) => PERSON_EVENTS.some((event) => tr.isUserEvent(event)));
      if (!update.selectionSet || !byPerson) return;
      const head = update.state.selection.main.head;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => useAppStore.getState().setEditorCursor(head), SETTLE_MS);
    }

    destroy(): void {
      clearTimeout(this.timer);
    }
  },
);
