/** Which rows and columns to show: one namespace, workloads with some labels, and the simulator's own. */
import { useMemo } from 'react';
import { useAppStore } from '../store';
import { parseLabelFilter } from './labelFilter';
import { namespacesOf } from './matrixLayout';

const ALL = '';

export function MatrixFilters() {
  const workloads = useAppStore((s) => s.matrix?.workloads);
  const filter = useAppStore((s) => s.matrixFilter);
  const namespaces = useMemo(() => namespacesOf(workloads ?? []), [workloads]);
  const labels = parseLabelFilter(filter.labels);
  const { setMatrixFilter } = useAppStore.getState();
  return (
    <div className="reach-filters" role="group" aria-label="Filter the matrix">
      <label className="field">
        <span>namespace</span>
        <select
          data-testid="reach-namespace"
          value={filter.namespace ?? ALL}
          onChange={(e) => setMatrixFilter({ namespace: e.target.value === ALL ? undefined : e.target.value })}
        >
          <option value={ALL}>all namespaces</option>
          {filter.namespace !== undefined && !namespaces.includes(filter.namespace) && <option value={filter.namespace}>{filter.namespace}</option>}
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-labels">
        <span>labels</span>
        <input
          data-testid="reach-labels"
          placeholder="role=db, tier"
          spellCheck={false}
          value={filter.labels}
          aria-invalid={!labels.ok}
          title={labels.ok ? 'key=value or key, separated by commas; all must match' : labels.message}
          onChange={(e) => setMatrixFilter({ labels: e.target.value })}
        />
      </label>
      <label className="check" title="CoreDNS and the other workloads the simulator adds to every cluster">
        <input
          type="checkbox"
          data-testid="reach-show-implicit"
          checked={filter.showImplicit}
          onChange={(e) => setMatrixFilter({ showImplicit: e.target.checked })}
        />
        system workloads
      </label>
    </div>
  );
}
