/** One line under the editor: is the YAML good, and is the diagram current? */
import { useAppStore } from '../store';
import type { Diagnostic } from '../../core';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(errors: number, warnings: number, stale: boolean, pods: number, nodes: number): string {
  if (stale) return `${plural(errors, 'error')} — showing the last good diagram`;
  const parts = [`${plural(pods, 'pod')} on ${plural(nodes, 'node')}`];
  if (errors > 0) parts.unshift(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(' · ');
}

export function StatusLine() {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const stale = useAppStore((s) => s.stale);
  const pending = useAppStore((s) => s.text !== s.simulatedText);
  // The user's pods; the ones every cluster has (CoreDNS) are not news.
  const pods = useAppStore((s) => s.model?.cluster.pods.filter((p) => !p.implicit).length ?? 0);
  const nodes = useAppStore((s) => s.model?.cluster.nodes.length ?? 0);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const first: Diagnostic | undefined = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  const tone = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  return (
    <div className={`status-line status-${tone}`} data-testid="status-line" data-state={stale ? 'stale' : tone} role="status">
      <span className="status-summary">
        {describe(errors, warnings, stale, pods, nodes)}
        {pending && <span className="status-pending"> · checking…</span>}
      </span>
      {first && (
        <button
          type="button"
          className="link-button status-first"
          onClick={() => useAppStore.getState().revealInEditor(first.span.from, first.span.to)}
          title="Show in the editor"
        >
          line {first.span.line}: {first.message}
        </button>
      )}
    </div>
  );
}
