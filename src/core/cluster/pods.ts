import type { Diagnostic, ManifestObject } from '../manifest/types';
import { isMapping } from '../manifest/parse';
import { deterministicMac } from '../net/mac';
import type { CniProfile } from './cni-profile';
import { readPodTemplate } from './read-template';
import type { ClusterNode, ClusterSettings, Interface, Pod } from './types';
import { controllerOf, workloadOfPod, type PlannedPod } from './workloads';

/** What a dump's `status` says about a pod. */
export interface PodStatus {
  readonly podIP: string | undefined;
  readonly hostIP: string | undefined;
  readonly phase: string | undefined;
  readonly ready: boolean;
}

export function readPodStatus(object: ManifestObject): PodStatus {
  const status = isMapping(object.body.status) ? object.body.status : undefined;
  if (status === undefined) return { podIP: undefined, hostIP: undefined, phase: undefined, ready: true };
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isMapping) : [];
  const readyCondition = conditions.find((c) => c.type === 'Ready');
  return {
    podIP: text(status.podIP),
    hostIP: text(status.hostIP),
    phase: text(status.phase),
    // Without conditions (hand-written status) the pod counts as ready; with them, Ready must be True.
    ready: readyCondition === undefined ? true : readyCondition.status === 'True',
  };
}

/** A pasted Pod as a pod to place, with the owner its ownerReferences name. */
export function planPastedPod(object: ManifestObject, byKey: ReadonlyMap<string, ManifestObject>, diagnostics: Diagnostic[]): PlannedPod | undefined {
  const template = readPodTemplate(object, ['metadata'], ['spec'], diagnostics);
  if (template === undefined) return undefined;
  const owner = controllerOf(object);
  return {
    namespace: object.namespace ?? 'default',
    name: object.name,
    template,
    labels: template.labels,
    owner: owner === undefined || owner.kind === '' ? undefined : owner,
    workload: workloadOfPod(object, owner, byKey),
    generated: false,
    daemonSetNode: undefined,
    hostname: template.hostname,
    subdomain: template.subdomain,
    span: object.span,
  };
}

/*
 * A pod's two interfaces have MACs and a host veth name derived from its identity, each a SHA-256:
 * three per pod, most of which a big cluster never shows. They are worked out the first time
 * they are read. As enumerable getters they are still own properties, which JSON, structured
 * clone and `toEqual` read like any other (build.test.ts checks the values survive copies).
 */

/** The pod's `eth0`. */
function podEth0(identity: string, cidr: string, mtu: number): Interface {
  let mac: string | undefined;
  return {
    name: 'eth0',
    get mac() {
      return (mac ??= deterministicMac(`${identity}/eth0`));
    },
    cidr,
    mtu,
  };
}

/** The host end of the pod's veth pair: named by the plugin, with the plugin's MAC or one of its own. */
function podHostVeth(profile: CniProfile, namespace: string, pod: string, identity: string): Interface {
  let name: string | undefined;
  let mac: string | undefined;
  return {
    get name() {
      return (name ??= profile.hostVethName(namespace, pod));
    },
    get mac() {
      return (mac ??= profile.hostVethMac ?? deterministicMac(`${identity}/host-veth`));
    },
    cidr: undefined,
    mtu: profile.mtu,
  };
}

/**
 * Plugs a placed pod into its node: eth0 in the pod, a veth end on the bridge, the plugin's routes;
 * or nothing at all for a hostNetwork pod, which lives in the node's own namespace.
 */
export function wirePod(
  planned: PlannedPod,
  node: ClusterNode,
  ip: string,
  ipFromStatus: boolean,
  ready: boolean,
  profile: CniProfile,
  settings: ClusterSettings,
): Pod {
  const identity = `${planned.namespace}/${planned.name}`;
  const prefixLength =
    profile.podPrefix === 'host' ? 32 : Number((profile.podPrefix === 'cluster' ? settings.clusterCIDR : node.podCIDR).split('/')[1]);
  // The bridge's address, or Cilium's router IP on cilium_host.
  const gateway = (node.bridge?.cidr ?? node.cilium?.host.cidr ?? '').split('/')[0] ?? '';
  return {
    namespace: planned.namespace,
    name: planned.name,
    labels: planned.labels,
    nodeName: node.name,
    ip,
    ipFromStatus,
    network: planned.template.hostNetwork
      ? { kind: 'host' }
      : {
          kind: 'pod',
          eth0: podEth0(identity, `${ip}/${prefixLength}`, profile.mtu),
          hostVeth: podHostVeth(profile, planned.namespace, planned.name, identity),
          routes: profile.podRoutes(ip, node.podCIDR, gateway, settings.clusterCIDR),
        },
    containers: planned.template.containers,
    volumes: planned.template.volumes,
    owner: planned.owner,
    workload: planned.workload,
    generated: planned.generated,
    implicit: planned.template.object.builtin === true,
    ready,
    hostname: planned.hostname,
    subdomain: planned.subdomain,
    dnsPolicy: planned.template.dns.dnsPolicy,
    dnsConfig: planned.template.dns.dnsConfig,
    span: planned.span,
  };
}
