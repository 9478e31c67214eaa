import type { Cluster, ClusterNode, Pod, Service, ServicePort } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { policiesFromAddress } from './address-policy';
import { connectionFilter } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { eth0Of, egressOf, gatewayMac, hostEntry, leavePodForHost, routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry } from './nat-hops';
import { isNamespaced } from './pod-side';
import { externalThroughCni, takesExternal, weaveNoMasqLocal } from './external-cni';
import { externalToHost } from './external-host';
import { findPod, listenerOf, type ResolvedFlow } from './resolve';
import { RULES_OF, serviceStep, walkRules } from './service-trace';
import { answerPacket, arrive, describeAnswer, ephemeralPort, INITIAL_TTL, openingFlags, openingVerb, refusalExplanation } from './socket-ends';
import type { ExternalSource, Flow, Packet, ServiceStep, Trace, TraceOptions, TraceResult } from './types';
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
    return rejected(flow, forward, reply, rewritten, node, from.ip, outcome.reason, step);
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
  const endpointPod = endpoint.pod === undefined ? undefined : findPod(cluster, endpoint.pod.namespace, endpoint.pod.name);
  if (endpointPod === undefined || !isNamespaced(endpointPod)) {
    // A hostNetwork pod, in a node's own namespace, through kube-proxy's rules: external-host.ts.
    const why = `KUBE-EXT's "masquerade traffic for … external destinations" rule set it${entry.kind === 'load-balancer' ? '' : ' for the NodePort'}`;
    const end = kpr || endpointPod === undefined ? undefined : externalToHost({ cluster, node, forward, reply, rewritten, outcome, client: { ip: from.ip, port: sport }, called: { ip: entry.address, port: entry.port2 }, why, postrouting: outcome.postrouting });
    if (endpointPod === undefined || end === undefined) {
      return fail('endpoint-not-a-pod', `${kpr ? 'Cilium' : 'kube-proxy'} chose ${endpoint.ip}:${endpoint.port}, which is not a pod with its own network namespace; ${kpr ? "Cilium's NodePort translation to a host endpoint" : 'an endpoint that is no pod in the manifests'}, reached from outside, is not simulated yet.`);
    }
    const l = end.target.listener;
    const seen = end.masqueraded
      ? `the hostNetwork pod sees the connection come from ${end.seenFrom} (${node.name}'s address after the SNAT), and ${node.name} undoes both rewrites on the reply`
      : `the hostNetwork pod sees the client's own address ${end.seenFrom}${end.target.node === node ? ` (the packet stayed on ${node.name}, so nothing masqueraded it)` : ''}, and conntrack on ${node.name} undoes the DNAT on the reply`;
    const listener = l === undefined ? undefined : { container: l.container, port: l.port };
    return finish({ flow, from, forward, reply, entry, back: end.back, answer: end.back, listener, node, endpointPod, endpointNode: end.target.node, endpoint, step, rules: RULES_OF[lookup.backend], seen });
  }
  const endpointNode = cluster.nodes.find((n) => n.name === endpointPod.nodeName);
  if (endpointNode === undefined) return fail('no-node', `The node of ${endpointPod.name} is not in the cluster.`);

  if (takesExternal(cluster, node, endpointNode)) {
    const why = entry.kind === 'load-balancer' ? `KUBE-EXT's "masquerade traffic for … external destinations" rule set it` : `KUBE-EXT's "masquerade traffic for … external destinations" rule set it for the NodePort`;
    const path = externalThroughCni({
      cluster,
      forward,
      reply,
      node,
      endpointPod,
      endpointNode,
      rewritten,
      client: { ip: from.ip, port: sport },
      called: { ip: entry.address, port: entry.port2 },
      masquerade: outcome.masquerade,
      postrouting: outcome.postrouting,
      why,
      kpr,
    });
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
    return finish({
      flow,
      from,
      forward,
      reply,
      entry,
      back: path.back,
      answer: path.answer,
      listener: path.listener,
      node,
      endpointPod,
      endpointNode,
      endpoint,
      step,
      rules: RULES_OF[lookup.backend],
      seen: path.masqueraded
        ? `the pod sees the connection come from ${seen}, and ${node.name} undoes both rewrites on the reply`
        : `the pod sees the client's own address ${from.ip} (externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'}), and ${kpr ? 'Cilium' : 'conntrack'} on ${node.name} undoes the DNAT on the reply`,
    });
  }

  // The address the endpoint will see: the node's, when kube-proxy marked the packet for masquerade.
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const masquerade = outcome.masquerade;
  const seenFrom = masquerade ? egress.address : from.ip;
  const natPort = masquerade ? masqueradePort(outcome.postrouting, rewritten) : sport;
  const policy = policiesFromAddress(cluster, seenFrom, endpointPod, endpoint.port, protocol);
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const why = entry.kind === 'load-balancer' ? `KUBE-EXT's "masquerade traffic for … external destinations" rule set it` : `KUBE-EXT's "masquerade traffic for … external destinations" rule set it for the NodePort`;
  const leg: HostLeg = {
    cluster,
    filter,
    needsArp: true,
    ...(policy === undefined ? {} : { policy }),
    postrouting: (list, packet, at, device) =>
      masquerade && at === node
        ? masqueradeHop(list, packet, at, device, outcome.postrouting, why)
        : isWeave(plugin) && at === node
          ? weaveNoMasqLocal(list, packet, at)
          : packet,
  };
  const end = routeFromNode(forward, rewritten, node, leg, { where: eth0Of(node), forwarded: true, lead: `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet` });
  if (end.kind !== 'pod') throw new Error(`the packet for ${endpoint.ip} did not reach a pod`);
  if (end.dropped) {
    return done({
      flow,
      verdict: 'dropped',
      explanation:
        `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${endpointPod.namespace}/${endpointPod.name}, which judges the packet by the source it sees, ${seenFrom}` +
        `${masquerade ? ` (${node.name}'s address after the masquerade, not the client's)` : ' (the client itself: Local keeps its address)'}. ${policy?.message ?? ''}`.trim(),
      hops: forward.toArray(),
      reply: [],
      service: step,
    });
  }

  const atPod = end.packet;
  const listener = listenerOf(endpointPod, endpoint.port, protocol);
  // arrive() and answerPacket() read only the receiving side of a ResolvedFlow.
  const receiving: ResolvedFlow = { source: endpointPod, container: endpointPod.containers[0]!, destination: endpointPod, listener };
  const answer = answerPacket(atPod, receiving);
  arrive(forward, reply, receiving, atPod, answer);

  // The reply: back to the node that masqueraded (or, under Local, straight to the client), where conntrack undoes the NAT.
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: from.ip, port: sport }, dst: { ip: entry.address, port: entry.port2 } },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: natPort } },
  };
  const replyFilter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const replyLeg: HostLeg = {
    cluster,
    filter: replyFilter,
    needsArp: false,
    postrouting: (list, packet, at) =>
      at === node && packet.ip.dst === from.ip ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The packet leaves as the load balancer address would answer.') : packet,
  };
  const framed = leavePodForHost(reply, answer, endpointPod, endpointNode, replyFilter, false);
  let back = routeFromNode(reply, framed, endpointNode, replyLeg, {
    where: hostEntry(endpointNode, endpointPod),
    forwarded: true,
    lead: `${endpointNode.name} routes the reply`,
  });
  if (back.kind === 'local') {
    const unmasked = unSnatHop(reply, back.packet, back.node, conntrack, `Routing then sends it towards the client.`);
    back = routeFromNode(reply, unmasked, back.node, replyLeg, { where: eth0Of(back.node), forwarded: true, lead: `${back.node.name} routes the reply` });
  }
  if (back.kind !== 'outside') throw new Error('the reply did not leave the cluster');
  const seen = masquerade
    ? `the pod sees the connection come from ${seenFrom} (${node.name}, masqueraded under externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'}), and conntrack on ${node.name} undoes both the SNAT and the DNAT on the reply`
    : `the pod sees the client's own address ${from.ip} (externalTrafficPolicy ${service.externalTrafficPolicy ?? 'Cluster'} keeps it), and conntrack on ${node.name} undoes the DNAT on the reply`;
  return finish({ flow, from, forward, reply, entry, back: back.packet, answer, listener, node, endpointPod, endpointNode, endpoint, step, rules: RULES_OF[lookup.backend], seen });
}

