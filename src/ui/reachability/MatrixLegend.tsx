/** What the colours mean, and whether policies are enforced at all. */
import { useAppStore } from '../store';
import { describeQuery } from './matrixQuery';

export function MatrixLegend() {
  const enforced = useAppStore((s) => s.matrix?.enforced ?? true);
  const query = useAppStore((s) => s.matrixBasis?.query);
  return (
    <div className="reach-legend" data-testid="reach-legend">
      <span className="legend-item">
        <span className="swatch cell-allowed">✓</span> allowed
      </span>
      <span className="legend-item">
        <span className="swatch cell-partial">◐</span> partly allowed (some ports or some pods)
      </span>
      <span className="legend-item">
        <span className="swatch cell-denied">✕</span> denied
      </span>
      <span className="legend-note">
        {query ? `For ${describeQuery(query)}. ` : ''}Rows are where connections start, columns where they go.
      </span>
      {!enforced && (
        <span className="legend-warning" data-testid="reach-not-enforced">
          NetworkPolicy enforcement is off in the settings: every connection is allowed.
        </span>
      )}
    </div>
  );
}
