import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index';

/** Line and column counted the plain way, character by character. */
function naive(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, clamped);
  const line = before.split('\n').length;
  return { line, column: clamped - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('TextIndex', () => {
  it('gives every offset the line and column counted by hand, and whole lines without their newline', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r\n', 'é', ''), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const index = new TextIndex(text);
        expect(index.lineCount).toBe(text.split('\n').length);
        for (let offset = -1; offset <= text.length + 1; offset++) expect(index.position(offset)).toEqual(naive(text, offset));
        const lines = text.split('\n');
        for (let line = 1; line <= lines.length; line++) {
          const span = index.lineSpan(line);
          expect(text.slice(span.from, span.to)).toBe(lines[line - 1]);
        }
        const last = index.lineSpan(lines.length + 5);
        expect(text.slice(last.from, last.to)).toBe(lines[lines.length - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives spans whose ends are counted by hand, however far apart', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\n\n\n\n\n\n', 'é'), { maxLength: 120 }), fc.integer({ min: -2, max: 400 }), fc.integer({ min: -2, max: 400 }), (parts, from, to) => {
        const text = parts.join('');
        const span = new TextIndex(text).span(from, to);
        const start = naive(text, from);
        const end = naive(text, Math.max(from, to));
        expect(span).toEqual({ line: start.line, column: start.column, endLine: end.line, endColumn: end.column, from, to: Math.max(from, to) });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the source in every span', () => {
    expect(new TextIndex('a\nb', 'f.yaml').span(2, 3)).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 2, from: 2, to: 3, source: 'f.yaml' });
  });
});
