import { dump } from 'js-yaml';
import type { Pod, Protocol } from '../cluster/types';

/** A change to the manifests that would allow exactly one dropped connection. */
export interface PolicyFix {
  /** One sentence: what the change does and why it is enough. */
  readonly summary: string;
  /** The NetworkPolicy documents to add, as YAML (one or two documents, `---`-separated). */
  readonly yaml: string;
}

/**
 * Labels that name one instance rather than the workload (a pod-template-hash changes with every
 * rollout); selecting on them would break the fix at the next deployment.
 */
const INSTANCE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
  'batch.kubernetes.io/controller-uid',
  'controller-uid',
]);

function stableLabels(pod: Pod): Record<string, string> {
  return Object.fromEntries(Object.entries(pod.labels).filter(([key]) => !INSTANCE_LABELS.has(key)));
}

/**
 * The smallest addition that admits this connection and nothing else: NetworkPolicies are a
 * union of allows, so one new policy per blocked side is enough and leaves every existing rule
 * as it is. The ingress policy selects the destination and admits the source on the port; the
 * egress one selects the source and admits the destination. Pods are matched by their workload
 * labels (instance labels left out); a pod without labels is matched by no selector, so the fix
 * then says to label it.
 */
export function suggestPolicyFix(
  source: Pod,
  destination: Pod,
  port: number,
  protocol: Protocol,
  blocked: { readonly egress: boolean; readonly ingress: boolean },
): PolicyFix | undefined {
  const sourceLabels = stableLabels(source);
  const destinationLabels = stableLabels(destination);
  if (Object.keys(sourceLabels).length === 0 || Object.keys(destinationLabels).length === 0) return undefined;
  const peer = (pod: Pod, labels: Record<string, string>, policyNamespace: string) => ({
    podSelector: { matchLabels: labels },
    // Without a namespaceSelector a podSelector only looks in the policy's own namespace.
    ...(pod.namespace === policyNamespace ? {} : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pod.namespace } } }),
  });
  const ports = [{ protocol, port }];
  const documents: object[] = [];
  const names: string[] = [];
  if (blocked.ingress) {
    const name = policyName('allow', source, 'to', destination, port);
    names.push(`${destination.namespace}/${name}`);
    documents.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: destination.namespace },
      spec: { podSelector: { matchLabels: destinationLabels }, policyTypes: ['Ingress'], ingress: [{ from: [peer(source, sourceLabels, destination.namespace)], ports }] },
    });
  }
  if (blocked.egress) {
    const name = policyName('allow', source, 'egress-to', destination, port);
    names.push(`${source.namespace}/${name}`);
    documents.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: source.namespace },
      spec: { podSelector: { matchLabels: sourceLabels }, policyTypes: ['Egress'], egress: [{ to: [peer(destination, destinationLabels, source.namespace)], ports }] },
    });
  }
  if (documents.length === 0) return undefined;
  const sides = blocked.ingress && blocked.egress ? 'both sides' : blocked.ingress ? 'the destination' : 'the source';
  return {
    summary: `Add ${names.join(' and ')}: ${documents.length === 1 ? 'a policy' : 'policies'} on ${sides} that admit${documents.length === 1 ? 's' : ''} ${source.namespace}/${source.name} → ${destination.namespace}/${destination.name} on ${protocol} ${port} only; allows add up, so no existing rule changes.`,
    yaml: documents.map((d) => dump(d, { lineWidth: -1, flowLevel: -1 })).join('---\n'),
  };
}

function policyName(verb: string, from: Pod, link: string, to: Pod, port: number): string {
  const name = `${verb}-${from.workload.name}-${link}-${to.workload.name}-${port}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, '');
}
