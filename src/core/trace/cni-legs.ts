import type { HopList } from './hop-list';
import { ciliumBetween } from './cilium-leg';
import type { LegContext, LegOutcome } from './pod-side';
import { routeBetween } from './routed-leg';
import type { Packet } from './types';
import { weaveAcross } from './weave-leg';
import { isWeave } from '../dataplane/weave-sleeve';

/**
 * One direction between two pods that the node's bridge does not switch by itself: the CNI
 * plugin's own way where it has one — Weave's fast datapath between nodes, Cilium's eBPF
 * always — and the node's routing for the rest.
 */
export function carryBetween(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  if (isWeave(leg.plugin) && leg.fromNode !== leg.toNode) return weaveAcross(list, start, leg);
  if (leg.plugin === 'cilium-vxlan' || leg.plugin === 'cilium-native') return ciliumBetween(list, start, leg);
  return routeBetween(list, start, leg);
}
