/**
 * One line under the editor: is the YAML good, and is the diagram current? The summary
 * links to the problems panel; the first problem links to its line in the editor.
 */
import { useAppStore } from '../store';
import type { Diagnostic } from '../../core';
import { PROBLEMS_TOGGLE_ID } from '../problems/ProblemsPanel';
import { countBySeverity, countLabel } from '../problems/severityCounts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly stale: boolean;
  readonly pods: number;
  readonly nodes: number;
}

function describe({ errors, warnings, infos, stale, pods, nodes }: Summary): string {
  if (stale) return `${countLabel('error', errors)} — showing the last good diagram`;
  const parts = [`${plural(pods, 'pod')} on ${plural(nodes, 'node')}`];
  if (errors > 0) parts.unshift(countLabel('error', errors));
  if (warnings > 0) parts.push(countLabel('warning', warnings));
  if (infos > 0) parts.push(countLabel('info', infos));
  return parts.join(' · ');
}

/** Opens the problems panel and puts the keyboard there. */
function showProblems(): void {
  useAppStore.getState().setProblemsOpen(true);
  const toggle = document.getElementById(PROBLEMS_TOGGLE_ID);
  toggle?.focus();
  toggle?.scrollIntoView({ block: 'nearest' });
}

export function StatusLine() {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const stale = useAppStore((s) => s.stale);
  const pending = useAppStore((s) => s.text !== s.simulatedText);
  // The user's pods; the ones every cluster has (CoreDNS) are not news.
  const pods = useAppStore((s) => s.model?.cluster.pods.filter((p) => !p.implicit).length ?? 0);
  const nodes = useAppStore((s) => s.model?.cluster.nodes.length ?? 0);
  const { error: errors, warning: warnings, info: infos } = countBySeverity(diagnostics);
  const first: Diagnostic | undefined = diagnostics.find((d) => d.severity === 'error') ?? diagnostics.find((d) => d.severity === 'warning');
  const tone = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  return (
    <div className={`status-line status-${tone}`} data-testid="status-line" data-state={stale ? 'stale' : tone} role="status">
      <span className="status-summary">
        <a
          href="#problems-panel"
          className="status-problems-link"
          data-testid="status-summary"
          title="Show the problems panel"
          onClick={(event) => {
            event.preventDefault();
            showProblems();
          }}
        >
          {describe({ errors, warnings, infos, stale, pods, nodes })}
        </a>
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
