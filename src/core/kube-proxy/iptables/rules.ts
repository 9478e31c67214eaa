import type { Endpoint, Service, ServicePort } from '../../cluster/types';

/**
 * A node's kube-proxy rules as data: per table, the chains and, per chain, the rules in the
 * order kube-proxy writes them. A rule is its argument list exactly as kube-proxy passes it to
 * `iptables-restore` (the text is these arguments joined by spaces); the packet walk interprets
 * the same arguments, so what is printed and what is simulated cannot drift apart.
 */

export type TableName = 'filter' | 'nat' | 'mangle';

/** The Service port a rule was written for, and why, for the walk's explanations. */
export interface RuleOwner {
  readonly service: Service;
  readonly port: ServicePort;
  /** `ns/name:port` as kube-proxy prints it in comments. */
  readonly servicePort: string;
  /** The endpoint of a KUBE-SEP chain. */
  readonly endpoint?: Endpoint;
  /** For a filter rule that rejects or drops: what a person should be told. */
  readonly verdict?: { readonly kind: 'reject' | 'drop'; readonly reason: string };
}

export interface IptablesRule {
  readonly chain: string;
  /** The arguments after `-A <chain>`. */
  readonly args: readonly string[];
  readonly owner?: RuleOwner;
}

export interface IptablesTable {
  readonly name: TableName;
  /** Built-in chains kube-proxy (and the kubelet) hook into, in the kernel's order. */
  readonly builtinChains: readonly string[];
  /** The chains kube-proxy declares in its `iptables-restore` payload. */
  readonly chains: readonly string[];
  /** Empty chains that exist on the node but are not in the payload (the canaries). */
  readonly otherChains: readonly string[];
  /** Rules per chain, each list in write order. */
  readonly rules: ReadonlyMap<string, readonly IptablesRule[]>;
}

/** A KUBE-SVC- or KUBE-SVL- chain: which endpoints its rules choose among, in rule order. */
export interface Dispatcher {
  readonly owner: RuleOwner;
  readonly policy: 'Cluster' | 'Local';
  readonly endpoints: readonly Endpoint[];
}

export interface IptablesRuleset {
  readonly nodeName: string;
  /** The node's own addresses (`-m addrtype --*-type LOCAL`), loopback included as 127.0.0.0/8. */
  readonly localAddresses: readonly string[];
  /** The packet-mark bit KUBE-MARK-MASQ sets, e.g. 0x4000. */
  readonly masqueradeMark: number;
  readonly tables: { readonly filter: IptablesTable; readonly nat: IptablesTable; readonly mangle: IptablesTable };
  readonly dispatchers: ReadonlyMap<string, Dispatcher>;
}

/** `-A CHAIN args…`, the line `iptables-restore` reads and `iptables-save`-style dumps print. */
export function ruleText(rule: IptablesRule): string {
  return `-A ${rule.chain} ${rule.args.join(' ')}`;
}

/** A mark as kube-proxy's rules print it: `0x4000`. */
export function markText(mark: number): string {
  return `0x${mark.toString(16)}`;
}
