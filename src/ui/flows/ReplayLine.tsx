/**
 * After an edit: how the shown flow's run differs from the one before it, in one line — the
 * verdict flipping ("verdict: delivered → dropped after your edit"), or else how many hops are
 * new, gone or changed (the hop list marks which). It stays until the next edit changes this
 * flow again, or until dismissed.
 */
import type { Verdict } from '../../core';
import { changeCounts } from '../playback/hopRows';
import { useAppStore } from '../store';
import { comparisonOf } from '../store/flowList';
import './flows.css';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function VerdictWord({ verdict, testId }: { readonly verdict: Verdict; readonly testId: string }) {
  return (
    <span className={`flow-verdict verdict-${verdict}`} data-testid={testId}>
      <span className="verdict-label">{verdict}</span>
    </span>
  );
}

export function ReplayLine() {
  const comparison = useAppStore((s) => comparisonOf(s.flows[s.flowIndex]));
  if (!comparison) return null;
  const { added, removed, changed } = changeCounts(comparison);
  const hops = [
    added > 0 ? `${plural(added, 'hop', 'hops')} new` : '',
    removed > 0 ? `${plural(removed, 'hop', 'hops')} gone` : '',
    changed > 0 ? `${plural(changed, 'hop', 'hops')} changed` : '',
  ].filter((part) => part !== '');
  const flip = comparison.verdict;
  return (
    <div className="replay-line" data-testid="replay-line" role="status">
      {flip ? (
        <span className="replay-verdict" data-testid="verdict-flip">
          verdict: <VerdictWord verdict={flip.before} testId="verdict-before" /> → <VerdictWord verdict={flip.after} testId="verdict-after" /> after your edit
        </span>
      ) : (
        <span className="replay-verdict">same verdict after your edit</span>
      )}
      {hops.length > 0 && <span className="replay-counts" data-testid="replay-counts">{hops.join(', ')}</span>}
      <button type="button" className="link-button replay-dismiss" data-testid="replay-dismiss" onClick={() => useAppStore.getState().dismissComparison()}>
        Dismiss
      </button>
    </div>
  );
}
