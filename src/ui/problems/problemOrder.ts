/** The order of the problems list: errors first, then warnings, then infos; each in text order. */
import type { Diagnostic, Severity } from '../../core';

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function inProblemOrder(diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  return [...diagnostics].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.span.from - b.span.from);
}
