/** The chosen flow and what the core traced for it. */
import type { StateCreator } from 'zustand';
import { traceFlow } from '../../core';
import type { Flow, TraceResult } from '../../core';
import { DEFAULT_FLOW, pickFlow } from './pickFlow';
import { stepsOf } from './steps';
import type { AppState } from './appState';

export interface FlowSlice {
  readonly flow: Flow;
  /** Which of a Service's endpoints the trace takes (an index into the trace's `service.endpoints`); the core's seeded pick when undefined. */
  readonly endpointPin: number | undefined;
  /** Undefined until a model exists, or when the cluster has no pods. */
  readonly result: TraceResult | undefined;
  /** Picks a new flow and starts its trace from the first hop. */
  setFlow(flow: Flow): void;
  /** Traces the flow again on the current model (after an edit), keeping the step when it still exists. */
  retrace(): void;
  /** Follows another endpoint of the Service (or the seeded pick again, with undefined), from the first hop. */
  pinEndpoint(index: number | undefined): void;
}

function traceOn(state: AppState, wanted: Flow, endpoint: number | undefined): { flow: Flow; result: TraceResult | undefined } {
  const cluster = state.model?.cluster;
  if (!cluster) return { flow: wanted, result: undefined };
  const flow = pickFlow(cluster, wanted);
  if (!flow) return { flow: wanted, result: undefined };
  return { flow, result: traceFlow(cluster, flow, endpoint === undefined ? {} : { endpoint }) };
}

export const createFlowSlice: StateCreator<AppState, [], [], FlowSlice> = (set, get) => ({
  flow: DEFAULT_FLOW,
  endpointPin: undefined,
  result: undefined,
  setFlow: (wanted) => {
    set({ ...traceOn(get(), wanted, undefined), endpointPin: undefined, step: 0, playing: false });
  },
  pinEndpoint: (index) => {
    set({ ...traceOn(get(), get().flow, index), endpointPin: index, step: 0, playing: false });
  },
  retrace: () => {
    const next = traceOn(get(), get().flow, get().endpointPin);
    const last = Math.max(0, stepsOf(next.result).length - 1);
    set({ ...next, step: Math.min(get().step, last) });
  },
});
