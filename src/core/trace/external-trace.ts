import type { Cluster, ClusterNode } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { connectionFilter } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { eth0Of, gatewayMac } from './node-network';
import { isNamespaced } from './pod-side';
import type { ExternalArrival } from './external-arrival';
import { externalThroughCni, takesExternal } from './external-cni';
import { entryPoint } from './external-entry';
import { externalToHost } from './external-host';
import { replyToClient } from './external-reply';
import { externalRouted } from './external-routed';
import { pickNode } from './load-balancer-node';
import { findPod } from './resolve';
import { rejectForClient } from './service-reject';
import { RULES_OF, walkRules } from './service-rules';
import { serviceStep } from './service-step';
import { ephemeralPort, INITIAL_TTL, openingFlags, openingVerb } from './socket-ends';
import type { ExternalSource, Flow, Packet, Trace, TraceOptions, TraceResult } from './types';
import { isWeave } from '../dataplane/weave-sleeve';

/**
 * A connection from a client on the internet: to a LoadBalancer Service's address (or the DNS
 * name external-dns publishes for it), or straight to a NodePort on a node's address.
 *
 * The load balancer is modelled as a pass-through network load balancer (GCP's and Azure's,
 * MetalLB): it picks a backend node and hands it the packet unchanged, so the node's
 * kube-proxy rules match the load balancer IP itself. With `externalTrafficPolicy: Cluster`
 * every node is a backend, and the node masquerades the packet before sending it to an
 * endpoint that may run on another node; with `Local` only nodes whose health check node port
 * answers 200 (a ready local endpoint) get traffic, and the client's address is kept.
 */
