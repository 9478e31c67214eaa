import type { Cluster, ClusterNode, Container } from '../cluster/types';
import { ciliumFrontends, type Frontend } from '../kube-proxy/ebpf/index';
import { drawIndex } from '../kube-proxy/nftables/node-view';
import type { MatchedRule, ServiceLookup } from '../kube-proxy/types';
import { suggestPolicyFix } from '../policy-fix/suggest';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { ciliumBetween } from './cilium-leg';
import { traceCiliumLoopback } from './cilium-loopback';
import { traceCiliumOutward } from './cilium-outward';
import { connectionFilter, insidePod } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { checkPolicies } from './policy-check';
import type { LegContext, NamespacedPod } from './pod-side';
import { isNamespaced } from './pod-side';
import { findPod, listenerOf, type ResolvedFlow } from './resolve';
import { serviceStep, type ServiceTarget } from './service-step';
import { answerPacket, arrive, ephemeralPort, finishReply, INITIAL_TTL, openingFlags, openingVerb, refusalExplanation, refusalFilter } from './socket-ends';
import type { Capture, Flow, Packet, PortHeader, Trace, TraceOptions, TraceResult } from './types';

const agent = (command: string): Capture => ({
  command: `kubectl -n kube-system exec ds/cilium -c cilium-agent -- ${command}`,
  note: 'ds/cilium reaches one agent; pick the agent pod of this node (kubectl -n kube-system get pods -l k8s-app=cilium -o wide).',
});

/**
 * A pod's connection to a ClusterIP on Cilium while kube-proxy still runs (Helm's default,
 * `kubeProxyReplacement=false`). Cilium's documentation: that default "only enables per-packet
 * in-cluster load-balancing of ClusterIP services" — which it does in bpf_lxc, on the tc ingress
 * of the sender's lxc veth, before the host stack and its iptables ever see the packet. So a
 * pod's packet to a ClusterIP never meets kube-proxy's rules: bpf_lxc picks a backend from
 * Cilium's own service map (at random), DNATs, and the packet goes on as pod-to-pod traffic,
 * judged by identity against the backend. Cilium's conntrack entry keeps the reverse-NAT index;
 * the reply is translated back when it is delivered to the client's endpoint. kube-proxy's rules
 * are still there for what bpf_lxc does not see: traffic from the node's own namespace and from
 * outside (NodePort, LoadBalancer).
 */
