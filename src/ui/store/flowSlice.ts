/**
 * The scenario's flows and what the core traced for each. One is selected: its flow, endpoint
 * choice and result are also the slice's `flow`, `endpointPin` and `result`, which the diagram,
 * hop list and inspector read as before. Both are written together, only here.
 */
import type { StateCreator } from 'zustand';
import { traceFlow } from '../../core';
import type { Flow, ScenarioFlow, TraceResult } from '../../core';
import { freshEntry, retraced, splitScenarioFlow, withoutComparison, withoutFlow, type FlowEntry, type Tracer } from './flowList';
import { DEFAULT_FLOW, pickFlow } from './pickFlow';
import { stepsOf } from './steps';
import type { AppState } from './appState';

export type { FlowEntry } from './flowList';

export interface FlowSlice {
  /** The selected flow (the same as `flows[flowIndex].flow`). */
  readonly flow: Flow;
  /** Which of a Service's endpoints the trace takes (an index into the trace's `service.endpoints`); the core's seeded pick when undefined. */
  readonly endpointPin: number | undefined;
  /** Undefined until a model exists, or when the cluster has no pods. */
  readonly result: TraceResult | undefined;
  /** Every flow of the scenario, in the order the person added them; never empty. */
  readonly flows: readonly FlowEntry[];
  readonly flowIndex: number;
  /** Changes the selected flow and starts its trace from the first hop. */
  setFlow(flow: Flow): void;
  /** Traces every flow again on the current model (after an edit), keeping the step when it still exists. */
  retrace(): void;
  /** Follows another endpoint of the Service (or the seeded pick again, with undefined), from the first hop. */
  pinEndpoint(index: number | undefined): void;
  /** Adds a copy of the selected flow after the others and selects it, for the picker to change. */
  addFlow(): void;
  removeFlow(index: number): void;
  selectFlow(index: number): void;
  /** Forgets the selected flow's earlier run: the page stops showing what the last edit changed. */
  dismissComparison(): void;
  /** Puts a list of flows on the page (a scenario's, or the list this browser kept), each traced fresh. */
  replaceFlows(flows: readonly ScenarioFlow[], index: number): void;
}

function tracerOn(state: AppState): Tracer {
  const cluster = state.model?.cluster;
  return (wanted, endpoint) => {
    if (!cluster) return { flow: wanted, result: undefined };
    const flow = pickFlow(cluster, wanted);
    if (!flow) return { flow: wanted, result: undefined };
    return { flow, result: traceFlow(cluster, flow, endpoint === undefined ? {} : { endpoint }) };
  };
}

/** The list and the selection, with the selected entry's fields copied to the top. */
function selecting(flows: readonly FlowEntry[], index: number): Pick<FlowSlice, 'flows' | 'flowIndex' | 'flow' | 'endpointPin' | 'result'> {
  const flowIndex = Math.min(Math.max(0, index), flows.length - 1);
  const entry = flows[flowIndex]!;
  return { flows, flowIndex, flow: entry.flow, endpointPin: entry.endpointPin, result: entry.result };
}

/** The list with the selected entry replaced. */
const replacingSelected = (state: AppState, entry: FlowEntry): readonly FlowEntry[] =>
  state.flows.map((e, i) => (i === state.flowIndex ? entry : e));

const FIRST_HOP = { step: 0, playing: false } as const;

/**
 * Runs closer together than this are one edit. The simulation runs 250 ms after the last key,
 * so a pause of up to about three quarters of a second in typing still continues the same edit.
 */
export const ONE_EDIT_MS = 1000;

export const createFlowSlice =
  (initial: { readonly flows: readonly ScenarioFlow[]; readonly flowIndex: number } | undefined): StateCreator<AppState, [], [], FlowSlice> =>
  (set, get) => {
    let lastRetrace = Number.NEGATIVE_INFINITY;
    const start = (initial && initial.flows.length > 0 ? initial.flows : [DEFAULT_FLOW]).map((f): FlowEntry => {
      const { flow, endpoint } = splitScenarioFlow(f);
      return { flow, endpointPin: endpoint, result: undefined, previous: undefined };
    });
    return {
      ...selecting(start, initial?.flowIndex ?? 0),
      setFlow: (wanted) => {
        const state = get();
        const entry = freshEntry(tracerOn(state), wanted, undefined);
        set({ ...selecting(replacingSelected(state, entry), state.flowIndex), ...FIRST_HOP });
      },
      pinEndpoint: (index) => {
        const state = get();
        const entry = freshEntry(tracerOn(state), state.flow, index);
        set({ ...selecting(replacingSelected(state, entry), state.flowIndex), ...FIRST_HOP });
      },
      retrace: () => {
        const state = get();
        const tracer = tracerOn(state);
        const now = performance.now();
        const continuing = now - lastRetrace < ONE_EDIT_MS;
        lastRetrace = now;
        const next = selecting(
          state.flows.map((e) => retraced(e, tracer, continuing)),
          state.flowIndex,
        );
        const last = Math.max(0, stepsOf(next.result).length - 1);
        set({ ...next, step: Math.min(state.step, last) });
      },
      addFlow: () => {
        const state = get();
        const copy = withoutComparison(state.flows[state.flowIndex]!);
        set({ ...selecting([...state.flows, copy], state.flows.length), ...FIRST_HOP });
      },
      removeFlow: (index) => {
        const state = get();
        const { flows, selected } = withoutFlow(state.flows, state.flowIndex, index);
        if (flows === state.flows) return;
        // Removing the flow on screen shows its neighbour from the first hop; removing another keeps the step.
        set({ ...selecting(flows, selected), ...(index === state.flowIndex ? FIRST_HOP : {}) });
      },
      selectFlow: (index) => {
        const state = get();
        if (index === state.flowIndex || index < 0 || index >= state.flows.length) return;
        set({ ...selecting(state.flows, index), ...FIRST_HOP });
      },
      dismissComparison: () => {
        const state = get();
        set({ flows: replacingSelected(state, withoutComparison(state.flows[state.flowIndex]!)) });
      },
      replaceFlows: (flows, index) => {
        if (flows.length === 0) return;
        const tracer = tracerOn(get());
        const entries = flows.map((f) => {
          const { flow, endpoint } = splitScenarioFlow(f);
          return freshEntry(tracer, flow, endpoint);
        });
        set({ ...selecting(entries, index), ...FIRST_HOP });
      },
    };
  };
