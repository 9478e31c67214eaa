import { beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import { DEFAULT_SETTINGS, type ReachabilityMatrix } from '../../core';
import { matrixFromCells } from './testMatrix';
import type { AppState } from '../store/appState';
import type { MatrixOutcome } from './matrixClient';
import type { MatrixRequest } from './workerProtocol';
import { createReachabilitySlice } from './reachabilitySlice';

/** The worker, played by hand: each request waits until the test answers it. */
const calls: { request: MatrixRequest; answer: (outcome: MatrixOutcome) => void }[] = [];
vi.mock('./matrixClient', () => ({
  computeInWorker: (request: MatrixRequest) => new Promise<MatrixOutcome>((answer) => calls.push({ request, answer })),
}));

const matrixFor = (label: string): ReachabilityMatrix => matrixFromCells({ query: {}, workloads: [], cells: {}, enforced: label !== '' });

/** Only what the slice reads from the rest of the store. */
function store() {
  return create<AppState>()((set, get, api) => {
    const rest = { simulatedText: 'text', simulatedSettings: DEFAULT_SETTINGS, stale: false, model: {} } as unknown as AppState;
    return { ...rest, ...createReachabilitySlice(set, get, api) };
  });
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reachability slice', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('shows only the answer to its latest request', async () => {
    const s = store();
    s.getState().requestMatrix();
    s.getState().setMatrixQuery({ kind: 'port', port: 3306, protocol: 'TCP' });
    s.getState().requestMatrix();
    expect(calls.map((c) => c.request.query)).toEqual([{}, { port: 3306, protocol: 'TCP' }]);
    expect(s.getState().matrixStatus.kind).toBe('computing');

    calls[1]!.answer({ id: calls[1]!.request.id, ok: true, reachability: matrixFor('new') });
    await flush();
    calls[0]!.answer({ id: calls[0]!.request.id, ok: true, reachability: matrixFor('') });
    await flush();
    expect(s.getState().matrix?.enforced).toBe(true);
    expect(s.getState().matrixBasis?.query).toEqual({ kind: 'port', port: 3306, protocol: 'TCP' });
    expect(s.getState().matrixStatus.kind).toBe('ready');
  });

  it('does not ask again for what it has, nor while the text has errors', async () => {
    const s = store();
    s.getState().requestMatrix();
    s.getState().requestMatrix();
    expect(calls).toHaveLength(1);
    calls[0]!.answer({ id: calls[0]!.request.id, ok: true, reachability: matrixFor('x') });
    await flush();
    s.getState().requestMatrix();
    expect(calls).toHaveLength(1);
    s.setState({ stale: true, simulatedText: 'broken' });
    s.getState().requestMatrix();
    expect(calls).toHaveLength(1);
  });

  it('keeps the last matrix when a request fails, and says why', async () => {
    const s = store();
    s.getState().requestMatrix();
    calls[0]!.answer({ id: calls[0]!.request.id, ok: true, reachability: matrixFor('x') });
    await flush();
    s.setState({ simulatedText: 'other' });
    s.getState().requestMatrix();
    calls[1]!.answer({ id: calls[1]!.request.id, ok: false, message: 'no worker' });
    await flush();
    expect(s.getState().matrix).toBeDefined();
    expect(s.getState().matrixStatus).toEqual({ kind: 'failed', message: 'no worker' });
  });
});
