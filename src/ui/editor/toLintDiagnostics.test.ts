import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../core';
import { toLintDiagnostics } from './toLintDiagnostics';

const at = (severity: Severity, from: number, to: number): Diagnostic => ({
  severity,
  code: `code-${severity}`,
  message: `a ${severity}`,
  span: { line: 1, column: 1, endLine: 1, endColumn: 1, from, to },
});

describe('toLintDiagnostics', () => {
  it('keeps every severity, so warnings and infos get their own marks', () => {
    const lint = toLintDiagnostics([at('error', 0, 2), at('warning', 3, 4), at('info', 5, 9)], 20);
    expect(lint.map((d) => d.severity)).toEqual(['error', 'warning', 'info']);
    expect(lint[2]).toMatchObject({ from: 5, to: 9, message: 'a info', source: 'code-info' });
  });

  it('clamps spans to the document', () => {
    expect(toLintDiagnostics([at('error', 15, 40)], 10)[0]).toMatchObject({ from: 10, to: 10 });
  });
});
