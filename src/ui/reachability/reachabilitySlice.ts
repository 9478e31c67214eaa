/**
 * The reachability view: what the matrix is asked, how it is filtered, and the last matrix the
 * worker computed. Requests carry increasing ids; an answer to any but the latest is ignored.
 */
import type { StateCreator } from 'zustand';
import type { ClusterSettings, ReachabilityMatrix } from '../../core';
import type { AppState } from '../store/appState';
import { flowForCell } from './cellFlow';
import { computeInWorker, type MatrixOutcome } from './matrixClient';
import { ALL_CONNECTIONS, coreQuery, sameQuery, type MatrixQuery } from './matrixQuery';

/** The inputs one matrix was computed from. */
export interface MatrixBasis {
  readonly text: string;
  readonly settings: ClusterSettings;
  readonly query: MatrixQuery;
}

export type MatrixStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'computing'; readonly id: number; readonly basis: MatrixBasis }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string };

export interface MatrixFilter {
  /** Undefined: every namespace. */
  readonly namespace: string | undefined;
  /** As typed: `role=db, tier`. */
  readonly labels: string;
  /** Show what the simulator adds (CoreDNS), faded. */
  readonly showImplicit: boolean;
}

export interface ReachabilitySlice {
  readonly matrixQuery: MatrixQuery;
  readonly matrixFilter: MatrixFilter;
  readonly collapsedNamespaces: readonly string[];
  /** The last matrix computed, kept on screen while a newer one is computed. */
  readonly matrix: ReachabilityMatrix | undefined;
  readonly matrixBasis: MatrixBasis | undefined;
  readonly matrixStatus: MatrixStatus;
  setMatrixQuery(query: MatrixQuery): void;
  setMatrixFilter(patch: Partial<MatrixFilter>): void;
  toggleNamespace(namespace: string): void;
  /** Asks the worker for the matrix of the current model and query, unless it is already there or on its way. */
  requestMatrix(): void;
  /** Traces the flow a cell stands for and shows it in the diagram. */
  traceCell(fromId: string, toId: string): void;
}

const sameBasis = (a: MatrixBasis | undefined, b: MatrixBasis): boolean =>
  a !== undefined && a.text === b.text && a.settings === b.settings && sameQuery(a.query, b.query);

let lastId = 0;

export const createReachabilitySlice: StateCreator<AppState, [], [], ReachabilitySlice> = (set, get) => {
  const arrived = (basis: MatrixBasis, outcome: MatrixOutcome): void => {
    const status = get().matrixStatus;
    if (status.kind !== 'computing' || status.id !== outcome.id) return;
    if (outcome.ok) set({ matrix: outcome.reachability, matrixBasis: basis, matrixStatus: { kind: 'ready' } });
    else set({ matrixStatus: { kind: 'failed', message: outcome.message } });
  };
  return {
    matrixQuery: ALL_CONNECTIONS,
    matrixFilter: { namespace: undefined, labels: '', showImplicit: true },
    collapsedNamespaces: [],
    matrix: undefined,
    matrixBasis: undefined,
    matrixStatus: { kind: 'idle' },
    setMatrixQuery: (matrixQuery) => {
      if (!sameQuery(matrixQuery, get().matrixQuery)) set({ matrixQuery });
    },
    setMatrixFilter: (patch) => set({ matrixFilter: { ...get().matrixFilter, ...patch } }),
    toggleNamespace: (namespace) => {
      const collapsed = get().collapsedNamespaces;
      set({
        collapsedNamespaces: collapsed.includes(namespace) ? collapsed.filter((n) => n !== namespace) : [...collapsed, namespace],
      });
    },
    requestMatrix: () => {
      const { simulatedText, simulatedSettings, stale, model, matrixQuery, matrixBasis, matrixStatus } = get();
      // Only the text the diagram's model was built from: a text with errors keeps the last matrix.
      if (stale || !model || simulatedText === undefined || simulatedSettings === undefined) return;
      const basis: MatrixBasis = { text: simulatedText, settings: simulatedSettings, query: matrixQuery };
      if (matrixStatus.kind === 'computing' ? sameBasis(matrixStatus.basis, basis) : sameBasis(matrixBasis, basis)) return;
      lastId += 1;
      const id = lastId;
      set({ matrixStatus: { kind: 'computing', id, basis } });
      void computeInWorker({ id, text: basis.text, settings: basis.settings, query: coreQuery(basis.query) }).then((outcome) =>
        arrived(basis, outcome),
      );
    },
    traceCell: (fromId, toId) => {
      const { matrix, matrixBasis, model, flow } = get();
      const cluster = model?.cluster;
      const from = matrix?.workloads.find((w) => w.id === fromId);
      const to = matrix?.workloads.find((w) => w.id === toId);
      if (!cluster || !from || !to) return;
      const picked = flowForCell(cluster, from, to, matrixBasis?.query ?? ALL_CONNECTIONS, flow.to);
      if (!picked) return;
      get().setFlow(picked);
      set({ view: 'diagram' });
    },
  };
};
