/**
 * The core's suggested fix for a connection NetworkPolicy dropped: what it does, the
 * NetworkPolicy YAML (read-only), a copy button, and "Apply to the editor", which appends
 * the YAML to the user's text as one undoable change; the simulation then runs again.
 */
import type { PolicyFix } from '../../core';
import { useAppStore } from '../store';
import { useCopy } from './useCopy';
import { WrenchIcon } from './WrenchIcon';

/** The block's element id, so the verdict's "suggested fix" link can bring it into view. */
export const POLICY_FIX_ID = 'policy-fix';

export function PolicyFixView({ fix }: { readonly fix: PolicyFix }) {
  // Until the editor's text has been simulated, the fix on screen may already be in it.
  const pending = useAppStore((s) => s.appendix !== undefined || s.text !== s.simulatedText);
  const { state, copy } = useCopy(fix.yaml);
  return (
    <section className="policy-fix" id={POLICY_FIX_ID} data-testid="policy-fix" aria-label="Suggested fix">
      <h3>
        <WrenchIcon /> Suggested fix
      </h3>
      <p className="policy-fix-summary" data-testid="policy-fix-summary">
        {fix.summary}
      </p>
      <div className="policy-fix-actions">
        <button
          type="button"
          className="primary"
          data-testid="policy-fix-apply"
          disabled={pending}
          onClick={() => useAppStore.getState().appendDocuments(fix.yaml)}
          title="Add this policy at the end of the YAML (Ctrl+Z in the editor takes it back)"
        >
          Apply to the editor
        </button>
        <button type="button" data-testid="policy-fix-copy" onClick={copy} title="Copy the YAML">
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <span className="hint">Added as one change: Ctrl+Z in the editor takes it back.</span>
      </div>
      {state === 'failed' && (
        <p className="hint" role="status">
          The browser did not allow copying; select the YAML and copy it by hand.
        </p>
      )}
      <pre className="policy-fix-yaml" data-testid="policy-fix-yaml" tabIndex={0} aria-label="The NetworkPolicy to add (read-only)">
        <code>{fix.yaml}</code>
      </pre>
    </section>
  );
}
