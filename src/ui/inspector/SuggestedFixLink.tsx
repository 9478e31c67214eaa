/**
 * Beside a "dropped" verdict that has a suggested fix: a button that steps to the drop hop,
 * where the inspector shows the fix, and brings the fix into view.
 */
import { useAppStore } from '../store';
import { selectDropStep, selectFix } from '../store/selectors';
import { POLICY_FIX_ID } from './PolicyFixView';
import { WrenchIcon } from './WrenchIcon';

function showFix(step: number): void {
  useAppStore.getState().goTo(step);
  // After React has drawn the drop hop's inspector.
  window.requestAnimationFrame(() => document.getElementById(POLICY_FIX_ID)?.scrollIntoView({ block: 'nearest' }));
}

export function SuggestedFixLink() {
  const hasFix = useAppStore((s) => selectFix(s) !== undefined);
  const dropStep = useAppStore(selectDropStep);
  if (!hasFix || dropStep === undefined) return null;
  return (
    <button type="button" className="verdict-fix" data-testid="verdict-fix" onClick={() => showFix(dropStep)} title="Show the policy that would allow this connection">
      <WrenchIcon /> Suggested fix
    </button>
  );
}
