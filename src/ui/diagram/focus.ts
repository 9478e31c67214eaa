/**
 * Which parts of the diagram a trace is about, and where on an element the packet
 * marker sits. Pure functions over the topology, the layout and the steps.
 */
import type { Topology } from '../../core';
import type { Step } from '../store';
import type { Layout } from './layout';

/** Kinds drawn as wide frames or bars: fitting the view to them would show everything. */
const WIDE = new Set(['node', 'bridge', 'underlay']);

/** Kinds drawn as wide bars, on which the marker sits between the ports the packet uses. */
const BARS = new Set(['bridge', 'underlay']);

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The part of the canvas a trace is about: the elements the packet visits and the pods
 * they are in, and of the wide ones (the bridge) only the stretch between those; `also`, the
 * elements to show beside them (the Service the flow connects to, which is no hop).
 * Undefined when nothing is on a path.
 */
export function focusRect(topology: Topology, layout: Layout, steps: readonly Step[], also: readonly string[] = []): Rect | undefined {
  const byId = new Map(topology.elements.map((e) => [e.id, e]));
  const narrow = new Set<string>();
  const wide = new Set<string>();
  for (const { hop } of steps) {
    const element = byId.get(hop.where);
    if (!element) continue;
    if (WIDE.has(element.kind)) {
      wide.add(element.id);
      continue;
    }
    narrow.add(element.id);
    const parent = element.parent === undefined ? undefined : byId.get(element.parent);
    if (parent?.kind === 'pod') narrow.add(parent.id);
  }
  if (narrow.size === 0) return undefined;
  for (const id of also) narrow.add(id);
  const boxes = [...narrow].flatMap((id) => layout.get(id) ?? []);
  if (boxes.length === 0) return undefined;
  const left = Math.min(...boxes.map((b) => b.absX));
  const right = Math.max(...boxes.map((b) => b.absX + b.width));
  let top = Math.min(...boxes.map((b) => b.absY));
  let bottom = Math.max(...boxes.map((b) => b.absY + b.height));
  for (const id of wide) {
    const bar = layout.get(id);
    if (!bar || byId.get(id)?.kind === 'node') continue;
    // A bridge or the node network adds its height, not its width.
    top = Math.min(top, bar.absY);
    bottom = Math.max(bottom, bar.absY + bar.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Ids of elements drawn as wide bars (bridges, the node network), where the marker sits between the ports in use. */
export function barIds(topology: Topology): ReadonlySet<string> {
  return new Set(topology.elements.filter((e) => BARS.has(e.kind)).map((e) => e.id));
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

const BAR_MARGIN = 60;

/**
 * Where the marker sits for a step: the middle of the element's bottom edge; on a bar,
 * between the elements the packet comes from and goes to (the two bridge ports, or the
 * two nodes' eth0 on the node network).
 */
export function markerPoint(layout: Layout, steps: readonly Step[], index: number, bars: ReadonlySet<string>): Point | undefined {
  const where = steps[index]?.hop.where;
  const place = where === undefined ? undefined : layout.get(where);
  if (!where || !place) return undefined;
  const y = place.absY + place.height;
  if (!bars.has(where)) return { x: place.absX + place.width / 2, y };
  const centreOf = (step: Step | undefined): number | undefined => {
    const p = step ? layout.get(step.hop.where) : undefined;
    return p ? p.absX + p.width / 2 : undefined;
  };
  const before = centreOf(steps.slice(0, index).reverse().find((s) => s.hop.where !== where));
  const after = centreOf(steps.slice(index + 1).find((s) => s.hop.where !== where));
  const known = [before, after].filter((x): x is number => x !== undefined);
  if (known.length === 0) return { x: place.absX + place.width / 2, y };
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  const margin = Math.min(BAR_MARGIN, place.width / 2);
  return { x: Math.min(Math.max(mean, place.absX + margin), place.absX + place.width - margin), y };
}
