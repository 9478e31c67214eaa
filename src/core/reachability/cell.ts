import { contains, formatConnections, isAll, isEmpty, unionAll, type ConnectionSet } from '../policy/connection-set';
import type { CellState, ReachabilityCell, ReachabilityQuery } from './types';

/** What the pairs of a cell are, in its note. */
export type CellPairs = 'pod pairs' | 'outside address ranges';

/**
 * One cell from the connection sets of the pairs it stands for (each distinct set once: a
 * repeated set changes neither the union nor the state). Allowed when every pair is allowed for
 * the query, denied when none is, partial otherwise.
 */
export function summarizeCell(sets: readonly ConnectionSet[], query: ReachabilityQuery, what: CellPairs): ReachabilityCell {
  const all = unionAll(sets);
  const connections = formatConnections(all);
  let allowedCount: number;
  if (query.port !== undefined) {
    const protocol = query.protocol ?? 'TCP';
    allowedCount = sets.filter((s) => contains(s, protocol, query.port!)).length;
  } else if (query.protocol !== undefined) {
    // Every port of one protocol: allowed when all of it is open, partial when some is.
    const protocol = query.protocol;
    const full = sets.filter((s) => s[protocol].length === 1 && s[protocol][0]![0] === 1 && s[protocol][0]![1] === 65535).length;
    const some = sets.filter((s) => s[protocol].length > 0).length;
    const state: CellState = full === sets.length ? 'allowed' : some === 0 ? 'denied' : 'partial';
    return { state, connections, note: state === 'partial' ? `Only some ${protocol} ports, or only some ${what}.` : undefined };
  } else {
    const full = sets.filter(isAll).length;
    const none = sets.filter(isEmpty).length;
    const state: CellState = full === sets.length ? 'allowed' : none === sets.length ? 'denied' : 'partial';
    return { state, connections, note: state === 'partial' ? `Only some ports, protocols or ${what}.` : undefined };
  }
  const state: CellState = allowedCount === sets.length ? 'allowed' : allowedCount === 0 ? 'denied' : 'partial';
  return { state, connections, note: state === 'partial' ? `Allowed for some ${what} and not for others.` : undefined };
}