export function traceCiliumClusterIP(cluster: Cluster, flow: Flow, target: ServiceTarget, source: NamespacedPod, container: Container, node: ClusterNode, options: TraceOptions): TraceResult {
  const { protocol } = target.port;
  const port = flow.to.port;
  const frontend = ciliumFrontends(cluster, node.name).find((f) => f.type === 'ClusterIP' && f.ip === target.address && f.port === port && f.protocol === protocol);
  if (frontend === undefined) {
    return fail('no-rules', `${node.name}'s Cilium service map has no ClusterIP frontend ${target.address}:${port}/${protocol}; bpf_lxc lets the packet on unchanged, to nowhere.`);
  }
  const sport = ephemeralPort(flow);
  const request: Packet = {
    eth: undefined,
    ip: { src: source.ip, dst: target.address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: sport, dstPort: port, flags: openingFlags(protocol) },
  };
  const lxc = source.network.hostVeth.name;
  const hook = `tc ingress on ${lxc} (cil_from_container)`;
  const name = `${frontend.service.namespace}/${frontend.service.name}`;
  const row = (note: string, dnat: boolean): MatchedRule => ({ table: 'ebpf', chain: hook, text: `${frontend.id} ${frontend.ip}:${frontend.port}/${protocol} ClusterIP`, note, ...(dnat ? { dnat } : {}) });
  const backends = frontend.backends;
  const index = backends.length === 0 ? undefined : drawIndex({ seed: hash32(`endpoint:${formatFlow(flow)}`), ...(options.endpoint === undefined ? {} : { pin: options.endpoint }) }, backends.length);
  const endpoint = index === undefined ? undefined : backends[index]!;
  const lookup: ServiceLookup =
    endpoint === undefined || index === undefined
      ? { backend: 'none', rules: [row('no backends', false)], outcome: { kind: 'drop', service: frontend.service, port: frontend.servicePort, reason: `${name} has no backends` } }
      : {
          backend: 'none',
          rules: [row(`backend ${index + 1} of ${backends.length}, chosen at random per packet: ${target.address}:${port} → ${endpoint.ip}:${endpoint.port}`, true)],
          outcome: { kind: 'dnat', service: frontend.service, port: frontend.servicePort, candidates: backends, index, endpoint, masquerade: false, postrouting: [] },
        };
  const step = serviceStep(target, node, lookup);

  const forward = new HopList();
  const reply = new HopList();
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary:
      `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(protocol)} ${target.address}:${port}, ${name}'s ClusterIP, from ${source.ip}:${sport}. ` +
      `With kube-proxy still running (kubeProxyReplacement=false) Cilium has no socket load balancer: the packet leaves with the ClusterIP as its destination.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${connectionFilter(source.ip, target.address, protocol, port)}'`),
    fresh: true,
  });

  const endpointPod = endpoint?.pod === undefined ? undefined : findPod(cluster, endpoint.pod.namespace, endpoint.pod.name);
  const endpointNode = endpointPod === undefined ? undefined : cluster.nodes.find((n) => n.name === endpointPod.nodeName);
  if (endpointPod !== undefined && endpointNode === undefined) return fail('no-node', `The node of ${endpointPod.name} is not in the cluster.`);

  const translate = (list: HopList, framed: Packet, ipcache: string): Packet | undefined => {
    if (endpoint === undefined) {
      list.add({
        where: elementId.hostVeth(node.name, lxc),
        kind: 'drop',
        summary: `bpf_lxc finds ${target.address}:${port}/${protocol} in the service map (frontend ${frontend.id}, ${name}) with no backend, and drops the packet ("Service backend not found"). The client gets no answer and retries until it gives up.`,
        packet: framed,
        rule: { kind: 'service-rule', text: lookup.rules[0]!.text, source: undefined },
        capture: agent('cilium-dbg monitor --type drop'),
      });
      return undefined;
    }
    const l4 = framed.l4 as PortHeader;
    const rewritten: Packet = { ...framed, ip: { ...framed.ip, dst: endpoint.ip }, l4: { ...l4, dstPort: endpoint.port } };
    list.add({
      where: elementId.hostVeth(node.name, lxc),
      kind: 'service-rule',
      summary:
        `bpf_lxc finds ${target.address}:${port}/${protocol} in the service map (frontend ${frontend.id}, ${name}) and picks backend ${(index ?? 0) + 1} of ${backends.length} at random: ` +
        `it DNATs the packet to ${endpoint.ip}:${endpoint.port} right here, per packet, and records the service's reverse-NAT index in Cilium's conntrack. ` +
        `kube-proxy's rules in the host's nat table never see this packet. ${ipcache}`,
      packet: rewritten,
      rule: { kind: 'service-rule', text: lookup.rules[0]!.text, source: undefined },
      capture: agent('cilium-dbg service list'),
    });
    return rewritten;
  };

  if (endpoint !== undefined && index !== undefined && endpointPod === source) {
    // The client itself: bpf_lxc SNATs to IPV4_LOOPBACK as well (cilium-loopback.ts).
    const chose = `backend ${index + 1} of ${backends.length} of ${name} (frontend ${frontend.id})`;
    return traceCiliumLoopback({ cluster, flow, source, container, node, forward, reply, request, translate, frontend, endpoint, address: target.address, port, chose, step });
  }
  if (endpoint !== undefined && index !== undefined && (endpointPod === undefined || !isNamespaced(endpointPod))) {
    // A node's own address (the API server, a hostNetwork pod) or one outside: cilium-outward.ts.
    const reverse = (list: HopList, packet: Packet) => reverseNat(list, packet, node, source, target.address, port, frontend, endpoint);
    const chose = `backend ${index + 1} of ${backends.length} of ${name} (frontend ${frontend.id})`;
    return traceCiliumOutward({ cluster, flow, source, container, node, forward, reply, request, endpoint, translate, reverse, chose, step });
  }
  if (endpoint === undefined || endpointPod === undefined || endpointNode === undefined || !isNamespaced(endpointPod)) {
    // No backend: bpf_lxc drops the packet (drop reason "Service backend not found").
    const leg: LegContext = { plugin: cluster.settings.cni, fromNode: node, toNode: node, from: source, to: source, filter: connectionFilter(source.ip, target.address, protocol, port), needsArp: true, addressed: target.address };
    ciliumBetween(forward, request, leg, translate);
    return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by bpf_lxc on ${node.name}: ${name} has no backends.`, hops: forward.toArray(), reply: [], service: step });
  }

  const policy = cluster.networkPolicies.length > 0 ? checkPolicies(cluster, source, endpointPod, endpoint.port, protocol) : undefined;
  const filter = connectionFilter(source.ip, endpoint.ip, protocol, endpoint.port);
  const toEndpoint: LegContext = {
    plugin: cluster.settings.cni,
    fromNode: node,
    toNode: endpointNode,
    from: source,
    to: endpointPod,
    filter,
    needsArp: true,
    addressed: target.address,
    ...(policy === undefined ? {} : { policy }),
  };
  const leg = ciliumBetween(forward, request, toEndpoint, translate);
  if (leg.dropped) {
    const fix = policy === undefined ? undefined : suggestPolicyFix(source, endpointPod, endpoint.port, protocol, { egress: policy.egress.kind === 'denied', ingress: policy.ingress.kind === 'denied' });
    return done({
      ...(fix === undefined ? {} : { fix }),
      flow,
      verdict: 'dropped',
      explanation:
        `${formatFlow(flow)} is dropped by NetworkPolicy on the ${leg.direction === 'egress' ? 'source' : 'destination'} side, after bpf_lxc chose ${endpointPod.namespace}/${endpointPod.name}: ` +
        `Cilium judges the backend's identity and its port ${endpoint.port}, not the Service. ${policy?.message ?? ''}`.trim(),
      hops: forward.toArray(),
      reply: [],
      service: step,
    });
  }

  const arrived = forward.packet ?? request;
  const listener = listenerOf(endpointPod, endpoint.port, protocol);
  const resolved: ResolvedFlow = { source, container, destination: endpointPod, listener };
  const answer = answerPacket(arrived, resolved);
  arrive(forward, reply, resolved, arrived, answer);
  const replyFilter = answer.l4.protocol === 'ICMP' ? refusalFilter(arrived) : filter;
  const back: LegContext = {
    plugin: cluster.settings.cni,
    fromNode: endpointNode,
    toNode: node,
    from: endpointPod,
    to: source,
    filter: replyFilter,
    needsArp: false,
    beforeDelivery: (list, packet) => reverseNat(list, packet, node, source, target.address, port, frontend, endpoint),
  };
  ciliumBetween(reply, answer, back);
  finishReply(reply, resolved, reply.packet ?? answer, protocol, replyFilter);
  const via = endpointNode === node ? `on ${node.name}` : `on ${endpointNode.name}`;
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: bpf_lxc on ${source.name}'s ${lxc} (per-packet load balancing, kubeProxyReplacement=false) sends ${target.address}:${port} to backend ${index! + 1} of ${backends.length}, ` +
          `${endpointPod.namespace}/${endpointPod.name} at ${endpoint.ip}:${endpoint.port} ${via}, before kube-proxy's rules could; the reply gets ${target.address}:${port} back as its source when it is delivered to ${source.name}.`
        : refusalExplanation(flow, endpointPod, endpoint.port),
    hops: forward.toArray(),
    reply: reply.toArray(),
    service: step,
  });
}

/** The client's endpoint program reverses the service translation from its conntrack entry (lb4_rev_nat). */
function reverseNat(list: HopList, packet: Packet, node: ClusterNode, client: NamespacedPod, address: string, port: number, frontend: Frontend, endpoint: { ip: string; port: number }): Packet {
  const l4 = packet.l4;
  const restored: Packet = l4.protocol === 'ICMP' ? { ...packet, ip: { ...packet.ip, src: address } } : { ...packet, ip: { ...packet.ip, src: address }, l4: { ...l4, srcPort: port } };
  list.add({
    where: elementId.hostVeth(node.name, client.network.hostVeth.name),
    kind: 'conntrack',
    summary:
      `${client.name}'s endpoint program finds the connection in Cilium's conntrack as a reply, with the reverse-NAT index of frontend ${frontend.id}: it rewrites the source ` +
      `${endpoint.ip}:${endpoint.port} back to ${address}:${port}, so the client sees an answer from the address it called. (Netfilter's conntrack never NATed this connection.)`,
    packet: restored,
    capture: agent(`cilium-dbg bpf ct list global`),
  });
  return restored;
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
