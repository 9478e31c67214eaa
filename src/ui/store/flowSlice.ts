/** The chosen flow and what the core traced for it. */
import type { StateCreator } from 'zustand';
import { traceFlow } from '../../core';
import type { Flow, TraceResult } from '../../core';
import { DEFAULT_FLOW, pickFlow } from './pickFlow';
import { stepsOf } from './steps';
import type { AppState } from './appState';

export interface FlowSlice {
  readonly flow: Flow;
  /** Undefined until a model exists, or when the cluster has no pods. */
  readonly result: TraceResult | undefined;
  /** Picks a new flow and starts its trace from the first hop. */
  setFlow(flow: Flow): void;
  /** Traces the flow again on the current model (after an edit), keeping the step when it still exists. */
  retrace(): void;
}

function traceOn(state: AppState, wanted: Flow): { flow: Flow; result: TraceResult | undefined } {
  const cluster = state.model?.cluster;
  if (!cluster) return { flow: wanted, result: undefined };
  const flow = pickFlow(cluster, wanted);
  if (!flow) return { flow: wanted, result: undefined };
  return { flow, result: traceFlow(cluster, flow) };
}

export const createFlowSlice: StateCreator<AppState, [], [], FlowSlice> = (set, get) => ({
  flow: DEFAULT_FLOW,
  result: undefined,
  setFlow: (wanted) => {
    set({ ...traceOn(get(), wanted), step: 0, playing: false });
  },
  retrace: () => {
    const next = traceOn(get(), get().flow);
    const last = Math.max(0, stepsOf(next.result).length - 1);
    set({ ...next, step: Math.min(get().step, last) });
  },
});
