/**
 * The packet: a small badge at the bottom edge of the element of the current hop
 * that glides (a CSS transition) to the next one. Red on a refusal or a drop, blue on the way back.
 * While the packet is encapsulated the badge sits inside an envelope that names the outer
 * headers; the envelope goes when the packet is decapsulated.
 */
import { ViewportPortal } from '@xyflow/react';
import { useAppStore } from '../store';
import { selectSteps } from '../store/selectors';
import { markerPoint } from './focus';
import type { Layout } from './layout';
import { markerLabel } from './markerLabel';
import { outerLabel } from './outerLabel';

interface Props {
  readonly layout: Layout;
  readonly bars: ReadonlySet<string>;
}

export function PacketMarker({ layout, bars }: Props) {
  const steps = useAppStore(selectSteps);
  const index = useAppStore((s) => s.step);
  const step = steps[index];
  const point = markerPoint(layout, steps, index, bars);
  if (!step || !point) return null;
  const tone = step.hop.kind === 'refuse' || step.hop.kind === 'drop' ? step.hop.kind : step.direction;
  const { outer } = step.hop.packet;
  const classes = ['packet-marker', `marker-${tone}`, outer ? 'marker-encapsulated' : ''].filter(Boolean).join(' ');
  return (
    <ViewportPortal>
      <div
        className={classes}
        data-testid="packet-marker"
        data-where={step.hop.where}
        data-tone={tone}
        data-encapsulated={outer ? 'true' : 'false'}
        style={{ transform: `translate(${point.x}px, ${point.y}px) translate(-50%, -50%)` }}
        role="status"
        aria-label={`packet at ${step.hop.where}${outer ? `, encapsulated: ${outerLabel(outer)}` : ''}`}
      >
        {outer && (
          <span className="marker-outer" data-testid="marker-outer">
            {outerLabel(outer)}
          </span>
        )}
        <span className="marker-inner">
          {step.direction === 'reply' && <span className="marker-tag">reply</span>}
          {step.direction === 'dns' && <span className="marker-tag">DNS</span>}
          {step.hop.kind === 'refuse' && <span className="marker-tag">refused</span>}
          {step.hop.kind === 'drop' && <span className="marker-tag">dropped</span>}
          <span className="marker-text">{markerLabel(step.hop)}</span>
        </span>
      </div>
    </ViewportPortal>
  );
}
