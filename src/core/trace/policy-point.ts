import type { CniPlugin } from '../cluster/types';

/**
 * Where a plugin's policy engine judges one side of a connection, as a phrase that follows
 * "leaving <pod>" or "entering <pod>" in a policy hop:
 * - Calico's Felix: `cali-fw-<iface>` (from the workload: its egress) and `cali-tw-<iface>`
 *   (to the workload: its ingress).
 * - weave-npc, through iptables FORWARD (br_netfilter makes bridged frames pass it):
 *   `-i weave -j WEAVE-NPC-EGRESS` for frames that enter the bridge from a local pod, which
 *   jumps to WEAVE-NPC-EGRESS-DEFAULT and WEAVE-NPC-EGRESS-CUSTOM (accepted ones get mark
 *   0x40000); `-o weave -j WEAVE-NPC` for frames that leave the bridge to a local pod, where
 *   new connections go through WEAVE-NPC-DEFAULT and WEAVE-NPC-INGRESS. What no rule accepts
 *   is logged (`NFLOG --nflog-group 86`) and dropped.
 * - Cilium: no chain; the endpoint's eBPF policy map, looked up by the other end's security
 *   identity — by bpf_lxc on the way out of the pod, by the endpoint's policy program (which
 *   bpf_host or bpf_overlay tail-call) on the way in. Pod-to-pod hops are cilium-leg.ts's own.
 * Other plugins name no chain.
 */
export function enforcementPoint(plugin: CniPlugin, direction: 'egress' | 'ingress', veth: string): string {
  if (plugin.startsWith('calico')) return ` in Felix's chain ${direction === 'egress' ? 'cali-fw' : 'cali-tw'}-${veth}`;
  if (plugin === 'weave' || plugin === 'weave-sleeve') {
    return direction === 'egress'
      ? " in weave-npc's chain WEAVE-NPC-EGRESS (iptables FORWARD -i weave), through WEAVE-NPC-EGRESS-DEFAULT and WEAVE-NPC-EGRESS-CUSTOM"
      : " in weave-npc's chain WEAVE-NPC (iptables FORWARD -o weave), through WEAVE-NPC-DEFAULT and WEAVE-NPC-INGRESS";
  }
  if (plugin === 'cilium-vxlan' || plugin === 'cilium-native') {
    return direction === 'egress'
      ? ", in bpf_lxc's lookup of the endpoint's policy map by the destination's security identity"
      : ", in the endpoint's policy program's lookup of its policy map by the source's security identity";
  }
  return '';
}
