/**
 * The API group/version each simulated kind is served at today, and older ones that
 * clusters no longer serve (with the release that removed them), so a stale manifest
 * gets the message `kubectl apply` would print.
 */
export const SERVED_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['v1'],
  Service: ['v1'],
  Namespace: ['v1'],
  Node: ['v1'],
  Endpoints: ['v1'],
  ConfigMap: ['v1'],
  Secret: ['v1'],
  ServiceAccount: ['v1'],
  ReplicationController: ['v1'],
  Deployment: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  Ingress: ['networking.k8s.io/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
};

const REMOVED: Readonly<Record<string, string>> = {
  'extensions/v1beta1': '1.16 (1.22 for Ingress)',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'batch/v1beta1': '1.25',
  'networking.k8s.io/v1beta1': '1.22',
  'discovery.k8s.io/v1beta1': '1.25',
};

/** Undefined when `apiVersion` serves `kind` (or the kind is not one we know); else the problem. */
export function apiVersionProblem(kind: string, apiVersion: string): string | undefined {
  const served = SERVED_VERSIONS[kind];
  if (served === undefined || served.includes(apiVersion)) return undefined;
  // Another project's kind of the same name (Calico's projectcalico.org/v3 NetworkPolicy) is not ours to judge.
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  if (group.includes('.') && !group.endsWith('k8s.io')) return undefined;
  const removed = REMOVED[apiVersion];
  const hint = removed === undefined ? '' : ` (${apiVersion} was removed in Kubernetes ${removed})`;
  return `no matches for kind "${kind}" in version "${apiVersion}"${hint}; use apiVersion: ${served[0] ?? ''}. It is simulated as if it said so.`;
}
