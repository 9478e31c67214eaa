import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../core';
import { inProblemOrder } from './problemOrder';

const at = (severity: Severity, from: number): Diagnostic => ({
  severity,
  code: `${severity}-${from}`,
  message: 'm',
  span: { line: 1, column: 1, endLine: 1, endColumn: 1, from, to: from },
});

describe('inProblemOrder', () => {
  it('puts errors first, then warnings, then infos, each in text order', () => {
    const list = [at('info', 1), at('error', 50), at('warning', 5), at('error', 10), at('info', 0)];
    expect(inProblemOrder(list).map((d) => d.code)).toEqual(['error-10', 'error-50', 'warning-5', 'info-0', 'info-1']);
  });

  it('leaves the given list alone', () => {
    const list = [at('info', 1), at('error', 2)];
    inProblemOrder(list);
    expect(list[0]?.code).toBe('info-1');
  });
});
