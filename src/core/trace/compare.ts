/**
 * What an edit changed in a flow's trace: two runs of the same flow compared hop by hop.
 *
 * Hops are aligned by where they happen and what happens there (`where` + `kind`), with a
 * longest common subsequence over those keys, so a hop inserted in the middle (a policy check,
 * an encapsulation) shows as added without shifting every hop after it. An aligned hop is the
 * same, or changed when its headers (or the rule that decided it) differ from the old run's.
 */
import { diffPackets } from './packet';
import type { FieldChange, Hop, Trace, Verdict } from './types';

/** One entry of the comparison, in path order: a hop of the new run, or one the new run lost. */
export type HopComparison =
  /** Aligned with a hop of the old run, whose headers and rule it repeats exactly. */
  | { readonly kind: 'same'; readonly index: number; readonly hop: Hop; readonly beforeIndex: number; readonly before: Hop }
  /** Aligned with a hop of the old run; `fields` lists what differs, old value → new value. */
  | {
      readonly kind: 'changed';
      readonly index: number;
      readonly hop: Hop;
      readonly beforeIndex: number;
      readonly before: Hop;
      readonly fields: readonly FieldChange[];
    }
  /** A hop the old run did not have. */
  | { readonly kind: 'added'; readonly index: number; readonly hop: Hop }
  /** A hop of the old run the new one does not take; listed where it used to be. */
  | { readonly kind: 'removed'; readonly beforeIndex: number; readonly before: Hop };

/** The sections of a trace, compared each on its own (a hop never moves between them). */
export interface TraceComparison {
  /** Set only when the verdict differs between the runs. */
  readonly verdict: { readonly before: Verdict; readonly after: Verdict } | undefined;
  readonly hops: readonly HopComparison[];
  readonly reply: readonly HopComparison[];
  /** The DNS question's way to the nameserver, then the answer's way back (empty when neither run looked a name up). */
  readonly dnsHops: readonly HopComparison[];
  readonly dnsReply: readonly HopComparison[];
  /** True when no hop was added, removed or changed and the verdict is the same. */
  readonly unchanged: boolean;
}

/** The name of the field that holds the deciding rule, beside the header fields (`ip.dst`, `l4.dstPort`). */
export const RULE_FIELD = 'rule';

const NONE = '—';

const keyOf = (hop: Hop): string => `${hop.kind}@${hop.where}`;

/** The header fields that differ, then the rule when its text differs. */
export function hopDifferences(before: Hop, after: Hop): FieldChange[] {
  const fields = diffPackets(before.packet, after.packet);
  const was = before.rule?.text ?? NONE;
  const now = after.rule?.text ?? NONE;
  if (was !== now) fields.push({ field: RULE_FIELD, before: was, after: now });
  return fields;
}

/**
 * The longest common subsequence of the two key lists, as a table: `table[i][j]` is its length
 * for `before[i..]` and `after[j..]`. Traces are tens of hops, so the quadratic table is small.
 */
function lcsTable(before: readonly string[], after: readonly string[]): number[][] {
  const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    const row = table[i]!;
    const below = table[i + 1]!;
    for (let j = after.length - 1; j >= 0; j--) {
      row[j] = before[i] === after[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
    }
  }
  return table;
}

/** Compares one section (forward, reply, …) of two runs. Removed hops come before added ones at the same place. */
export function compareHops(before: readonly Hop[], after: readonly Hop[]): HopComparison[] {
  const a = before.map(keyOf);
  const b = after.map(keyOf);
  const table = lcsTable(a, b);
  const out: HopComparison[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      const was = before[i]!;
      const hop = after[j]!;
      const fields = hopDifferences(was, hop);
      out.push(
        fields.length === 0
          ? { kind: 'same', index: j, hop, beforeIndex: i, before: was }
          : { kind: 'changed', index: j, hop, beforeIndex: i, before: was, fields },
      );
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && table[i + 1]![j]! >= table[i]![j + 1]!)) {
      out.push({ kind: 'removed', beforeIndex: i, before: before[i]! });
      i++;
    } else {
      out.push({ kind: 'added', index: j, hop: after[j]! });
      j++;
    }
  }
  return out;
}

const quiet = (list: readonly HopComparison[]): boolean => list.every((c) => c.kind === 'same');

/** Compares the new run of a flow with the run before it (both traces of the same flow). */
export function compareTraces(before: Trace, after: Trace): TraceComparison {
  const verdict = before.verdict === after.verdict ? undefined : { before: before.verdict, after: after.verdict };
  const hops = compareHops(before.hops, after.hops);
  const reply = compareHops(before.reply, after.reply);
  const dnsHops = compareHops(before.dns?.hops ?? [], after.dns?.hops ?? []);
  const dnsReply = compareHops(before.dns?.reply ?? [], after.dns?.reply ?? []);
  const unchanged = verdict === undefined && quiet(hops) && quiet(reply) && quiet(dnsHops) && quiet(dnsReply);
  return { verdict, hops, reply, dnsHops, dnsReply, unchanged };
}
