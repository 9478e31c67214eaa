/**
 * Reachability over many endpoints at once. `connectionMatrix` works per equivalence class of
 * verdicts (classes.ts, class-matrix.ts). `ReachabilityCache` is the older, simpler memo that
 * connlist uses: pods with the same namespace, labels and container ports (and, where it can
 * matter, the ipBlocks holding their address, hostNetwork flag and node) are selected by the same
 * policies, matched by the same peers and resolve named ports alike, so each pair of such
 * classes is asked once.
 */
import { ALL_CONNECTIONS, type ConnectionSet } from './connection-set';
import { allowedBetween } from './allowed';
import { connectionMatrixOf } from './class-matrix';
import { resolveEndpoint, type ResolvedEndpoint } from './peers';
import { ipSetContains, ipSetOfPeer, parseAddress, type IpSet } from './ip-blocks';
import type { PolicyEndpoint, PolicyPod } from './types';
import type { PolicyWorld } from './world';

/**
 * The class of a pod: equal keys, equal verdicts (except a pod with itself, which is always
 * allowed). The address only matters through the ipBlocks that contain it, so the key holds
 * which of the world's ipBlocks match rather than the address itself. The node matters only next
 * to node traffic (hostNetwork pods, node endpoints: a pod and its own node always talk); a
 * caller that asks about pods alone passes `nodesMatter = false`, so pods of one Deployment
 * spread over many nodes still share one class.
 */
export function podClassKey(world: PolicyWorld, pod: PolicyPod, nodesMatter = true): string {
  const labels = Object.entries(pod.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ports = pod.ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`).sort();
  const addressMatters = world.settings.ipBlockMatchesPods || pod.hostNetwork;
  return JSON.stringify([
    pod.namespace,
    labels,
    ports,
    pod.hostNetwork,
    pod.hostNetwork || nodesMatter ? (pod.nodeName ?? null) : null,
    addressMatters ? addressSignature(world, pod.ip) : null,
  ]);
}

const ipBlocksOfWorld = new WeakMap<PolicyWorld, readonly IpSet[]>();

/** Which of the world's ipBlocks contain `ip`, as a string of 0s and 1s. */
function addressSignature(world: PolicyWorld, ip: string | undefined): string | null {
  if (ip === undefined) return null;
  let blocks = ipBlocksOfWorld.get(world);
  if (blocks === undefined) {
    blocks = world.policies.flatMap((policy) =>
      [...policy.ingress, ...policy.egress].flatMap((rule) => (rule.peers ?? []).flatMap((peer) => (peer.kind === 'ipBlock' ? [ipSetOfPeer(peer)] : []))),
    );
    ipBlocksOfWorld.set(world, blocks);
  }
  if (blocks.length === 0) return '';
  const address = parseAddress(ip);
  if (address === undefined) return ip;
  return blocks.map((set) => (ipSetContains(set, address) ? '1' : '0')).join('');
}

export function endpointClassKey(world: PolicyWorld, endpoint: PolicyEndpoint, nodesMatter = true): string {
  return endpoint.kind === 'pod' ? `pod:${podClassKey(world, endpoint.pod, nodesMatter)}` : JSON.stringify(endpoint);
}

/**
 * Memoises `allowedBetween` per pair of equivalence classes. Create one per world and reuse it
 * for every question about that world.
 */
export class ReachabilityCache {
  /** Class key → small number, so that a pair of classes is one numeric map key. */
  private readonly classIds = new Map<string, number>();
  private readonly results = new Map<number, ConnectionSet>();

  /** `nodesMatter`: false when no endpoint asked about is a node or a hostNetwork pod. */
  constructor(
    private readonly world: PolicyWorld,
    private readonly nodesMatter = true,
  ) {}

  /** Resolves an endpoint once, with its class, for repeated questions. */
  prepare(endpoint: PolicyEndpoint): PreparedEndpoint {
    const key = endpointClassKey(this.world, endpoint, this.nodesMatter || (endpoint.kind === 'pod' && endpoint.pod.hostNetwork));
    let classId = this.classIds.get(key);
    if (classId === undefined) {
      classId = this.classIds.size;
      this.classIds.set(key, classId);
    }
    return { resolved: resolveEndpoint(endpoint), classId };
  }

  between(source: PreparedEndpoint, destination: PreparedEndpoint): ConnectionSet {
    if (isSamePod(source.resolved, destination.resolved)) return ALL_CONNECTIONS;
    // 2^26 classes per side keep the pair key an exact integer.
    const key = source.classId * 67_108_864 + destination.classId;
    let result = this.results.get(key);
    if (result === undefined) {
      result = allowedBetween(this.world, source.resolved, destination.resolved);
      this.results.set(key, result);
    }
    return result;
  }
}

export interface PreparedEndpoint {
  readonly resolved: ResolvedEndpoint;
  /** Endpoints of one equivalence class share it (per cache). */
  readonly classId: number;
}

/**
 * `matrix[i][j]`: what `endpoints[i]` may open to `endpoints[j]`, computed per pair of
 * equivalence classes (class-matrix.ts) and then per endpoint pair only for the pairs that are
 * always allowed (a pod with itself, a node with its pods).
 */
export function connectionMatrix(world: PolicyWorld, endpoints: readonly PolicyEndpoint[]): ConnectionSet[][] {
  return connectionMatrixOf(world, endpoints);
}

function isSamePod(a: ResolvedEndpoint, b: ResolvedEndpoint): boolean {
  return (
    a.endpoint.kind === 'pod' &&
    b.endpoint.kind === 'pod' &&
    a.endpoint.pod.namespace === b.endpoint.pod.namespace &&
    a.endpoint.pod.name === b.endpoint.pod.name
  );
}
