import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState, type TransactionSpec } from '@codemirror/state';
import { useAppStore } from '../store';
import { replacesWholeText } from './foldOnReplace';

const TEXT = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n';
const cursorAt = (pos: number) => EditorState.create({ doc: TEXT, selection: EditorSelection.cursor(pos) });
const allSelected = () => EditorState.create({ doc: TEXT, selection: EditorSelection.range(0, TEXT.length) });
const replaces = (state: EditorState, spec: TransactionSpec) => replacesWholeText(state.update(spec));

describe('replacesWholeText', () => {
  it('is true for one change over the whole old text (a replacement from the page)', () => {
    expect(replaces(cursorAt(0), { changes: { from: 0, to: TEXT.length, insert: 'kind: Service\n' }, userEvent: 'input.replace' })).toBe(true);
    expect(replaces(cursorAt(3), { changes: { from: 0, to: TEXT.length, insert: '' } })).toBe(true);
  });

  it('is true for typing, pasting or deleting over a selection of the whole text, even when the change keeps a common end', () => {
    // CodeMirror reads typed input back from the page and keeps the end both texts share out of the change.
    expect(replaces(allSelected(), { changes: { from: 0, to: TEXT.length - 3, insert: 'kind: Namespace\nmetadata: {name: b' }, userEvent: 'input.type' })).toBe(true);
    expect(replaces(allSelected(), { changes: { from: 0, to: TEXT.length, insert: 'x' }, userEvent: 'input.paste' })).toBe(true);
    expect(replaces(allSelected(), { changes: { from: 0, to: TEXT.length }, userEvent: 'delete.selection' })).toBe(true);
  });

  it('is false for ordinary edits, even large ones, and for indenting or commenting all of the text', () => {
    expect(replaces(cursorAt(3), { changes: { from: 0, to: TEXT.length - 1, insert: 'x' }, userEvent: 'input.type' })).toBe(false);
    expect(replaces(cursorAt(3), { changes: { from: 1, to: TEXT.length, insert: 'x' }, userEvent: 'input.paste' })).toBe(false);
    expect(replaces(cursorAt(TEXT.length), { changes: { from: TEXT.length, insert: '---\nkind: Pod\n'.repeat(100) }, userEvent: 'input.paste' })).toBe(false);
    // Two changes that together cover everything are edits of the text (adjacent changes are not read as one).
    expect(replaces(cursorAt(0), { changes: [{ from: 0, to: 5, insert: 'a' }, { from: 5, to: TEXT.length, insert: 'b' }] })).toBe(false);
    // CodeMirror's own user events for Tab, Shift+Tab and Ctrl+/ over a whole selection.
    expect(replaces(allSelected(), { changes: [{ from: 0, insert: '  ' }, { from: 15, insert: '  ' }, { from: 25, insert: '  ' }], userEvent: 'input.indent' })).toBe(false);
    expect(replaces(allSelected(), { changes: [{ from: 15, to: 16 }], userEvent: 'delete.dedent' })).toBe(false);
    expect(replaces(allSelected(), { changes: [{ from: 0, insert: '# ' }, { from: 15, insert: '# ' }] })).toBe(false);
    // Selecting all and copying changes nothing.
    expect(replaces(cursorAt(0), { selection: EditorSelection.range(0, TEXT.length) })).toBe(false);
  });
});

describe('the opened summaries and a new scenario', () => {
  it('stay open through ordinary edits, and close when the page replaces the whole text (a load)', () => {
    const store = useAppStore.getState;
    store().expand('summary:node:node-4');
    store().expand('summary:node:node-3/pay');
    store().setText(`${store().text}\n# a comment`);
    expect([...store().expanded]).toEqual(['summary:node:node-4', 'summary:node:node-3/pay']);
    store().focusSummary('summary:node:node-5', false);
    store().replaceText('kind: Pod\n');
    expect(store().expanded.size).toBe(0);
    expect(store().summaryFocus).toBeUndefined();
  });
});
