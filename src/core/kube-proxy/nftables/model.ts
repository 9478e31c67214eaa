import type { Service, ServicePort } from '../../cluster/types';

/**
 * `table ip kube-proxy` as data: sets, verdict maps and chains whose rules are matches plus one
 * statement. The text `nft list table` prints is rendered from this (render.ts) and the packet
 * walk reads the same data (walk.ts), so what is shown is what is walked.
 */

export type L4 = 'tcp' | 'udp' | 'sctp';

/** One field of a set key: `ipv4_addr`, `inet_proto`, `inet_service`. */
export type KeyPart =
  | { readonly kind: 'ip'; readonly value: string }
  | { readonly kind: 'proto'; readonly value: L4 }
  | { readonly kind: 'port'; readonly value: number };

export type MapVerdict = { readonly kind: 'goto'; readonly chain: string } | { readonly kind: 'drop' };

/** The Service port an element or chain was written for, so a verdict can name it. */
export interface Owner {
  readonly service: Service;
  readonly port: ServicePort;
}

export interface NftElement {
  readonly key: readonly KeyPart[];
  readonly comment?: string;
  /** The value of a verdict map's element. */
  readonly verdict?: MapVerdict;
  readonly owner?: Owner;
}

export interface NftSet {
  readonly name: string;
  readonly map: boolean;
  /** As nft prints it: `ipv4_addr . inet_proto . inet_service : verdict`. */
  readonly type: string;
  readonly comment?: string;
  /** Lines nft prints after the type (`size 65535`, `flags dynamic,timeout`, `timeout 3h`). */
  readonly properties?: readonly string[];
  readonly elements: readonly NftElement[];
}

export type Match =
  /** `ip saddr 10.0.0.0/8`, `ip daddr != 172.30.0.41`, `ip saddr != { a, b }` (several values). */
  | { readonly kind: 'ip'; readonly field: 'saddr' | 'daddr'; readonly negate: boolean; readonly values: readonly string[] }
  /** `ip daddr @cluster-ips`. */
  | { readonly kind: 'ip-set'; readonly field: 'saddr' | 'daddr'; readonly set: string }
  /** `fib saddr type local`: the source is one of the node's own addresses. */
  | { readonly kind: 'fib-saddr-local' }
  /** `ct state new`: the first packet of a connection. */
  | { readonly kind: 'ct-new' }
  /** `meta mark & MARK == 0x00000000`. */
  | { readonly kind: 'mark-clear'; readonly mark: number }
  /** `meta l4proto tcp`. */
  | { readonly kind: 'l4proto'; readonly proto: L4 };

export type Statement =
  | { readonly kind: 'jump' | 'goto'; readonly chain: string }
  /** `ip daddr . meta l4proto . th dport vmap @map` or `meta l4proto . th dport vmap @map`. */
  | { readonly kind: 'vmap'; readonly key: 'daddr-proto-port' | 'proto-port'; readonly map: string }
  /** `numgen random mod N vmap { 0 : goto A, 1 : goto B }`. */
  | { readonly kind: 'numgen'; readonly targets: readonly string[] }
  | { readonly kind: 'return' | 'drop' | 'reject' | 'masquerade' }
  | { readonly kind: 'mark-or' | 'mark-xor'; readonly mark: number }
  | { readonly kind: 'dnat'; readonly ip: string; readonly port: number }
  /** `update @affinity-… { ip saddr }`: remember the client for session affinity. */
  | { readonly kind: 'update-affinity'; readonly set: string };

export interface NftRule {
  readonly matches: readonly Match[];
  readonly statement: Statement;
  readonly comment?: string;
}

export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export interface NftChain {
  readonly name: string;
  readonly base?: { readonly type: 'filter' | 'nat'; readonly hook: Hook; readonly priority: number };
  readonly comment?: string;
  readonly rules: readonly NftRule[];
  readonly owner?: Owner;
}

export interface NftTable {
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
}

export const TABLE = 'ip kube-proxy';
