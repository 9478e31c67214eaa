/**
 * The line above the diagram, while the scenario has NetworkPolicies: what the marked pods are,
 * each half with its mark as a key; a hint while the cursor is outside every policy.
 */
import type { PolicyAtCursor } from '../../core';
import { EMBEDDED } from '../embed/embedMode';
import { useAppStore } from '../store';
import { legendParts, legendTitle } from './legendText';
import { usePolicyAtCursor } from './usePolicyAtCursor';

function Parts({ found }: { readonly found: PolicyAtCursor }) {
  const { selects, admits } = legendParts(found);
  return (
    <div className="policy-cursor-legend" data-testid="policy-cursor-legend" title={legendTitle(found)}>
      <span className="policy-part" data-testid="policy-cursor-selects">
        <span className="policy-key policy-key-selected" aria-hidden="true" />
        {selects}
      </span>
      {admits === undefined ? null : (
        <span className="policy-part" data-testid="policy-cursor-admits">
          <span className="policy-key policy-key-admitted" aria-hidden="true" />
          {admits}
        </span>
      )}
    </div>
  );
}

export function PolicyCursorLegend() {
  const found = usePolicyAtCursor();
  const hasPolicies = useAppStore((s) => (s.model?.cluster.networkPolicies.length ?? 0) > 0);
  // An embedded page has no editor to put a cursor in.
  if (EMBEDDED || !hasPolicies) return null;
  if (found !== undefined) return <Parts found={found} />;
  return (
    <div className="policy-cursor-legend policy-cursor-hint" data-testid="policy-cursor-hint">
      Put the cursor in a NetworkPolicy to mark the pods it selects and the pods each rule admits.
    </div>
  );
}
