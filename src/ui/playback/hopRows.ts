/**
 * The hop list's rows: every step of the trace, and after an edit what each one is against
 * the run before (same, changed, added) with the old run's lost hops in their old places.
 * The comparison itself is the core's; this only lays it out in the player's order.
 */
import type { FieldChange, Hop, HopComparison, TraceComparison } from '../../core';
import type { Direction, Step } from '../store/steps';

export type HopMark = 'same' | 'changed' | 'added';

export type HopRowData =
  | {
      readonly kind: 'step';
      readonly step: Step;
      /** Undefined when there is no earlier run to compare with. */
      readonly mark: HopMark | undefined;
      /** For a changed hop: old value → new value of each field that differs. */
      readonly fields: readonly FieldChange[];
    }
  | {
      readonly kind: 'removed';
      readonly direction: Direction;
      readonly hop: Hop;
      /** Unique among the rows, for React keys and test ids. */
      readonly key: string;
    };

const stepRow = (step: Step): HopRowData => ({ kind: 'step', step, mark: undefined, fields: [] });

/**
 * The rows in path order. The comparison's sections follow the player's order (DNS question,
 * DNS answer, forward, reply); each of its hops that is not removed is the next step. When the
 * two disagree (they come from different results), the steps are listed unmarked.
 */
export function hopRows(steps: readonly Step[], comparison: TraceComparison | undefined): readonly HopRowData[] {
  if (!comparison) return steps.map(stepRow);
  const sections: readonly (readonly [Direction, readonly HopComparison[]])[] = [
    ['dns', comparison.dnsHops],
    ['dns', comparison.dnsReply],
    ['forward', comparison.hops],
    ['reply', comparison.reply],
  ];
  const rows: HopRowData[] = [];
  let next = 0;
  let removed = 0;
  for (const [direction, list] of sections) {
    for (const item of list) {
      if (item.kind === 'removed') {
        rows.push({ kind: 'removed', direction, hop: item.before, key: `removed-${removed++}` });
        continue;
      }
      const step = steps[next++];
      if (!step || step.hop !== item.hop) return steps.map(stepRow);
      rows.push({ kind: 'step', step, mark: item.kind, fields: item.kind === 'changed' ? item.fields : [] });
    }
  }
  return next === steps.length ? rows : steps.map(stepRow);
}

/** The numbers a person reads in the summary line: "2 hops added, 3 removed, 1 changed". */
export function changeCounts(comparison: TraceComparison): { added: number; removed: number; changed: number } {
  const all = [...comparison.dnsHops, ...comparison.dnsReply, ...comparison.hops, ...comparison.reply];
  return {
    added: all.filter((c) => c.kind === 'added').length,
    removed: all.filter((c) => c.kind === 'removed').length,
    changed: all.filter((c) => c.kind === 'changed').length,
  };
}

/** `ip.dst 10.244.0.3 → 10.244.1.2`, one field a line, for a tooltip. */
export const fieldLines = (fields: readonly FieldChange[]): string => fields.map((f) => `${f.field}: ${f.before} → ${f.after}`).join('\n');
