/** How many problems of each severity, and how to say it. */
import type { Diagnostic, Severity } from '../../core';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type SeverityCounts = Readonly<Record<Severity, number>>;

export function countBySeverity(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity] += 1;
  return counts;
}

/** "1 error", "2 warnings", "3 infos". */
export const countLabel = (severity: Severity, n: number): string => `${n} ${severity}${n === 1 ? '' : 's'}`;
