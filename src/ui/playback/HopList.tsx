/** Every hop as a row: forward, a "reply" separator, reply. Click to jump. */
import { memo, useEffect, useRef } from 'react';
import { useAppStore } from '../store';
import type { Step } from '../store';
import { selectSteps } from '../store/selectors';
import { hopTone } from '../inspector/policyWords';
import { ShieldIcon } from '../inspector/ShieldIcon';
import { HopKindIcon } from '../hops/HopKindIcon';
import { HOP_KIND_WORDS } from '../hops/hopKindWords';

interface RowProps {
  readonly step: Step;
  readonly current: boolean;
}

const HopRow = memo(function HopRow({ step, current }: RowProps) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const { hop, index, direction } = step;
  const tone = hopTone(hop.kind);
  return (
    <li
      ref={ref}
      data-testid={`hop-row-${index}`}
      data-kind={hop.kind}
      data-direction={direction}
      aria-current={current ? 'step' : undefined}
      className={`hop-row hop-${direction}${current ? ' current' : ''}${tone ? ` ${tone}` : ''}`}
    >
      <button type="button" onClick={() => useAppStore.getState().goTo(index)}>
        <span className="hop-number">{index + 1}</span>
        <span className="hop-kind" title={`${hop.kind}: ${HOP_KIND_WORDS[hop.kind].description}`}>
          {tone === 'policy' || tone === 'drop' ? <ShieldIcon /> : <HopKindIcon kind={hop.kind} />}
          {HOP_KIND_WORDS[hop.kind].short}
        </span>
        <span className="hop-summary">{hop.summary}</span>
      </button>
    </li>
  );
});

export function HopList() {
  const steps = useAppStore(selectSteps);
  const current = useAppStore((s) => s.step);
  if (steps.length === 0) return <p className="muted">No hops to show.</p>;
  const firstReply = steps.findIndex((s) => s.direction === 'reply');
  const firstDns = steps.findIndex((s) => s.direction === 'dns');
  const firstForward = steps.findIndex((s) => s.direction === 'forward');
  const separator = (name: string, label: string) => (
    <li key={`${name}-separator`} className="hop-separator" data-testid={`${name}-separator`} role="separator">
      {label}
    </li>
  );
  return (
    <ol className="hop-list" data-testid="hop-list" aria-label="Hops">
      {steps.flatMap((step) => {
        const row = <HopRow key={step.index} step={step} current={step.index === current} />;
        if (step.index === firstDns) return [separator('dns', 'DNS lookup'), row];
        if (step.index === firstForward && firstDns >= 0) return [separator('connection', 'connection'), row];
        if (step.index === firstReply) return [separator('reply', 'reply'), row];
        return [row];
      })}
    </ol>
  );
}
