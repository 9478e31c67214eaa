/**
 * The scenario's flows as a list: each with its own trace and endpoint choice, and the run
 * before the last edit that changed it, so the page can show what the edit did. Plain data in,
 * plain data out; the tracing itself is the core's, passed in as `Tracer`.
 */
import { compareTraces } from '../../core';
import type { Flow, ScenarioFlow, TraceComparison, TraceResult } from '../../core';

export interface FlowEntry {
  readonly flow: Flow;
  /** Which of a Service's endpoints the trace takes; the core's seeded pick when undefined. */
  readonly endpointPin: number | undefined;
  /** Undefined until a model exists, or when the cluster has no pods. */
  readonly result: TraceResult | undefined;
  /**
   * The run this one replaced when an edit changed it, to compare with. Undefined before the
   * first edit, after a dismiss, and once the flow itself is changed (another flow is not a replay).
   */
  readonly previous: TraceResult | undefined;
  /**
   * The edit going on: the run before it began and what `previous` was then. Runs that follow
   * one another quickly are one edit (a word typed key by key), compared as a whole with `base`.
   */
  readonly edit?: { readonly base: TraceResult | undefined; readonly previous: TraceResult | undefined };
}

/** Traces a flow on the current model: the flow it could trace (kept pointing at things that exist) and the result. */
export type Tracer = (flow: Flow, endpoint: number | undefined) => { readonly flow: Flow; readonly result: TraceResult | undefined };

/** A flow traced for the first time (no earlier run to compare with). */
export function freshEntry(tracer: Tracer, flow: Flow, endpointPin: number | undefined): FlowEntry {
  return { ...tracer(flow, endpointPin), endpointPin, previous: undefined };
}

/** Whether two runs tell the same story: the same hops, headers, rules and verdict, or the same error. */
function sameRun(a: TraceResult | undefined, b: TraceResult | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.ok && b.ok) return compareTraces(a.trace, b.trace).unchanged;
  if (!a.ok && !b.ok) return a.error.code === b.error.code && a.error.message === b.error.message;
  return false;
}

/**
 * The entry traced again after an edit. The run before the edit becomes the one to compare
 * with, unless the edit did not change this flow's trace: then the earlier comparison stays, so
 * editing another part of the YAML does not wipe it out.
 *
 * `continuing` says this run follows the last one closely enough to be the same edit: the
 * comparison is then still with the run before the edit began, not with a half-typed state.
 */
export function retraced(entry: FlowEntry, tracer: Tracer, continuing: boolean): FlowEntry {
  const next = tracer(entry.flow, entry.endpointPin);
  if (next.flow !== entry.flow) return { ...next, endpointPin: entry.endpointPin, previous: undefined };
  const edit = continuing && entry.edit ? entry.edit : { base: entry.result, previous: entry.previous };
  const previous = sameRun(edit.base, next.result) ? edit.previous : edit.base;
  return { flow: entry.flow, endpointPin: entry.endpointPin, result: next.result, previous, edit };
}

/** The entry with nothing to compare: the next edit starts afresh from the run on screen. */
export const withoutComparison = (entry: FlowEntry): FlowEntry => ({
  flow: entry.flow,
  endpointPin: entry.endpointPin,
  result: entry.result,
  previous: undefined,
});

const comparisons = new WeakMap<FlowEntry, TraceComparison | undefined>();

/** What the last edit changed in this flow's trace; undefined when there is nothing to compare or nothing changed. */
export function comparisonOf(entry: FlowEntry | undefined): TraceComparison | undefined {
  if (!entry) return undefined;
  if (comparisons.has(entry)) return comparisons.get(entry);
  const { previous, result } = entry;
  const comparison = previous?.ok && result?.ok ? compareTraces(previous.trace, result.trace) : undefined;
  const shown = comparison?.unchanged === false ? comparison : undefined;
  comparisons.set(entry, shown);
  return shown;
}

/** The list without the entry at `index`, and which entry is selected afterwards. The last flow is never removed. */
export function withoutFlow(flows: readonly FlowEntry[], selected: number, index: number): { flows: readonly FlowEntry[]; selected: number } {
  if (flows.length <= 1 || index < 0 || index >= flows.length) return { flows, selected };
  const rest = flows.filter((_, i) => i !== index);
  if (index < selected) return { flows: rest, selected: selected - 1 };
  if (index > selected) return { flows: rest, selected };
  return { flows: rest, selected: Math.min(index, rest.length - 1) };
}

/** The flow as a scenario (and the stored list) write it: the endpoint choice only when there is one. */
export const scenarioFlowOf = (entry: FlowEntry): ScenarioFlow =>
  entry.endpointPin === undefined ? entry.flow : { ...entry.flow, endpoint: entry.endpointPin };

/** A scenario's flow, without the endpoint choice, and that choice. */
export function splitScenarioFlow(flow: ScenarioFlow): { flow: Flow; endpoint: number | undefined } {
  const { endpoint, ...rest } = flow;
  return { flow: rest, endpoint };
}
