/** How the connection ended and why, or why it could not be traced. */
import { useAppStore } from '../store';
import { SuggestedFixLink } from './SuggestedFixLink';

export function VerdictBadge() {
  const result = useAppStore((s) => s.result);
  if (!result) {
    return (
      <div className="verdict verdict-none" data-testid="verdict">
        <span className="verdict-label">no trace</span>
        <span className="verdict-text">Add a pod to the YAML to trace a flow.</span>
      </div>
    );
  }
  if (!result.ok) {
    return (
      <div className="verdict verdict-error" data-testid="verdict" role="alert">
        <span className="verdict-label">cannot trace</span>
        <span className="verdict-text" data-testid="flow-error">
          {result.error.message}
        </span>
      </div>
    );
  }
  const { verdict, explanation } = result.trace;
  return (
    <div className={`verdict verdict-${verdict}`} data-testid="verdict" data-verdict={verdict}>
      <span className="verdict-label">{verdict}</span>
      <span className="verdict-text">{explanation}</span>
      {verdict === 'dropped' && <SuggestedFixLink />}
    </div>
  );
}
