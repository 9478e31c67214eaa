/** One YAML document's slice of the whole text. */
export interface DocumentSlice {
  readonly text: string;
  /** Offset of `text` inside the whole input. */
  readonly offset: number;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;

/** A text's line starts, as text-index.ts keeps them. */
export interface LineStarts {
  readonly lineCount: number;
  /** Where the 0-based line `index` starts. */
  lineStart(index: number): number;
}

/**
 * Cuts a multi-document stream at its `---` / `...` lines, so that one broken
 * document does not hide the others: each slice is parsed on its own and its
 * errors point into the whole text. A slice starts at its marker line.
 * Slices with nothing but comments, blank lines and markers are left out.
 * `lines`, when the text's lines are already indexed, spares two searches of the whole text.
 */
export function splitDocuments(text: string, lines?: LineStarts): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = 0;
  for (const lineStart of lines === undefined ? markerCandidates(text) : markerCandidatesOf(text, lines)) {
    const lineEnd = text.indexOf('\n', lineStart);
    if (lineStart > start && DOCUMENT_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd))) {
      slices.push({ text: text.slice(start, lineStart), offset: start });
      start = lineStart;
    }
  }
  slices.push({ text: text.slice(start), offset: start });
  return slices.filter((slice) => hasContent(slice.text));
}

/**
 * The starts of the lines after the first that begin with `---` or `...`, in order: the only
 * lines that can be markers. Found with indexOf rather than by looking at every line (a
 * 20,000-pod dump has millions).
 */
function markerCandidates(text: string): number[] {
  const candidates: number[] = [];
  let dashes = text.indexOf('\n---');
  let dots = text.indexOf('\n...');
  while (dashes !== -1 || dots !== -1) {
    const newline = dots === -1 || (dashes !== -1 && dashes < dots) ? dashes : dots;
    candidates.push(newline + 1);
    if (newline === dashes) dashes = text.indexOf('\n---', newline + 1);
    else dots = text.indexOf('\n...', newline + 1);
  }
  return candidates;
}

/** The same lines, read off an index of the text's lines: one look at each line's first character. */
function markerCandidatesOf(text: string, lines: LineStarts): number[] {
  const candidates: number[] = [];
  for (let i = 1; i < lines.lineCount; i++) {
    const lineStart = lines.lineStart(i);
    const code = text.charCodeAt(lineStart);
    if ((code === 45 && text.startsWith('---', lineStart)) || (code === 46 && text.startsWith('...', lineStart))) candidates.push(lineStart);
  }
  return candidates;
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
