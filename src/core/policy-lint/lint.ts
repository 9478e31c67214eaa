import type { Diagnostic } from '../manifest/types';
import type { Cluster, Namespace, Pod, Service } from '../cluster/types';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import { labelIndexesByNamespace } from '../cluster/label-index';
import { evaluate } from '../policy/evaluate';
import { selectorMatches } from '../policy/selectors';
import type { NetworkPolicy, PolicyRule } from '../policy/types';
import type { PolicyWorld } from '../policy/world';
import { lintMessages } from './messages';

type Say = (text: { code: string; message: string }, span: Diagnostic['span']) => void;
type ClusterParts = Pick<Cluster, 'namespaces' | 'pods' | 'services' | 'networkPolicies' | 'settings'>;

/**
 * Warnings a policy author needs: rules that are valid but do not do what they look like
 * they do. Each points at the field to change.
 */
export function lintPolicies(cluster: ClusterParts): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const world = policyWorldOf(cluster);
  const warn: Say = (text, span) => diagnostics.push({ severity: 'warning', ...text, span });
  const note: Say = (text, span) => diagnostics.push({ severity: 'info', ...text, span });
  // Policies never select hostNetwork pods.
  const indexOf = labelIndexesByNamespace(cluster.pods.filter((p) => p.network.kind === 'pod'));
  // The first CoreDNS pod, looked for once rather than per policy (a big cluster has thousands of both).
  const dns = cluster.pods.find((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns');
  for (const policy of cluster.networkPolicies) {
    // Thousands of policies over thousands of pods: only the pods with the selector's rarest label are tested.
    const candidates = indexOf(policy.namespace).candidates(policy.podSelector.matchLabels);
    const selected = candidates.filter((p) => selectorMatches(policy.podSelector, p.labels));
    // A policy whose podSelector matches no pod in its namespace protects nothing: usually a typo in a label.
    if (selected.length === 0) warn(lintMessages.policySelectsNothing(`${policy.namespace}/${policy.name}`), policy.podSelector.span);
    checkDns(world, policy, selected, dns, warn);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      checkPeers(rule, cluster.namespaces, warn, note);
      if (rule.direction === 'ingress') checkPorts(rule, selected, cluster.services, warn);
    }
  }
  return diagnostics;
}

/** A default-deny egress policy cuts pods off from DNS unless some rule lets UDP 53 reach CoreDNS. */
function checkDns(world: PolicyWorld, policy: NetworkPolicy, selected: readonly Pod[], dns: Pod | undefined, warn: Say): void {
  if (!policy.affectsEgress || selected.length === 0 || dns === undefined) return;
  const blocked = selected.some(
    (pod) => !evaluate(world, { kind: 'pod', pod: policyPod(pod) }, { kind: 'pod', pod: policyPod(dns) }, 53, 'UDP').allowed,
  );
  if (blocked) warn(lintMessages.dnsBlocked(`NetworkPolicy ${policy.namespace}/${policy.name}`, `CoreDNS (${dns.namespace}/${dns.name})`), policy.policyTypesSpan);
}

function checkPeers(rule: PolicyRule, namespaces: readonly Namespace[], warn: Say, note: Say): void {
  const peers = rule.peers ?? [];
  for (const peer of peers) {
    if (peer.kind !== 'selectors' || peer.namespaceSelector === undefined) continue;
    for (const [key, value] of Object.entries(peer.namespaceSelector.matchLabels)) {
      if (!namespaces.some((ns) => ns.labels[key] === value)) warn(lintMessages.namespaceLabelUnused(key, value), peer.namespaceSelector.span);
    }
  }
  const onlyNamespace = peers.find((p) => p.kind === 'selectors' && p.namespaceSelector !== undefined && p.podSelector === undefined);
  const onlyPods = peers.find((p) => p.kind === 'selectors' && p.podSelector !== undefined && p.namespaceSelector === undefined);
  // Often meant, sometimes not: a note rather than a warning.
  if (peers.length === 2 && onlyNamespace !== undefined && onlyPods !== undefined) note(lintMessages.splitPeer(rule.direction), onlyPods.span);
}

/** Ingress ports are matched on the selected pods: a named port must exist there, and a Service's port number is the wrong number. */
function checkPorts(rule: PolicyRule, selected: readonly Pod[], services: readonly Service[], warn: Say): void {
  if (selected.length === 0) return;
  const declared = (pod: Pod, match: (name: string | undefined, port: number, protocol: string) => boolean) =>
    pod.containers.some((c) => c.ports.some((p) => match(p.name, p.containerPort, p.protocol)));
  for (const entry of rule.ports ?? []) {
    if (typeof entry.port === 'string') {
      const name = entry.port;
      if (!selected.some((pod) => declared(pod, (n, _, protocol) => n === name && protocol === entry.protocol))) {
        warn(lintMessages.namedPortUndeclared(name, entry.protocol), entry.span);
      }
    } else if (typeof entry.port === 'number' && entry.endPort === undefined) {
      const number = entry.port;
      if (selected.some((pod) => declared(pod, (_, port, protocol) => port === number && protocol === entry.protocol))) continue;
      const service = services.find(
        (s) => s.namespace === selected[0]!.namespace && s.selector !== undefined && selected.some((p) => Object.entries(s.selector!).every(([k, v]) => p.labels[k] === v)) &&
          s.ports.some((p) => p.port === number && p.protocol === entry.protocol && p.targetPort !== number),
      );
      const servicePort = service?.ports.find((p) => p.port === number && p.protocol === entry.protocol);
      if (service !== undefined && servicePort !== undefined) {
        warn(lintMessages.servicePort(number, `${service.namespace}/${service.name}`, String(servicePort.targetPort)), entry.span);
      }
    }
  }
}
