/**
 * Carries out the page's requests to the editor as editor transactions: selecting a span,
 * replacing the whole text. A replacement is one undoable change, so Ctrl+Z brings back
 * what was there before.
 */
import { useEffect } from 'react';
import type { EditorView } from '@codemirror/view';
import { useAppStore } from '../store';

/** Selects and scrolls to a span when another part of the page asks. */
export function useRevealRequests(viewRef: React.RefObject<EditorView | null>): void {
  const reveal = useAppStore((s) => s.reveal);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !reveal) return;
    const length = view.state.doc.length;
    const from = Math.min(reveal.from, length);
    const to = Math.min(Math.max(reveal.to, from), length);
    view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    view.focus();
  }, [viewRef, reveal]);
}

/** Replaces the text when the page asks (after the user agreed), then reports it done. */
export function useReplaceRequests(viewRef: React.RefObject<EditorView | null>): void {
  const replacement = useAppStore((s) => s.replacement);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !replacement) return;
    if (view.state.doc.toString() !== replacement.text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: replacement.text },
        selection: { anchor: 0 },
        scrollIntoView: true,
        userEvent: 'input.replace',
      });
    }
    useAppStore.getState().replacementDone(replacement.seq);
  }, [viewRef, replacement]);
}
