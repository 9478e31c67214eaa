/** One YAML document's slice of the whole text. */
export interface DocumentSlice {
  readonly text: string;
  /** Offset of `text` inside the whole input. */
  readonly offset: number;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;

/**
 * Cuts a multi-document stream at its `---` / `...` lines, so that one broken
 * document does not hide the others: each slice is parsed on its own and its
 * errors point into the whole text. A slice starts at its marker line.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (lineStart > start && DOCUMENT_MARKER.test(line)) {
      slices.push({ text: text.slice(start, lineStart), offset: start });
      start = lineStart;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  slices.push({ text: text.slice(start), offset: start });
  return slices.filter((slice) => /[^\s]/.test(stripComments(slice.text).replace(/^(---|\.\.\.)/gm, '')));
}

function stripComments(text: string): string {
  return text.replace(/^\s*#.*$/gm, '');
}