export function traceExternalFlow(cluster: Cluster, flow: Flow, from: ExternalSource, options: TraceOptions): TraceResult {
  const plugin = cluster.settings.cni;
  const cilium = plugin === 'cilium-vxlan' || plugin === 'cilium-native';
  // Cilium as the kube-proxy replacement: bpf_host's cil_from_netdev on eth0 balances the packet, not kube-proxy.
  const kpr = cilium && cluster.settings.kubeProxyMode === 'none';
  if (isWeave(plugin) && cluster.settings.kubeProxyMode === 'none') {
    return fail('not-simulated', `kube-proxy mode "none" stands for Cilium's kube-proxy replacement; Weave Net has no replacement of its own, so nothing would answer a NodePort. Choose an iptables, IPVS or nftables kube-proxy.`);
  }
  const found = entryPoint(cluster, flow);
  if (!found.ok) return found;
  const entry = found.value;
  const { service, port } = entry;
  const protocol = port.protocol;
  const forward = new HopList();
  const reply = new HopList();
  const client = elementId.client();
  const sport = ephemeralPort(flow);
  const request: Packet = {
    eth: undefined,
    ip: { src: from.ip, dst: entry.address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: sport, dstPort: entry.port2, flags: openingFlags(protocol) },
  };

  if (entry.name !== undefined) {
    forward.add({
      where: client,
      kind: 'dns-query',
      summary: `The client looks up ${entry.name} through its own resolver in the public DNS — not the cluster's CoreDNS, which it cannot reach.`,
      packet: request,
      rule: { kind: 'dns', text: `${entry.name}. IN A`, source: undefined },
      capture: { command: `dig +short ${entry.name}`, note: 'On the client.' },
      fresh: true,
    });
    forward.add({
      where: client,
      kind: 'dns-answer',
      summary:
        `The public DNS answers ${entry.address}: external-dns publishes ${service.namespace}/${service.name}'s load balancer address under the name its ` +
        `external-dns.alpha.kubernetes.io/hostname annotation gives.`,
      packet: request,
      rule: { kind: 'dns', text: `${entry.name}. 300 IN A ${entry.address}`, source: service.span },
      capture: { command: `dig +short ${entry.name}`, note: 'On the client.' },
    });
  }
  forward.add({
    where: client,
    kind: 'socket-send',
    summary: `The client ${from.ip} ${openingVerb(protocol)} ${entry.address}:${entry.port2}, ${entry.kind === 'load-balancer' ? `${service.namespace}/${service.name}'s load balancer` : `NodePort ${entry.port2} on ${entry.node?.name ?? ''}`}, from port ${sport}.`,
    packet: request,
    capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: 'On the client.' },
    fresh: entry.name === undefined,
  });

  // Which node takes the connection.
  let node: ClusterNode;
  const lbId = elementId.loadBalancer(service.namespace, service.name);
  if (entry.kind === 'load-balancer') {
    const pick = pickNode(cluster, service, port, flow, options);
    forward.add({
      where: lbId,
      kind: pick.node === undefined ? 'drop' : 'load-balancer',
      summary: pick.summary,
      packet: request,
      rule: { kind: 'load-balancer', text: pick.checks.join('\n'), source: service.span },
      capture: { command: `kubectl get service -n ${service.namespace} ${service.name} -o wide`, note: "The cloud provider's console lists the load balancer's backends and their health." },
    });
    if (pick.node === undefined) {
      return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by the load balancer: ${pick.reason}`, hops: forward.toArray(), reply: [] });
    }
    node = pick.node;
  } else {
    node = entry.node!;
  }

  const gateway = node.routes.find((r) => r.destination === 'default')?.via ?? node.internalIP;
  const arrived: Packet = { ...request, eth: { src: gatewayMac(gateway), dst: node.eth0.mac } };
  if (cluster.nodes.length > 1) {
    forward.add({
      where: elementId.underlay(),
      kind: 'wire',
      summary: `The router ${gateway} delivers the packet over the node network to ${node.name}'s eth0 (${node.eth0.mac}).`,
      packet: arrived,
      capture: { command: `tcpdump -eni eth0 '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: `On ${node.name}.` },
    });
  }
  forward.add({
    where: eth0Of(node),
    kind: 'nic-receive',
    summary:
      (entry.kind === 'load-balancer'
        ? `${node.name}'s eth0 receives the packet for ${entry.address}, which is not one of the node's own addresses`
        : `${node.name}'s eth0 receives the packet for its own address ${entry.address}, port ${entry.port2}`) +
      (kpr
        ? `: bpf_host's cil_from_netdev, on eth0's tc ingress, looks it up in Cilium's service map before the host stack sees it.`
        : cilium
          ? `. bpf_host's cil_from_netdev (eth0's tc ingress) sees it first but has no frontend for it — with kube-proxy running (kubeProxyReplacement=false) Cilium balances only ClusterIPs — and passes it to the stack, where kube-proxy's rules in nat PREROUTING claim it${entry.kind === 'load-balancer' ? '' : ' as a NodePort'}.`
          : entry.kind === 'load-balancer'
            ? `: kube-proxy's rules in nat PREROUTING claim it.`
            : `: kube-proxy's rules in nat PREROUTING claim it as a NodePort.`),
    packet: arrived,
    capture: { command: `tcpdump -eni eth0 '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: `On ${node.name}.` },
  });

  const lookup = kubeProxyBackend(cluster.settings.kubeProxyMode).lookup(
    cluster,
    node.name,
    { src: from.ip, dst: entry.address, protocol, dstPort: entry.port2, origin: 'external' },
    { seed: hash32(`endpoint:${formatFlow(flow)}:${node.name}`), ...(options.endpoint === undefined ? {} : { pin: options.endpoint }) },
  );
  const outcome = lookup.outcome;
  if (outcome.kind === 'not-a-service') {
    return fail('no-rules', `${node.name}'s ${lookup.backend} rules have nothing for ${entry.address}:${entry.port2}/${protocol}.`);
  }
  const rewritten = walkRules(forward, arrived, lookup, kpr ? eth0Of(node) : elementId.kubeProxy(node.name));
  const step = { ...serviceStep({ service, port, address: entry.address }, node, lookup), port: entry.port2 };

  if (outcome.kind === 'reject' || (outcome.kind === 'unserved' && outcome.verdict === 'reject')) {
    return rejectForClient(flow, forward, reply, rewritten, node, from.ip, outcome.reason, step);
  }
  if (outcome.kind === 'drop' || outcome.kind === 'unserved') {
    forward.add({
      where: elementId.kubeProxy(node.name),
      kind: 'drop',
      summary: `${outcome.reason} The client gets no answer and retries until it gives up.`,
      packet: rewritten,
      capture: { command: `iptables -t filter -L KUBE-EXTERNAL-SERVICES -v -n`, note: undefined },
    });
    return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped on ${node.name}: ${outcome.reason}`, hops: forward.toArray(), reply: [], service: step });
  }
  const { endpoint } = outcome;
  const clientAt = { ip: from.ip, port: sport };
  const called = { ip: entry.address, port: entry.port2 };
  const why = `KUBE-EXT's "masquerade traffic for … external destinations" rule set it${entry.kind === 'load-balancer' ? '' : ' for the NodePort'}`;
  const endpointPod = endpoint.pod === undefined ? undefined : findPod(cluster, endpoint.pod.namespace, endpoint.pod.name);
  if (endpointPod === undefined || !isNamespaced(endpointPod)) {
    // A hostNetwork pod, in a node's own namespace, through kube-proxy's rules: external-host.ts.
    const end = kpr || endpointPod === undefined ? undefined : externalToHost({ cluster, node, forward, reply, rewritten, outcome, client: clientAt, called, why });
    if (endpointPod === undefined || end === undefined) {
      return fail('endpoint-not-a-pod', `${kpr ? 'Cilium' : 'kube-proxy'} chose ${endpoint.ip}:${endpoint.port}, which is not a pod with its own network namespace; ${kpr ? "Cilium's NodePort translation to a host endpoint" : 'an endpoint that is no pod in the manifests'}, reached from outside, is not simulated yet.`);
    }
    const l = end.target.listener;
    const seen = end.masqueraded
      ? `the hostNetwork pod sees the connection come from ${end.seenFrom} (${node.name}'s address after the SNAT), and ${node.name} undoes both rewrites on the reply`
      : `the hostNetwork pod sees the client's own address ${end.seenFrom}${end.target.node === node ? ` (the packet stayed on ${node.name}, so nothing masqueraded it)` : ''}, and conntrack on ${node.name} undoes the DNAT on the reply`;
    const listener = l === undefined ? undefined : { container: l.container, port: l.port };
    return replyToClient({ flow, from, forward, reply, entry, back: end.back, answer: end.back, listener, node, endpointPod, endpointNode: end.target.node, endpoint, step, rules: RULES_OF[lookup.backend], seen });
  }
  const endpointNode = cluster.nodes.find((n) => n.name === endpointPod.nodeName);
  if (endpointNode === undefined) return fail('no-node', `The node of ${endpointPod.name} is not in the cluster.`);
  const arrival: ExternalArrival = { cluster, forward, reply, node, endpointPod, endpointNode, rewritten, client: clientAt, called, masquerade: outcome.masquerade, postrouting: outcome.postrouting, why, kpr };
  const reached = { flow, from, forward, reply, entry, node, endpointPod, endpointNode, endpoint, step, rules: RULES_OF[lookup.backend] };

  if (takesExternal(cluster, node, endpointNode)) {
    const path = externalThroughCni(arrival);
    const seen = path.masqueraded ? `${path.seenFrom} (${node.name}'s address after the SNAT, not the client's)` : `${path.seenFrom} (the client itself)`;
    if (path.kind === 'dropped') {
      return done({
        flow,
        verdict: 'dropped',
        explanation: `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${endpointPod.namespace}/${endpointPod.name}, which judges the packet by the source it sees, ${seen}.`,
        hops: forward.toArray(),
        reply: [],
        service: step,
      });
    }
    return replyToClient({
      ...reached,
      back: path.back,
      answer: path.answer,
      listener: path.listener,
      seen: path.masqueraded
        ? `the pod sees the connection come from ${seen}, and ${node.name} undoes both rewrites on the reply`
        : `the pod sees the client's own address ${from.ip} (externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'}), and ${kpr ? 'Cilium' : 'conntrack'} on ${node.name} undoes the DNAT on the reply`,
    });
  }

  const path = externalRouted(arrival, endpoint);
  if (path.kind === 'dropped') {
    return done({
      flow,
      verdict: 'dropped',
      explanation:
        `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${endpointPod.namespace}/${endpointPod.name}, which judges the packet by the source it sees, ${path.seenFrom}` +
        `${path.masqueraded ? ` (${node.name}'s address after the masquerade, not the client's)` : ' (the client itself: Local keeps its address)'}. ${path.policy?.message ?? ''}`.trim(),
      hops: forward.toArray(),
      reply: [],
      service: step,
    });
  }
  const seen = path.masqueraded
    ? `the pod sees the connection come from ${path.seenFrom} (${node.name}, masqueraded under externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'}), and conntrack on ${node.name} undoes both the SNAT and the DNAT on the reply`
    : `the pod sees the client's own address ${from.ip} (externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'} keeps it), and conntrack on ${node.name} undoes the DNAT on the reply`;
  return replyToClient({ ...reached, back: path.back, answer: path.answer, listener: path.listener, seen });
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
