/** Who may connect to whom: the matrix the worker computed, filtered and grouped as the toolbar says. */
import { useMemo, useState } from 'react';
import { useAppStore } from '../store';
import { CellDetail } from './CellDetail';
import { parseLabelFilter } from './labelFilter';
import { layoutMatrix } from './matrixLayout';
import { ALL_CONNECTIONS } from './matrixQuery';
import { MatrixLegend } from './MatrixLegend';
import { MatrixTable } from './MatrixTable';
import { useMatrixRequests } from './useMatrixRequests';

function useBands() {
  const workloads = useAppStore((s) => s.matrix?.workloads);
  const filter = useAppStore((s) => s.matrixFilter);
  const collapsed = useAppStore((s) => s.collapsedNamespaces);
  return useMemo(() => {
    const labels = parseLabelFilter(filter.labels);
    return layoutMatrix(workloads ?? [], {
      namespace: filter.namespace,
      labels: labels.ok ? labels.terms : [],
      showImplicit: filter.showImplicit,
      collapsed: new Set(collapsed),
    });
  }, [workloads, filter, collapsed]);
}

export function ReachabilityView() {
  useMatrixRequests();
  const matrix = useAppStore((s) => s.matrix);
  const query = useAppStore((s) => s.matrixBasis?.query ?? ALL_CONNECTIONS);
  const busy = useAppStore((s) => s.matrixStatus.kind === 'computing');
  const bands = useBands();
  const [inspected, setInspected] = useState<string | undefined>(undefined);
  const empty = bands.length === 1;
  return (
    <div className="reachability" data-testid="reachability">
      {!matrix ? (
        <p className="muted reach-placeholder">{busy ? 'Computing who may reach whom…' : 'Add pods to the YAML to see who may reach whom.'}</p>
      ) : (
        <>
          {empty && (
            <p className="muted" data-testid="reach-empty">
              No workload matches the filters; only “outside the cluster” is left.
            </p>
          )}
          <MatrixTable matrix={matrix} query={query} bands={bands} busy={busy} onInspect={setInspected} />
          <CellDetail title={inspected} />
          <MatrixLegend />
        </>
      )}
    </div>
  );
}
