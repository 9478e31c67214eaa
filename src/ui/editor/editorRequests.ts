/**
 * Carries out the page's requests to the editor as editor transactions: selecting a span,
 * replacing the whole text, appending documents. A replacement or an appendix is one
 * undoable change, so Ctrl+Z brings back what was there before.
 */
import { useEffect } from 'react';
import type { EditorView } from '@codemirror/view';
import { useAppStore } from '../store';
import { documentAppend } from './documentAppend';

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

/**
 * Adds documents at the end when the page asks (a suggested NetworkPolicy), selects them and
 * puts the keyboard in the editor, so the user sees what was added and Ctrl+Z takes it back.
 * `input.paste` is not an event CodeMirror's history joins with typing around it.
 */
export function useAppendRequests(viewRef: React.RefObject<EditorView | null>): void {
  const appendix = useAppStore((s) => s.appendix);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !appendix) return;
    const end = view.state.doc.length;
    const insert = documentAppend(view.state.doc.toString(), appendix.documents);
    view.dispatch({
      changes: { from: end, insert },
      selection: { anchor: end + insert.length - appendix.documents.length, head: end + insert.length },
      scrollIntoView: true,
      userEvent: 'input.paste',
    });
    view.focus();
    useAppStore.getState().appendDone(appendix.seq);
  }, [viewRef, appendix]);
}
