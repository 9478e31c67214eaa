import type { Diagnostic, ManifestObject } from '../manifest/types';
import { addressAt, parsePrefix } from '../net/ipv4';
import { pastedEndpoints, resolveTargetPort, selectorEndpoints } from './endpoints';
import { labelIndexesByNamespace } from './label-index';
import type { ServiceSpec } from './read-service';
import { reporterFor } from './read-template';
import { NODE_PORT_FIRST, NODE_PORT_LAST, NodePortAllocator, type ClusterIPAllocator } from './service-ipam';
import { serviceMessages } from './service-messages';
import type { ClusterNode, ClusterSettings, Endpoint, Pod, Service } from './types';

/**
 * Turns Service specs into Services with addresses and endpoints: requested ClusterIPs and
 * NodePorts are checked and reserved first, then the rest are allocated; LoadBalancers get
 * their `status` addresses or one from the settings' pool.
 */
export function assembleServices(
  specs: readonly ServiceSpec[],
  pods: readonly Pod[],
  nodes: readonly ClusterNode[],
  objects: readonly ManifestObject[],
  clusterIPs: ClusterIPAllocator,
  settings: ClusterSettings,
  diagnostics: Diagnostic[],
): Service[] {
  const nodePorts = new NodePortAllocator();
  const id = (s: ServiceSpec) => `${s.namespace}/${s.name}`;
  const requested = new Map<ServiceSpec, string>();
  for (const spec of specs) {
    if (spec.clusterIP === undefined || spec.clusterIP === 'None') continue;
    const report = reporterFor(spec.object, diagnostics);
    if (!clusterIPs.contains(spec.clusterIP)) {
      report(serviceMessages.clusterIPOutside(spec.clusterIP, clusterIPs.cidr), ['spec', 'clusterIP']);
      continue;
    }
    const holder = clusterIPs.holder(spec.clusterIP);
    if (holder !== undefined) {
      report(serviceMessages.clusterIPTaken(spec.clusterIP, holder), ['spec', 'clusterIP']);
      continue;
    }
    clusterIPs.reserve(spec.clusterIP, id(spec));
    requested.set(spec, spec.clusterIP);
  }
  for (const spec of specs) {
    for (const port of spec.ports) {
      if (port.nodePort === undefined) continue;
      const report = reporterFor(spec.object, diagnostics);
      if (port.nodePort < NODE_PORT_FIRST || port.nodePort > NODE_PORT_LAST) {
        report(serviceMessages.nodePortRange(port.nodePort), ['spec', 'ports', port.index, 'nodePort']);
        continue;
      }
      const holder = nodePorts.holder(port.nodePort, port.protocol);
      if (holder !== undefined) report(serviceMessages.nodePortTaken(port.nodePort, port.protocol, holder), ['spec', 'ports', port.index, 'nodePort']);
      else nodePorts.reserve(port.nodePort, port.protocol, id(spec));
    }
  }

  const lbPool = parsePrefix(settings.loadBalancerCIDR);
  const indexOf = labelIndexesByNamespace(pods);
  const selectedBy = (namespace: string, selector: Readonly<Record<string, string>>): Pod[] => indexOf(namespace).select(selector);
  let nextLB = 10;
  return specs.map((spec): Service => {
    const report = reporterFor(spec.object, diagnostics);
    const headless = spec.clusterIP === 'None';
    const hasIP = !headless && spec.type !== 'ExternalName';
    let clusterIP = requested.get(spec);
    if (hasIP && clusterIP === undefined) {
      clusterIP = clusterIPs.allocate(id(spec));
      if (clusterIP === undefined) report(serviceMessages.serviceCIDRFull(clusterIPs.cidr), ['spec']);
    }

    const selected = spec.selector === undefined ? [] : selectedBy(spec.namespace, spec.selector);
    if (spec.selector !== undefined && selected.length === 0 && spec.object.builtin !== true) {
      report(serviceMessages.selectorMatchesNothing(id(spec)), ['spec', 'selector'], 'warning');
    }
    const ports = spec.ports.map((port) => {
      if (typeof port.targetPort === 'string' && selected.length > 0 && selected.every((p) => resolveTargetPort(port, p) === undefined)) {
        report(serviceMessages.targetPortUndeclared(port.targetPort, port.protocol), ['spec', 'ports', port.index, 'targetPort'], 'warning');
      }
      // A LoadBalancer may opt out of node ports (allocateLoadBalancerNodePorts: false), for load balancers that reach pods directly.
      const needsNodePort = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts);
      const nodePort = !needsNodePort
        ? undefined
        : port.nodePort !== undefined && nodePorts.holder(port.nodePort, port.protocol) === id(spec)
          ? port.nodePort
          : nodePorts.allocate(port.protocol, `${id(spec)}/${port.name ?? port.port}`);
      let endpoints: Endpoint[];
      if (spec.type === 'ExternalName') endpoints = [];
      else if (spec.selector !== undefined) endpoints = selectorEndpoints(spec, port, selected);
      else if (spec.object.builtin === true && spec.name === 'kubernetes' && nodes[0] !== undefined) {
        // The API server listens on the control-plane node's own address (host network).
        const controlPlane = nodes.find((n) => 'node-role.kubernetes.io/control-plane' in n.labels) ?? nodes[0];
        endpoints = [{ ip: controlPlane.internalIP, port: 6443, pod: undefined, nodeName: controlPlane.name, ready: true, hostname: undefined }];
      } else endpoints = pastedEndpoints(spec, port, objects, pods);
      return { name: port.name, port: port.port, protocol: port.protocol, targetPort: port.targetPort, nodePort, endpoints, span: port.span };
    });

    // kube-proxy answers the load balancer's health checks on this port, on every node, for eTP Local.
    let healthCheckNodePort: number | undefined;
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
      const pinned = spec.healthCheckNodePort;
      if (pinned !== undefined && nodePorts.holder(pinned, 'TCP') === undefined) {
        nodePorts.reserve(pinned, 'TCP', id(spec));
        healthCheckNodePort = pinned;
      } else {
        if (pinned !== undefined) report(serviceMessages.nodePortTaken(pinned, 'TCP', nodePorts.holder(pinned, 'TCP') ?? ''), ['spec', 'healthCheckNodePort']);
        healthCheckNodePort = nodePorts.allocate('TCP', `${id(spec)}/healthz`);
      }
    }
    const loadBalancerIPs =
      spec.type !== 'LoadBalancer' ? [] : spec.loadBalancerIPs.length > 0 ? spec.loadBalancerIPs : [addressAt(lbPool, nextLB++)];
    return {
      namespace: spec.namespace,
      name: spec.name,
      type: spec.type,
      clusterIP: hasIP ? clusterIP : undefined,
      headless,
      selector: spec.selector,
      ports,
      externalName: spec.externalName,
      loadBalancerIPs,
      externalIPs: spec.externalIPs,
      loadBalancerSourceRanges: spec.loadBalancerSourceRanges,
      externalDnsHostnames: spec.externalDnsHostnames,
      externalTrafficPolicy: spec.externalTrafficPolicy,
      internalTrafficPolicy: spec.internalTrafficPolicy,
      sessionAffinity: spec.sessionAffinity,
      sessionAffinityTimeoutSeconds: spec.sessionAffinityTimeoutSeconds,
      publishNotReadyAddresses: spec.publishNotReadyAddresses,
      healthCheckNodePort,
      implicit: spec.object.builtin === true,
      span: spec.object.builtin === true ? undefined : spec.object.span,
    };
  });
}
