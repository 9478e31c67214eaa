import type { HopList } from './hop-list';
import { enterPod, leavePod, switchToPod, type LegContext, type LegOutcome } from './pod-side';
import type { Packet } from './types';

export { isNamespaced, type NamespacedPod } from './pod-side';

/**
 * One direction between two pods on the same node: out of one pod, switched by the bridge
 * by MAC, into the other. The frame is bridged, never routed, so the TTL does not change.
 */
export function crossBridge(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  const framed = leavePod(list, start, leg);
  if (framed === undefined) return { dropped: true, direction: 'egress' };
  const delivered = leg.beforeDelivery === undefined ? framed : leg.beforeDelivery(list, framed);
  switchToPod(list, delivered, leg.toNode, leg.to, leg.filter, leg.policy !== undefined);
  return enterPod(list, delivered, leg) ? { dropped: false } : { dropped: true, direction: 'ingress' };
}
