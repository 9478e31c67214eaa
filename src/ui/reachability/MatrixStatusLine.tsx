/** Whether the matrix on screen is current: computing, failed, or from the last YAML that built. */
import { useAppStore } from '../store';
import { describeQuery, sameQuery } from './matrixQuery';

export function MatrixStatusLine() {
  const status = useAppStore((s) => s.matrixStatus);
  const stale = useAppStore((s) => s.stale);
  const basis = useAppStore((s) => s.matrixBasis);
  const query = useAppStore((s) => s.matrixQuery);
  if (status.kind === 'computing') {
    return (
      <span className="reach-status computing" data-testid="reach-status" data-state="computing" role="status">
        computing…
      </span>
    );
  }
  if (status.kind === 'failed') {
    return (
      <span className="reach-status failed" data-testid="reach-status" data-state="failed" role="alert">
        {status.message}
      </span>
    );
  }
  if (stale && basis) {
    const other = sameQuery(basis.query, query) ? '' : ` (for ${describeQuery(basis.query)})`;
    return (
      <span className="reach-status stale" data-testid="reach-status" data-state="stale" role="status">
        The YAML has errors: showing the matrix of the last good text{other}.
      </span>
    );
  }
  return <span className="reach-status" data-testid="reach-status" data-state={status.kind} role="status" />;
}
