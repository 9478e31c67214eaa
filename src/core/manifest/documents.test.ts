import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDocuments, type DocumentSlice } from './documents';
import { TextIndex } from './text-index';

/** The first implementation, line by line over the whole text: the reference the faster one must match. */
function splitLineByLine(text: string): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (lineStart > start && /^(---|\.\.\.)(\s|$)/.test(text.slice(lineStart, lineEnd))) {
      slices.push({ text: text.slice(start, lineStart), offset: start });
      start = lineStart;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  slices.push({ text: text.slice(start), offset: start });
  const strip = (t: string) => t.replace(/^\s*#.*$/gm, '').replace(/^(---|\.\.\.)/gm, '');
  return slices.filter((slice) => /[^\s]/.test(strip(slice.text)));
}

const pieces = ['---', '...', '--- x', '---x', '....', '# c', '  # c', ' ', 'a: 1', '\r', '\t', '\n', '\n', '\n', '---\t', '...\u00a0', '\u2028', 'x #', '-', '.'];

describe('splitDocuments', () => {
  it('cuts exactly where the line-by-line reference cuts, and keeps the same slices', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const expected = splitLineByLine(text);
        expect(splitDocuments(text)).toEqual(expected);
        // The same cut read off the text's line index (what parseManifests passes).
        expect(splitDocuments(text, new TextIndex(text))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('decides from a prefix when a long slice has content, and from all of it when not', () => {
    const comments = `${'# a comment line\n'.repeat(400)}`;
    for (const text of [`${comments}a: 1\n---\n${comments}`, `a: 1\n---\n${comments}---\n${comments}b: 2\n`, `${comments}---\n# c\n`]) {
      expect(splitDocuments(text)).toEqual(splitLineByLine(text));
      expect(splitDocuments(text, new TextIndex(text))).toEqual(splitLineByLine(text));
    }
  });
});
