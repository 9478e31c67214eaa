import { parseManifests } from '../manifest/parse';
import { buildCluster } from './build';
import { DEFAULT_SETTINGS } from './settings';
import type { Cluster, ClusterSettings, Pod, PodNamespaceNetwork } from './types';

/** Builds a cluster from YAML for tests, with settings overrides. */
export function clusterOf(text: string, settings: Partial<ClusterSettings> = {}): Cluster {
  return buildCluster(parseManifests(text), { ...DEFAULT_SETTINGS, ...settings });
}

/** The pods the text defines, without the CoreDNS pods every cluster gets. */
export function userPods(cluster: Cluster) {
  return cluster.pods.filter((p) => !p.implicit);
}

/** Diagnostics as `[code, line]` pairs, leaving out infos, for compact assertions. */
export function problems(cluster: Cluster): [string, number][] {
  return cluster.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.code, d.span.line]);
}

/** The severity of each diagnostic code that occurs, to pin which problems are errors and which warnings. */
export function severities(cluster: Cluster): Record<string, string> {
  return Object.fromEntries(cluster.diagnostics.map((d) => [d.code, d.severity]));
}

/** The pod's own network namespace (eth0, veth, routes); fails the test for a hostNetwork pod. */
export function netns(pod: Pod | undefined): PodNamespaceNetwork {
  if (pod === undefined || pod.network.kind !== 'pod') throw new Error(`expected a pod with its own network namespace, got ${pod?.name ?? 'nothing'}`);
  return pod.network;
}
