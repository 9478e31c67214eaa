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
 * Slices with nothing but comments, blank lines and markers are left out.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = 0;
  // Only a line that starts with `---` or `...` can be a marker: find those with indexOf
  // rather than looking at every line (a 20,000-pod dump has millions).
  let dashes = text.indexOf('\n---');
  let dots = text.indexOf('\n...');
  while (dashes !== -1 || dots !== -1) {
    const newline = dots === -1 || (dashes !== -1 && dashes < dots) ? dashes : dots;
    const lineStart = newline + 1;
    if (newline === dashes) dashes = text.indexOf('\n---', lineStart);
    else dots = text.indexOf('\n...', lineStart);
    const lineEnd = text.indexOf('\n', lineStart);
    if (lineStart > start && DOCUMENT_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd))) {
      slices.push({ text: text.slice(start, lineStart), offset: start });
      start = lineStart;
    }
  }
  slices.push({ text: text.slice(start), offset: start });
  return slices.filter((slice) => hasContent(slice.text));
}

/** How much of a slice to look at first; a document's first lines almost always show it has content. */
const PREFIX = 4096;

function hasContent(text: string): boolean {
  // The test is line by line (a comment ends at its line, a marker starts one), so a prefix cut
  // after a newline that has content proves the whole slice has some.
  if (text.length > PREFIX) {
    const cut = text.lastIndexOf('\n', PREFIX);
    if (cut > 0 && hasContentWhole(text.slice(0, cut + 1))) return true;
  }
  return hasContentWhole(text);
}

function hasContentWhole(text: string): boolean {
  return /[^\s]/.test(stripComments(text).replace(/^(---|\.\.\.)/gm, ''));
}

function stripComments(text: string): string {
  return text.replace(/^\s*#.*$/gm, '');
}