interface Finish {
  readonly flow: Flow;
  readonly from: ExternalSource;
  readonly forward: HopList;
  readonly reply: HopList;
  readonly entry: EntryPoint;
  /** The reply as it leaves the node towards the client. */
  readonly back: Packet;
  readonly answer: Packet;
  readonly listener: ResolvedFlow['listener'];
  readonly node: ClusterNode;
  readonly endpointPod: Pod;
  readonly endpointNode: ClusterNode;
  readonly endpoint: { readonly ip: string; readonly port: number };
  readonly step: ServiceStep;
  /** Whose rules balanced the connection, e.g. "kube-proxy's iptables rules". */
  readonly rules: string;
  /** What the pod saw and how the reply was un-NATed. */
  readonly seen: string;
}

/** The reply's way back to the client through the load balancer, and the trace. */
function finish(f: Finish): TraceResult {
  const { flow, from, entry, reply, node, endpointPod, endpointNode, endpoint, listener } = f;
  const { service } = entry;
  const protocol = entry.port.protocol;
  if (entry.kind === 'load-balancer') {
    reply.add({
      where: elementId.loadBalancer(service.namespace, service.name),
      kind: 'load-balancer',
      summary:
        `The reply carries the load balancer's address ${entry.address}:${entry.port2} as its source again and goes back to the client through the cloud network ` +
        `(a pass-through load balancer lets the node answer the client directly; the flow's state is the same either way).`,
      packet: f.back,
      capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: 'On the client.' },
    });
  }
  reply.add({
    where: elementId.client(),
    kind: 'deliver',
    summary:
      listener !== undefined
        ? `${describeAnswer(f.answer)} reaches the client from ${entry.address}:${entry.port2}, the address it called: the connection is established.`
        : `${describeAnswer(f.answer)} reaches the client from ${entry.address}:${entry.port2}: the connection is refused.`,
    packet: f.back,
    capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: 'On the client.' },
  });
  const via = endpointNode === node ? `on ${node.name} itself` : `on ${endpointNode.name}, forwarded from ${node.name}`;
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: ${entry.kind === 'load-balancer' ? `the load balancer sends it to ${node.name}, whose ` : ''}${f.rules}${entry.kind === 'load-balancer' ? '' : ` on ${node.name}`} send it to ` +
          `${endpointPod.namespace}/${endpointPod.name} at ${endpoint.ip}:${endpoint.port} ${via}; ${f.seen}.`
        : refusalExplanation(flow, endpointPod, endpoint.port),
    hops: f.forward.toArray(),
    reply: reply.toArray(),
    service: f.step,
  });
}

interface EntryPoint {
  readonly kind: 'load-balancer' | 'node-port';
  readonly service: Service;
  readonly port: ServicePort;
  /** The address the client connects to: the load balancer IP, or the node's. */
  readonly address: string;
  /** The port the client connects to: the Service port on the load balancer, the NodePort on a node. */
  readonly port2: number;
  readonly node: ClusterNode | undefined;
  /** The DNS name the client looked up first. */
  readonly name: string | undefined;
}

type Found = { ok: true; value: EntryPoint } | { ok: false; error: { code: string; message: string } };

/** Where an outside client's connection enters: a load balancer address, or a node address with a NodePort. */
function entryPoint(cluster: Cluster, flow: Flow): Found {
  const to = flow.to;
  const { port, protocol } = to;
  const byBalancer = (service: Service, address: string, name: string | undefined): Found => {
    const found = service.ports.find((p) => p.port === port && p.protocol === protocol);
    if (found === undefined) {
      const ports = service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
      return failed('unknown-service-port', `${service.namespace}/${service.name}'s load balancer has no port ${port}/${protocol}; its ports are ${ports}.`);
    }
    return { ok: true, value: { kind: 'load-balancer', service, port: found, address, port2: port, node: undefined, name } };
  };
  switch (to.kind) {
    case 'name': {
      const name = to.name.replace(/\.$/, '').toLowerCase();
      const service = cluster.services.find((s) => s.externalDnsHostnames?.includes(name) === true);
      if (service === undefined) {
        return failed('unknown-external-name', `No Service publishes ${name} (annotation external-dns.alpha.kubernetes.io/hostname), so the public DNS has no answer the simulator knows; cluster names such as ${name}.svc.cluster.local resolve only inside the cluster.`);
      }
      const address = service.loadBalancerIPs[0];
      if (service.type !== 'LoadBalancer' || address === undefined) {
        return failed('no-load-balancer', `${service.namespace}/${service.name} publishes ${name} but has no load balancer address to publish.`);
      }
      return byBalancer(service, address, name);
    }
    case 'service': {
      const service = cluster.services.find((s) => s.namespace === to.namespace && s.name === to.service);
      const address = service?.loadBalancerIPs[0];
      if (service === undefined || service.type !== 'LoadBalancer' || address === undefined) {
        return failed('not-external', `From outside the cluster, a Service is reached at its load balancer address or at NODE_IP:NODEPORT; svc/${to.namespace}/${to.service} names its ClusterIP, which only answers inside the cluster.`);
      }
      return byBalancer(service, address, undefined);
    }
    case 'pod':
      return failed('not-external', `Pod addresses are not routed from the internet: reach ${to.namespace}/${to.pod} through a NodePort or LoadBalancer Service.`);
    case 'address': {
      const address = to.address;
      const balanced = cluster.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.includes(address));
      if (balanced !== undefined) return byBalancer(balanced, address, undefined);
      const node = cluster.nodes.find((n) => n.internalIP === address);
      if (node !== undefined) {
        for (const service of cluster.services) {
          const found = service.ports.find((p) => p.nodePort === port && p.protocol === protocol);
          if (found !== undefined) return { ok: true, value: { kind: 'node-port', service, port: found, address, port2: port, node, name: undefined } };
        }
        return failed('no-node-port', `No Service has NodePort ${port}/${protocol}, and the simulator knows no other process listening on ${node.name}'s address from outside.`);
      }
      if (cluster.services.some((s) => s.clusterIP === address)) {
        return failed('not-external', `${address} is a ClusterIP: it exists only in each node's kube-proxy rules, and nothing routes it from outside the cluster.`);
      }
      return failed('not-external', `${address} is not a load balancer or node address of this cluster.`);
    }
  }
}

