import type { Cluster, ClusterNode, Container } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { policiesFromAddress, policiesToAddress } from './address-policy';
import { connectionFilter, insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { egressOf } from './node-addresses';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry } from './nat-hops';
import { overlayBack, overlayToPod } from './node-overlay';
import { isNamespaced, sideHop, type NamespacedPod } from './pod-side';
import { findPod } from './resolve';
import { RULES_OF, walkRules } from './service-rules';
import { serviceStep, type ServiceTarget } from './service-step';
import { ephemeralPort, finishReply, INITIAL_TTL, openingFlags, openingVerb, receiveAndAnswer, refusalExplanation } from './socket-ends';
import type { Flow, Packet, PortHeader, Trace, TraceOptions, TraceResult } from './types';

/**
 * A pod's connection to a Service address that is not its ClusterIP — a LoadBalancer IP — on
 * Cilium while kube-proxy still runs (kubeProxyReplacement=false). That default "only enables
 * per-packet in-cluster load-balancing of ClusterIP services" (docs.cilium.io, kube-proxy free),
 * so bpf_lxc finds no frontend for the address: it judges the pod's egress against the address
 * as it is (the ipcache gives an address outside the cluster reserved:world, or the CIDR identity
 * of a policy's ipBlock) and hands the packet to the host stack unchanged (legacy host routing).
 * There kube-proxy's rules take it like any packet from a pod: nat PREROUTING's KUBE-SERVICES
 * matches the load balancer IP and jumps to KUBE-EXT-…, which with externalTrafficPolicy:
 * Cluster marks it ("masquerade traffic for … external destinations") before KUBE-SVC-… picks an
 * endpoint. The node routes the DNATed packet by Cilium's routes — into cilium_host for a pod on
 * this node or, in tunnel mode, on another; out of eth0 in native routing — and KUBE-POSTROUTING
 * MASQUERADEs it to that device's address. From there bpf_host carries it like any host traffic,
 * and the endpoint answers the node, whose conntrack undoes both rewrites.
 */
