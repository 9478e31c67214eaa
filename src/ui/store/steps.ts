/**
 * The trace as one list the player walks through: the DNS lookup when the destination was a
 * name (its question's way to CoreDNS and the answer's way back), then forward hops, then reply hops.
 * Derived from the trace result, memoised per result, never stored twice.
 */
import type { Hop, TraceResult } from '../../core';

export type Direction = 'dns' | 'forward' | 'reply';

export interface Step {
  /** Position in the combined list; what the step index points at. */
  readonly index: number;
  readonly direction: Direction;
  /** Position inside its own direction's list. */
  readonly hopIndex: number;
  readonly hop: Hop;
}

const EMPTY: readonly Step[] = [];
const cache = new WeakMap<TraceResult, readonly Step[]>();

export function stepsOf(result: TraceResult | undefined): readonly Step[] {
  if (!result || !result.ok) return EMPTY;
  const cached = cache.get(result);
  if (cached) return cached;
  const { hops, reply, dns } = result.trace;
  const steps: Step[] = [
    ...[...(dns?.hops ?? []), ...(dns?.reply ?? [])].map((hop, hopIndex) => ({ direction: 'dns' as const, hopIndex, hop })),
    ...hops.map((hop, hopIndex) => ({ direction: 'forward' as const, hopIndex, hop })),
    ...reply.map((hop, hopIndex) => ({ direction: 'reply' as const, hopIndex, hop })),
  ].map((s, index) => ({ ...s, index }));
  cache.set(result, steps);
  return steps;
}

/** Element ids the packet visits, in either direction. */
const pathCache = new WeakMap<readonly Step[], ReadonlySet<string>>();

export function pathOf(steps: readonly Step[]): ReadonlySet<string> {
  const cached = pathCache.get(steps);
  if (cached) return cached;
  const path = new Set(steps.map((s) => s.hop.where));
  pathCache.set(steps, path);
  return path;
}
