import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../core';
import { countBySeverity, countLabel } from './severityCounts';

const at = (severity: Severity): Diagnostic => ({
  severity,
  code: 'x',
  message: 'm',
  span: { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 },
});

describe('countBySeverity', () => {
  it('counts every severity, zero included', () => {
    expect(countBySeverity([at('info'), at('error'), at('info')])).toEqual({ error: 1, warning: 0, info: 2 });
    expect(countBySeverity([])).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('says counts as words', () => {
    expect(countLabel('error', 1)).toBe('1 error');
    expect(countLabel('warning', 0)).toBe('0 warnings');
    expect(countLabel('info', 3)).toBe('3 infos');
  });
});