export function traceCiliumLoadBalancerIP(cluster: Cluster, flow: Flow, target: ServiceTarget, source: NamespacedPod, container: Container, node: ClusterNode, options: TraceOptions): TraceResult {
  const { protocol } = target.port;
  const port = flow.to.port;
  const request: Packet = {
    eth: undefined,
    ip: { src: source.ip, dst: target.address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: ephemeralPort(flow), dstPort: port, flags: openingFlags(protocol) },
  };
  const sport = (request.l4 as PortHeader).srcPort;
  const lookup = kubeProxyBackend(cluster.settings.kubeProxyMode).lookup(
    cluster,
    node.name,
    { src: source.ip, dst: target.address, protocol, dstPort: port, origin: 'pod' },
    { seed: hash32(`endpoint:${formatFlow(flow)}`), ...(options.endpoint === undefined ? {} : { pin: options.endpoint }) },
  );
  const outcome = lookup.outcome;
  if (outcome.kind === 'not-a-service') return fail('no-rules', `${node.name}'s ${lookup.backend} rules have nothing for ${target.address}:${port}/${protocol}.`);
  const name = `${target.service.namespace}/${target.service.name}`;
  const forward = new HopList();
  const reply = new HopList();
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary: `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(protocol)} ${target.address}:${port}, ${name}'s load balancer IP, from ${source.ip}:${sport}, an ephemeral port the kernel picked.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${connectionFilter(source.ip, target.address, protocol, port)}'`),
    fresh: true,
  });
  const lxc = source.network.hostVeth.name;
  const lbFilter = connectionFilter(source.ip, target.address, protocol, port);
  const framed = leavePodForHost(forward, request, source, node, lbFilter, true);
  const step = serviceStep(target, node, lookup);
  const dropped = (explanation: string): TraceResult => done({ flow, verdict: 'dropped', explanation, hops: forward.toArray(), reply: [], service: step });

  // bpf_lxc judges the egress before kube-proxy ever rewrites the destination: by the load balancer IP's identity.
  const out = policiesToAddress(cluster, source, target.address, port, protocol);
  if (out !== undefined && !sideHop(forward, framed, { plugin: cluster.settings.cni, direction: 'egress', verdict: out.egress, pod: source }, elementId.hostVeth(node.name, lxc), onNode(lxc, lbFilter))) {
    return dropped(`${formatFlow(flow)} is dropped by NetworkPolicy as it leaves ${source.name}: bpf_lxc judges the egress against ${target.address}, the load balancer IP, before kube-proxy picks an endpoint. ${out.message}`);
  }
  const rewritten = walkRules(forward, framed, lookup, elementId.kubeProxy(node.name));
  if (outcome.kind !== 'dnat') {
    if (outcome.kind === 'reject' || (outcome.kind === 'unserved' && outcome.verdict === 'reject')) {
      return fail('not-simulated', `${RULES_OF[lookup.backend]} reject ${target.address}:${port} (${outcome.reason}); the ICMP error's way back into a Cilium pod is not simulated yet.`);
    }
    forward.add({ where: elementId.kubeProxy(node.name), kind: 'drop', summary: `${outcome.reason} The client gets no answer and retries until it gives up.`, packet: rewritten, capture: onNode(lxc, lbFilter) });
    return dropped(`${formatFlow(flow)} is dropped on ${node.name}: ${outcome.reason}`);
  }
  const { endpoint } = outcome;
  const pod = endpoint.pod === undefined ? undefined : findPod(cluster, endpoint.pod.namespace, endpoint.pod.name);
  if (pod === undefined || !isNamespaced(pod)) {
    return fail('not-simulated', `${RULES_OF[lookup.backend]} chose ${endpoint.ip}:${endpoint.port}, which is no pod with its own network namespace; that path from a Cilium pod through a load balancer IP is not simulated yet.`);
  }
  const endpointNode = cluster.nodes.find((n) => n.name === pod.nodeName);
  if (endpointNode === undefined) return fail('no-node', `The node of ${pod.name} is not in the cluster.`);
  if (!outcome.masquerade) {
    // externalTrafficPolicy: Local lets pod traffic through unmarked ("pod traffic for … external destinations"): the endpoint would answer the pod directly, and Cilium would deliver that answer without the host stack's conntrack.
    return fail('not-simulated', `${RULES_OF[lookup.backend]} send ${target.address}:${port} to ${pod.namespace}/${pod.name} without marking it for masquerade; the endpoint's answer to ${source.ip} on Cilium, past the node's conntrack, is not simulated yet.`);
  }
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const seenFrom = egress.address;
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const policy = policiesFromAddress(cluster, seenFrom, pod, endpoint.port, protocol);
  const why = `KUBE-EXT's rule "masquerade traffic for ${name} external destinations" set it`;
  const masquerade = (list: HopList, packet: Packet): Packet => masqueradeHop(list, packet, node, egress, outcome.postrouting, why);
  const lead = `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet bpf_lxc handed it`;
  const tunnel = endpointNode !== node && node.cilium?.routing === 'tunnel';
  let atPod: Packet;
  if (tunnel) {
    const routed: Packet = { ...rewritten, ip: { ...rewritten.ip, ttl: rewritten.ip.ttl - 1 } };
    const end = overlayToPod(cluster, forward, routed, node, endpointNode, pod, filter, policy, { where: hostEntry(node, source), lead: `${lead} (TTL ${rewritten.ip.ttl} → ${routed.ip.ttl}) by this route`, postrouting: masquerade });
    if (end.dropped) return dropped(`${formatFlow(flow)} is dropped by NetworkPolicy in front of ${pod.namespace}/${pod.name}, which sees the source ${seenFrom}. ${policy?.message ?? ''}`.trim());
    atPod = end.packet;
  } else {
    const leg: HostLeg = { cluster, filter, needsArp: true, ...(policy === undefined ? {} : { policy }), postrouting: (list, packet, at) => (at === node ? masquerade(list, packet) : packet) };
    const end = routeFromNode(forward, rewritten, node, leg, { where: hostEntry(node, source), forwarded: true, lead });
    if (end.kind !== 'pod') throw new Error(`the packet for ${endpoint.ip} did not reach a pod`);
    if (end.dropped) return dropped(`${formatFlow(flow)} is dropped by NetworkPolicy in front of ${pod.namespace}/${pod.name}, which sees the source ${seenFrom}. ${policy?.message ?? ''}`.trim());
    atPod = end.packet;
  }

  const { answer, listener } = receiveAndAnswer(forward, reply, pod, atPod, endpoint.port, protocol);
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: source.ip, port: sport }, dst: { ip: target.address, port } },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: masqueradePort(outcome.postrouting, rewritten) } },
  };
  let home: Packet;
  if (tunnel) home = overlayBack(reply, answer, pod, endpointNode, node, filter);
  else {
    const up = leavePodForHost(reply, answer, pod, endpointNode, filter, false);
    const end = routeFromNode(reply, up, endpointNode, { cluster, filter, needsArp: false }, { where: hostEntry(endpointNode, pod), forwarded: true, lead: `${endpointNode.name} routes the reply` });
    if (end.kind !== 'local' || end.node !== node) throw new Error('the reply did not come back to the node that masqueraded it');
    home = end.packet;
  }
  const unmasked = unSnatHop(reply, home, node, conntrack, `Routing then sends it towards ${source.name}.`);
  const back: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    postrouting: (list, packet, at) => (at === node ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The client sees the answer come from the load balancer IP it called.') : packet),
  };
  const end = routeFromNode(reply, unmasked, node, back, { where: elementId.kubeProxy(node.name), forwarded: true, lead: `${node.name} routes the reply` });
  if (end.kind !== 'pod') throw new Error('the reply did not reach the client pod');
  finishReply(reply, { source, container, destination: pod, listener }, end.packet, protocol, filter);
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: bpf_lxc balances only ClusterIPs (kubeProxyReplacement=false), so ${target.address} reaches ${node.name}'s stack unchanged, where ${RULES_OF[lookup.backend]} send it to ` +
          `${pod.namespace}/${pod.name} at ${endpoint.ip}:${endpoint.port}${endpointNode === node ? '' : ` on ${endpointNode.name}`}, masqueraded to ${seenFrom} (${egress.addressOf}'s address); conntrack on ${node.name} undoes both rewrites on the reply.`
        : refusalExplanation(flow, pod, endpoint.port),
    hops: forward.toArray(),
    reply: reply.toArray(),
    service: step,
  });
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