/**
 * The cloud load balancer's choice of node. The service controller registers every node as a
 * backend except those labelled `node.kubernetes.io/exclude-from-external-load-balancers`. Under
 * `Local` the load balancer polls each node's health check node port (`/healthz`, served by
 * kube-proxy): 200 with at least one ready local endpoint, 503 without, and only healthy nodes
 * get traffic.
 */
function pickNode(cluster: Cluster, service: Service, port: ServicePort, flow: Flow, options: TraceOptions): { node: ClusterNode | undefined; summary: string; checks: string[]; reason: string } {
  const backends = cluster.nodes.filter((n) => n.labels['node.kubernetes.io/exclude-from-external-load-balancers'] === undefined);
  const local = service.externalTrafficPolicy === 'Local';
  const hc = service.healthCheckNodePort;
  const localCount = (n: ClusterNode) => port.endpoints.filter((e) => e.nodeName === n.name && e.ready).length;
  const healthy = local ? backends.filter((n) => localCount(n) > 0) : backends;
  const checks = local
    ? backends.map((n) => `GET http://${n.internalIP}:${hc ?? '?'}/healthz → ${localCount(n) > 0 ? '200' : '503'} (${n.name}, localEndpoints: ${localCount(n)})`)
    : backends.map((n) => `backend ${n.name} ${n.internalIP}`);
  const excluded = cluster.nodes.length - backends.length;
  const excludedNote = excluded > 0 ? ` ${excluded} node${excluded === 1 ? ' is' : 's are'} labelled node.kubernetes.io/exclude-from-external-load-balancers and not a backend.` : '';
  const lb = `The cloud load balancer for ${service.namespace}/${service.name}`;
  if (healthy.length === 0) {
    const reason = local
      ? `externalTrafficPolicy is Local and no node has a ready endpoint of ${service.namespace}/${service.name}: every health check on port ${hc ?? '?'} answers 503, so the load balancer has no healthy backend.`
      : `it has no backend node.`;
    return { node: undefined, summary: `${lb} drops the packet: ${reason}${excludedNote}`, checks, reason };
  }
  const pinned = options.node === undefined ? undefined : healthy.find((n) => n.name === options.node);
  const node = pinned ?? healthy[hash32(`lb:${formatFlow(flow)}`) % healthy.length]!;
  const passing = healthy.map((n) => n.name).join(', ');
  const policy = local
    ? `externalTrafficPolicy is Local: it polls each node's health check node port ${hc ?? '?'} (/healthz, answered by kube-proxy) and only nodes with a ready local endpoint answer 200 — ${passing}. The others answer 503 and get no traffic, so the node never has to forward the packet elsewhere.`
    : `externalTrafficPolicy is Cluster: every node is a backend (${passing}), because any node forwards to an endpoint wherever it runs.`;
  return {
    node,
    summary:
      `${lb} (${service.loadBalancerIPs.join(', ')}) picks ${node.name}${pinned !== undefined ? ' (chosen)' : ''} for this connection. ${policy}${excludedNote} ` +
      `It passes the packet on unchanged — a pass-through network load balancer keeps its own address as the destination, which kube-proxy's "loadbalancer IP" rule matches on the node.`,
    checks: [...checks, `chosen: ${node.name}`],
    reason: '',
  };
}

