/**
 * The editor's look: fills its pane, system monospace font, and every colour from the page's
 * theme variables (src/ui/styles/theme.css), so one theme serves light and dark and a switch
 * needs no reconfiguration. Only CodeMirror's own base theme (search panel, tooltips) has to be
 * told which of the two it is: `editorDarkMode` below.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

export const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: 'var(--editor-font-size, 13px)', backgroundColor: 'var(--editor-bg)', color: 'var(--ink)' },
  '.cm-scroller': {
    overflow: 'auto',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-content': { caretColor: 'var(--ink)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--ink)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--editor-selection)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
  '.cm-gutters': {
    backgroundColor: 'var(--editor-gutter-bg)',
    color: 'var(--editor-gutter-ink)',
    borderRight: '1px solid var(--editor-gutter-line)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--ink)' },
  '.cm-searchMatch': { backgroundColor: 'var(--editor-match)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--editor-match)' },
  '.cm-panels': { backgroundColor: 'var(--page)', color: 'var(--ink)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-textfield': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--line)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--line)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--line)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--page)', color: 'var(--ink-soft)', border: '1px solid var(--line)' },
});

/** YAML's highlighting tags (see @lezer/yaml) coloured from the theme. */
const highlightStyle = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: 'var(--syntax-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool, tags.atom, tags.null], color: 'var(--syntax-number)' },
  { tag: [tags.keyword, tags.labelName, tags.typeName], color: 'var(--syntax-keyword)' },
  { tag: tags.comment, color: 'var(--syntax-comment)' },
  { tag: tags.meta, color: 'var(--syntax-meta)' },
  { tag: tags.invalid, color: 'var(--bad-ink)' },
]);

export const editorHighlighting: Extension = syntaxHighlighting(highlightStyle);

/** Holds `EditorView.darkTheme`, reconfigured when the page's theme changes. */
export const editorDarkMode = new Compartment();

export const darkModeExtension = (dark: boolean): Extension => EditorView.darkTheme.of(dark);
