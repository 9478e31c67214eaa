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
  switchToPod(list, framed, leg.toNode, leg.to, leg.filter, leg.policy !== undefined);
  return enterPod(list, framed, leg) ? { dropped: false } : { dropped: true, direction: 'ingress' };
}
