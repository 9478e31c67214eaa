import type { PolicyVerdict } from '../policy/evaluate';
import { isWeave } from '../dataplane/weave-sleeve';
import { routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop } from './nat-hops';
import { egressOf } from './node-addresses';
import { eth0Of } from './node-network';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { weaveNoMasqLocal } from './external-cni';
import { answer, entryOf, filterOf, policyFor, type CniOutcome, type ExternalArrival } from './external-arrival';

/** What the caller needs besides the CNI paths' outcome: the verdict, whose words a drop quotes. */
export type RoutedOutcome = CniOutcome & { readonly policy: PolicyVerdict | undefined };

/**
 * Traffic from outside once the receiving node has chosen an endpoint, where the node's own
 * routing carries it (every case `takesExternal` leaves to it): the DNATed packet is routed to
 * the endpoint pod, masqueraded on the way out of this node when kube-proxy marked it. The reply
 * comes back to the node that masqueraded it — under Local it leaves the endpoint's node for the
 * client straight away — and conntrack undoes the rewrites.
 */
export function externalRouted(a: ExternalArrival, endpoint: { readonly ip: string; readonly port: number }): RoutedOutcome {
  const { cluster, node, endpointPod, endpointNode, forward, reply } = a;
  // The address the endpoint will see: the node's, when kube-proxy marked the packet for masquerade.
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const masqueraded = a.masquerade;
  const seenFrom = masqueraded ? egress.address : a.client.ip;
  const natPort = masqueraded ? masqueradePort(a.postrouting, a.rewritten) : a.client.port;
  const policy = policyFor(a, seenFrom);
  const filter = filterOf(a);
  const leg: HostLeg = {
    cluster,
    filter,
    needsArp: true,
    ...(policy === undefined ? {} : { policy }),
    postrouting: (list, packet, at, device) =>
      masqueraded && at === node
        ? masqueradeHop(list, packet, at, device, a.postrouting, a.why)
        : isWeave(cluster.settings.cni) && at === node
          ? weaveNoMasqLocal(list, packet, at)
          : packet,
  };
  const end = routeFromNode(forward, a.rewritten, node, leg, { where: eth0Of(node), forwarded: true, lead: `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet` });
  if (end.kind !== 'pod') throw new Error(`the packet for ${endpoint.ip} did not reach a pod`);
  if (end.dropped) return { kind: 'dropped', seenFrom, masqueraded, policy };

  const { answer: back, listener } = answer(a, end.packet);
  // The reply: back to the node that masqueraded (or, under Local, straight to the client), where conntrack undoes the NAT.
  const conntrack = entryOf(a, { ip: seenFrom, port: natPort });
  const replyLeg: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    postrouting: (list, packet, at) =>
      at === node && packet.ip.dst === a.client.ip ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The packet leaves as the load balancer address would answer.') : packet,
  };
  const framed = leavePodForHost(reply, back, endpointPod, endpointNode, filter, false);
  let out = routeFromNode(reply, framed, endpointNode, replyLeg, {
    where: hostEntry(endpointNode, endpointPod),
    forwarded: true,
    lead: `${endpointNode.name} routes the reply`,
  });
  if (out.kind === 'local') {
    const unmasked = unSnatHop(reply, out.packet, out.node, conntrack, `Routing then sends it towards the client.`);
    out = routeFromNode(reply, unmasked, out.node, replyLeg, { where: eth0Of(out.node), forwarded: true, lead: `${out.node.name} routes the reply` });
  }
  if (out.kind !== 'outside') throw new Error('the reply did not leave the cluster');
  return { kind: 'answered', seenFrom, masqueraded, listener, answer: back, back: out.packet, policy };
}