/** kube-proxy rejects (no endpoints): the node answers the client with ICMP port unreachable. */
function rejected(flow: Flow, forward: HopList, reply: HopList, packet: Packet, node: ClusterNode, client: string, reason: string, step: ServiceStep): TraceResult {
  const icmp: Packet = {
    eth: { src: node.eth0.mac, dst: gatewayMac(node.routes.find((r) => r.destination === 'default')?.via ?? node.internalIP) },
    ip: { src: node.internalIP, dst: client, ttl: INITIAL_TTL, protocol: 'ICMP' },
    l4: { protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' },
  };
  forward.add({
    where: elementId.kubeProxy(node.name),
    kind: 'refuse',
    summary: `${reason} kube-proxy's REJECT answers in place of a server.`,
    packet,
    capture: { command: `iptables -t filter -L KUBE-EXTERNAL-SERVICES -v -n`, note: undefined },
  });
  reply.add({
    where: elementId.kubeProxy(node.name),
    kind: 'kernel-reply',
    summary: `${node.name} sends ICMP type 3 code 3 (port unreachable) from ${node.internalIP} to ${client}, out of eth0.`,
    packet: icmp,
    capture: { command: `tcpdump -eni eth0 'icmp and host ${client}'`, note: undefined },
    fresh: true,
  });
  reply.add({
    where: elementId.client(),
    kind: 'deliver',
    summary: `The port-unreachable reaches the client: connect() fails with ECONNREFUSED ("connection refused").`,
    packet: icmp,
    capture: { command: `tcpdump -ni any 'icmp and host ${client}'`, note: 'On the client.' },
  });
  return done({ flow, verdict: 'refused', explanation: `${formatFlow(flow)} is refused on ${node.name}: ${reason}`, hops: forward.toArray(), reply: reply.toArray(), service: step });
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}

function failed(code: string, message: string): Found {
  return { ok: false, error: { code, message } };
}

