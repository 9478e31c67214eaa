import type { Cluster, ClusterNode } from '../cluster/types';
import { elementId } from '../topology/ids';
import type { HopList } from './hop-list';
import { egressOf } from './node-addresses';
import { eth0Of } from './node-network';
import { masqueradeHop } from './nat-hops';
import type { LegContext } from './pod-side';
import type { Packet } from './types';
import { weaveRoutedAcross, weaveToPeerBridge } from './weave-leg';
import { isWeave } from '../dataplane/weave-sleeve';
import { answer, entryOf, filterOf, policyFor, portOf, unNatAndLeave, type CniOutcome, type ExternalArrival } from './external-arrival';
import { ciliumKubeProxyRemote, ciliumReplacement } from './external-cilium';

/**
 * Traffic from outside the cluster, after the receiving node chose an endpoint, on the plugins
 * whose way to the endpoint is not the node's plain routing: Weave Net (here: the endpoint on
 * another peer is on-link on the weave bridge) and Cilium (external-cilium.ts).
 */

/** Whether `externalThroughCni` takes this case; the others take the node's routing (external-routed.ts). */
export function takesExternal(cluster: Cluster, node: ClusterNode, endpointNode: ClusterNode): boolean {
  const plugin = cluster.settings.cni;
  if (isWeave(plugin)) return endpointNode !== node;
  if (plugin === 'cilium-vxlan' || plugin === 'cilium-native') return cluster.settings.kubeProxyMode === 'none' || endpointNode !== node;
  return false;
}

export function externalThroughCni(a: ExternalArrival): CniOutcome {
  if (isWeave(a.cluster.settings.cni)) return weaveRemote(a);
  if (a.kpr) return ciliumReplacement(a);
  return ciliumKubeProxyRemote(a);
}

/**
 * Weave's own nat rules for a packet from outside the Weave range to a local pod, when kube-proxy
 * left it alone (externalTrafficPolicy Local): the WEAVE chain would MASQUERADE it ("! -s R -d R"),
 * but with NO_MASQ_LOCAL — on by default since Weave Net 2.7.0 — its first rule returns for
 * destinations in the ipset weaver-no-masq-local, which holds this peer's own share of the range.
 * So the pod sees the client's address, as Local promises.
 */
export function weaveNoMasqLocal(list: HopList, packet: Packet, node: ClusterNode): Packet {
  list.add({
    where: elementId.bridge(node.name, 'weave'),
    kind: 'service-rule',
    summary:
      `nat POSTROUTING on ${node.name}: kube-proxy did not mark the packet, so KUBE-POSTROUTING lets it be; Weave's WEAVE chain then returns at its first rule, because ${packet.ip.dst} is in the ipset ` +
      `weaver-no-masq-local (${node.podCIDR}, this peer's share of the range; NO_MASQ_LOCAL, the default since Weave Net 2.7.0). Without it, the chain's "! -s R -d R -j MASQUERADE" rule (R the Weave range) would hide the client. The source stays ${packet.ip.src}.`,
    packet,
    rule: {
      kind: 'service-rule',
      text: '-A POSTROUTING -j WEAVE\n-A WEAVE -m set --match-set weaver-no-masq-local dst -m comment --comment "Prevent SNAT to locally running containers" -j RETURN',
      source: undefined,
    },
    capture: { command: 'iptables -t nat -S WEAVE', note: `ipset list weaver-no-masq-local shows ${node.podCIDR}.` },
  });
  return packet;
}

/**
 * Weave, endpoint on another peer: the node routes the DNATed packet onto the weave bridge (the
 * whole range is on-link there), KUBE-POSTROUTING masquerades it to the bridge's address, and the
 * fast datapath carries it. The endpoint answers that address, on-link too, back through the
 * datapath to this node's bridge, where the stack undoes both rewrites.
 */
function weaveRemote(a: ExternalArrival): CniOutcome {
  const { node, endpointNode, endpointPod, forward } = a;
  const egress = egressOf(node, endpointPod.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpointPod.ip}`);
  const masqueraded = a.masquerade;
  const seenFrom = masqueraded ? egress.address : a.client.ip;
  const policy = policyFor(a, seenFrom);
  let natPort = a.client.port;
  const leg: LegContext = {
    plugin: a.cluster.settings.cni,
    fromNode: node,
    toNode: endpointNode,
    from: endpointPod,
    to: endpointPod,
    filter: filterOf(a),
    needsArp: true,
    ...(policy === undefined ? {} : { policy }),
  };
  const out = weaveRoutedAcross(forward, a.rewritten, leg, {
    where: eth0Of(node),
    postrouting: (list, p) => {
      if (!masqueraded) return p;
      const moved = masqueradeHop(list, p, node, egress, a.postrouting, a.why);
      natPort = portOf(moved);
      return moved;
    },
  });
  if (out.dropped) return { kind: 'dropped', seenFrom, masqueraded };
  const { answer: back, listener } = answer(a, forward.packet ?? a.rewritten);
  const conntrack = entryOf(a, { ip: seenFrom, port: natPort });
  const taken = weaveToPeerBridge(a.reply, back, endpointPod, endpointNode, node, filterOf(a));
  return { kind: 'answered', seenFrom, masqueraded, listener, answer: back, back: unNatAndLeave(a, taken, conntrack, elementId.bridge(node.name, 'weave')) };
}
