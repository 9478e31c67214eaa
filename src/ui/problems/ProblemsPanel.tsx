/**
 * Every diagnostic of the last run — errors, then warnings, then infos, each in text order — under a
 * header that counts them by severity. Collapsible; the status line links here.
 */
import { useMemo } from 'react';
import { useAppStore } from '../store';
import { ProblemRow } from './ProblemRow';
import { inProblemOrder } from './problemOrder';
import { SeverityIcon } from './SeverityIcon';
import { SEVERITIES, countBySeverity, countLabel } from './severityCounts';

export const PROBLEMS_TOGGLE_ID = 'problems-toggle';

export function ProblemsPanel() {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const open = useAppStore((s) => s.problemsOpen);
  const counts = useMemo(() => countBySeverity(diagnostics), [diagnostics]);
  const ordered = useMemo(() => inProblemOrder(diagnostics), [diagnostics]);
  return (
    <section className={`problems${open ? ' open' : ''}`} id="problems-panel" data-testid="problems-panel" aria-label="Problems">
      <h2 className="problems-head">
        <button
          type="button"
          id={PROBLEMS_TOGGLE_ID}
          data-testid="problems-toggle"
          aria-expanded={open}
          aria-controls="problems-body"
          onClick={() => useAppStore.getState().setProblemsOpen(!open)}
        >
          <span className="problems-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="problems-title">Problems</span>
          <span className="problem-counts">
            {SEVERITIES.map((severity) => (
              <span
                key={severity}
                className={`problem-count${counts[severity] === 0 ? ' none' : ''}`}
                data-testid={`problems-count-${severity}`}
                data-count={counts[severity]}
                title={countLabel(severity, counts[severity])}
              >
                <SeverityIcon severity={severity} />
                {counts[severity]}
              </span>
            ))}
          </span>
        </button>
      </h2>
      {open && (
        <div id="problems-body" className="problems-body">
          {diagnostics.length === 0 ? (
            <p className="problems-empty" data-testid="problems-empty">
              No problems in the YAML.
            </p>
          ) : (
            <ul className="problems-list" data-testid="problems-list">
              {ordered.map((d, i) => (
                <ProblemRow key={`${i}:${d.span.from}:${d.code}`} diagnostic={d} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
