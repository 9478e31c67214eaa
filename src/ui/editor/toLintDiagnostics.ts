/** Core diagnostics → CodeMirror lint diagnostics, clamped to the document. */
import type { Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '../../core';

export function toLintDiagnostics(diagnostics: readonly Diagnostic[], docLength: number): LintDiagnostic[] {
  const clamp = (n: number): number => Math.min(Math.max(0, n), docLength);
  return diagnostics.map((d) => {
    const from = clamp(d.span.from);
    return {
      from,
      to: Math.max(from, clamp(d.span.to)),
      severity: d.severity,
      source: d.code,
      message: d.message,
    };
  });
}
