/**
 * Every hop as a row: forward, a "reply" separator, reply. Click to jump. After an edit, each
 * row says whether the hop is new or changed against the run before, and the hops the new run
 * no longer takes stay listed, struck out, where they used to be.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { FieldChange, Hop } from '../../core';
import { useAppStore } from '../store';
import type { Direction, Step } from '../store';
import { comparisonOf } from '../store/flowList';
import { selectSteps } from '../store/selectors';
import { hopTone } from '../inspector/policyWords';
import { ShieldIcon } from '../inspector/ShieldIcon';
import { HopKindIcon } from '../hops/HopKindIcon';
import { HOP_KIND_WORDS } from '../hops/hopKindWords';
import { fieldLines, hopRows, type HopMark, type HopRowData } from './hopRows';
import '../flows/flows.css';

interface RowProps {
  readonly step: Step;
  readonly current: boolean;
  readonly mark: HopMark | undefined;
  readonly fields: readonly FieldChange[];
}

function KindCell({ hop }: { readonly hop: Hop }) {
  const tone = hopTone(hop.kind);
  return (
    <span className="hop-kind" title={`${hop.kind}: ${HOP_KIND_WORDS[hop.kind].description}`}>
      {tone === 'policy' || tone === 'drop' ? <ShieldIcon /> : <HopKindIcon kind={hop.kind} />}
      {HOP_KIND_WORDS[hop.kind].short}
    </span>
  );
}

/** "new" or "changed" beside the summary; a changed hop's tooltip lists its fields, old → new. */
function MarkTag({ mark, fields }: { readonly mark: HopMark | undefined; readonly fields: readonly FieldChange[] }) {
  if (mark === 'added') return <span className="hop-mark hop-mark-added">new</span>;
  if (mark !== 'changed') return null;
  const lines = fieldLines(fields);
  return (
    <span className="hop-mark hop-mark-changed" title={`Changed since the last run:\n${lines}`}>
      changed<span className="visually-hidden">: {lines}</span>
    </span>
  );
}

const HopRow = memo(function HopRow({ step, current, mark, fields }: RowProps) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const { hop, index, direction } = step;
  const tone = hopTone(hop.kind);
  const marked = mark === 'added' || mark === 'changed' ? ` hop-${mark}` : '';
  return (
    <li
      ref={ref}
      data-testid={`hop-row-${index}`}
      data-kind={hop.kind}
      data-direction={direction}
      data-change={mark}
      aria-current={current ? 'step' : undefined}
      className={`hop-row hop-${direction}${current ? ' current' : ''}${tone ? ` ${tone}` : ''}${marked}`}
    >
      <button type="button" onClick={() => useAppStore.getState().goTo(index)}>
        <span className="hop-number">{index + 1}</span>
        <KindCell hop={hop} />
        <span className="hop-summary">
          <MarkTag mark={mark} fields={fields} />
          {hop.summary}
        </span>
      </button>
    </li>
  );
});

/** A hop of the run before the edit that this run does not take: not a step, so not a button. */
function RemovedRow({ hop, direction, id }: { readonly hop: Hop; readonly direction: Direction; readonly id: string }) {
  return (
    <li className={`hop-row hop-${direction} hop-removed`} data-testid={`hop-${id}`} data-kind={hop.kind} data-direction={direction} data-change="removed">
      <div className="hop-removed-body" title="This hop was on the path before your edit; the new run does not take it.">
        <span className="hop-number" aria-hidden="true">
          −
        </span>
        <KindCell hop={hop} />
        <span className="hop-summary">
          <span className="hop-mark hop-mark-removed">gone</span>
          <del>{hop.summary}</del>
        </span>
      </div>
    </li>
  );
}

const SEPARATORS: Readonly<Record<Direction, { readonly name: string; readonly label: string }>> = {
  dns: { name: 'dns', label: 'DNS lookup' },
  forward: { name: 'connection', label: 'connection' },
  reply: { name: 'reply', label: 'reply' },
};

const directionOf = (row: HopRowData): Direction => (row.kind === 'step' ? row.step.direction : row.direction);

export function HopList() {
  const steps = useAppStore(selectSteps);
  const current = useAppStore((s) => s.step);
  const comparison = useAppStore((s) => comparisonOf(s.flows[s.flowIndex]));
  // Once per trace, not per step: the rows keep their props, so a step re-renders only the two rows whose `current` changes.
  const rows = useMemo(() => hopRows(steps, comparison), [steps, comparison]);
  if (steps.length === 0) return <p className="muted">No hops to show.</p>;
  const separator = (direction: Direction) => (
    <li key={`${SEPARATORS[direction].name}-separator`} className="hop-separator" data-testid={`${SEPARATORS[direction].name}-separator`} role="separator">
      {SEPARATORS[direction].label}
    </li>
  );
  return (
    <ol className="hop-list" data-testid="hop-list" aria-label="Hops">
      {rows.flatMap((row, i) => {
        const direction = directionOf(row);
        const previous = i === 0 ? undefined : directionOf(rows[i - 1]!);
        // The connection needs no heading when it is all there is; a DNS lookup or a reply always gets one.
        const heading = direction !== previous && (direction !== 'forward' || previous === 'dns') ? [separator(direction)] : [];
        const item =
          row.kind === 'step' ? (
            <HopRow key={row.step.index} step={row.step} current={row.step.index === current} mark={row.mark} fields={row.fields} />
          ) : (
            <RemovedRow key={row.key} hop={row.hop} direction={row.direction} id={row.key} />
          );
        return [...heading, item];
      })}
    </ol>
  );
}
