import type { Cluster, Endpoint } from '../../cluster/types';
import type { EndpointChoice, MatchedRule, ServiceLookup, ServiceOutcome, ServicePacket } from '../types';
import { TABLE, type KeyPart, type Match, type NftChain, type NftElement, type NftRule, type NftSet, type NftTable, type Owner } from './model';
import { nftProtocol } from './names';
import { drawIndex, inCIDR, perClusterNode, proxyNode, type ProxyNode } from './node-view';
import { renderElement, renderRule } from './render';
import { buildNftTable } from './ruleset';

/**
 * Walks the first packet of a connection through the node's `ip kube-proxy` table, hook by hook
 * in netfilter's order: prerouting (filter at dstnat-10, then nat at dstnat) for packets from a
 * pod or from outside, output for the node's own processes; then forward or input depending on
 * whether the (possibly rewritten) destination is the node's; then the nat postrouting chain
 * that masquerades marked packets.
 */
export function walkNftables(cluster: Cluster, nodeName: string, packet: ServicePacket, choice: EndpointChoice): ServiceLookup {
  const table = cachedTable(cluster, nodeName);
  return new Walker(table, proxyNode(cluster, nodeName), packet, choice).run();
}

export const cachedTable = perClusterNode(buildNftTable);

type Verdict = 'continue' | 'accept' | 'drop' | 'reject';

interface Chosen {
  readonly owner: Owner;
  readonly candidates: readonly Endpoint[];
  readonly index: number;
}

class Walker {
  private readonly rules: MatchedRule[] = [];
  private readonly chains: Map<string, NftChain>;
  private readonly sets: Map<string, NftSet>;
  private dst: string;
  private dstPort: number;
  private marked = false;
  private chosen: Chosen | undefined;
  /** The last verdict-map element that decided (which Service the packet belonged to). */
  private decidedBy: Owner | undefined;
  private postrouting: MatchedRule[] = [];
  private masqueraded = false;

  constructor(
    table: NftTable,
    private readonly view: ProxyNode,
    private readonly packet: ServicePacket,
    private readonly choice: EndpointChoice,
  ) {
    this.chains = new Map(table.chains.map((c) => [c.name, c]));
    this.sets = new Map(table.sets.map((s) => [s.name, s]));
    this.dst = packet.dst;
    this.dstPort = packet.dstPort;
  }

  run(): ServiceLookup {
    const first = this.packet.origin === 'node' ? ['filter-output-pre-dnat', 'nat-output'] : ['filter-prerouting-pre-dnat', 'nat-prerouting'];
    for (const name of first) {
      const verdict = this.base(name);
      if (verdict === 'drop' || verdict === 'reject') return this.refused(verdict);
    }
    // After DNAT, routing decides: to the node itself (input) or onward (forward). The node's own
    // packets meet filter output instead.
    const local = this.view.localAddresses.includes(this.dst);
    const filter = this.packet.origin === 'node' ? 'filter-output' : local ? 'filter-input' : 'filter-forward';
    const verdict = this.base(filter);
    if (verdict === 'drop' || verdict === 'reject') return this.refused(verdict);
    if (this.chosen === undefined) return { backend: 'nftables', rules: this.rules, outcome: { kind: 'not-a-service' } };
    if (!local || this.packet.origin === 'node') {
      const before = this.rules.length;
      this.base('nat-postrouting');
      this.postrouting = this.rules.slice(before);
    }
    const { owner, candidates, index } = this.chosen;
    const outcome: ServiceOutcome = {
      kind: 'dnat',
      service: owner.service,
      port: owner.port,
      candidates,
      index,
      endpoint: candidates[index]!,
      masquerade: this.masqueraded,
      postrouting: this.postrouting,
    };
    return { backend: 'nftables', rules: this.rules, outcome };
  }

  private refused(verdict: 'drop' | 'reject'): ServiceLookup {
    const owner = this.decidedBy;
    const last = this.rules[this.rules.length - 1];
    const where = last === undefined ? '' : ` (chain ${last.chain})`;
    let outcome: ServiceOutcome;
    if (owner === undefined) {
      const reason =
        verdict === 'reject'
          ? `${this.dst} is a ClusterIP but no Service port ${this.dstPort}/${this.packet.protocol} is defined on it: kube-proxy rejects${where}.`
          : `${this.dst} is inside the service CIDR but no Service holds it: kube-proxy drops${where}.`;
      outcome = { kind: 'unserved', verdict, reason };
    } else {
      const name = `${owner.service.namespace}/${owner.service.name}`;
      const reason =
        last?.chain.startsWith('firewall-') === true
          ? `${this.packet.src} is outside loadBalancerSourceRanges of ${name}: kube-proxy drops (${last.chain}).`
          : verdict === 'reject'
            ? `${name} has no ready endpoints: kube-proxy rejects (ICMP port unreachable) via reject-chain.`
            : `${name} has externalTrafficPolicy or internalTrafficPolicy Local and no endpoint on this node: kube-proxy drops${where}.`;
      outcome = { kind: verdict, service: owner.service, port: owner.port, reason };
    }
    return { backend: 'nftables', rules: this.rules, outcome };
  }

  private base(name: string): Verdict {
    const verdict = this.chain(this.chains.get(name)!, 0);
    return verdict === 'continue' ? 'accept' : verdict;
  }

  /** Runs a chain; `continue` means it ended or returned, so the caller goes on. */
  private chain(chain: NftChain, depth: number): Verdict {
    if (depth > 16) throw new Error(`nftables walk loops at ${chain.name}`);
    for (const rule of chain.rules) {
      if (!rule.matches.every((m) => this.matches(m))) continue;
      const s = rule.statement;
      switch (s.kind) {
        case 'jump':
        case 'goto': {
          this.record(chain, rule);
          const verdict = this.chain(this.chains.get(s.chain)!, depth + 1);
          if (verdict !== 'continue' || s.kind === 'goto') return verdict;
          break;
        }
        case 'vmap': {
          const element = this.lookup(s.map, s.key);
          if (element === undefined) break;
          this.record(chain, rule, `matched element ${renderElement(element)}`);
          if (element.owner !== undefined) this.decidedBy = element.owner;
          if (element.verdict?.kind === 'drop') return 'drop';
          return this.chain(this.chains.get(element.verdict!.chain)!, depth + 1);
        }
        case 'numgen': {
          const n = s.targets.length;
          const index = drawIndex(this.choice, n);
          const target = this.chains.get(s.targets[index]!)!;
          this.record(chain, rule, `numgen picked ${index}: endpoint ${index + 1} of ${n}, each with probability 1/${n}`);
          const owner = chain.owner!;
          const candidates = s.targets.map((t) => endpointOf(this.chains.get(t)!));
          this.chosen = { owner, candidates, index };
          return this.chain(target, depth + 1);
        }
        case 'return':
          this.record(chain, rule);
          return 'continue';
        case 'drop':
        case 'reject':
          this.record(chain, rule);
          if (chain.owner !== undefined) this.decidedBy = chain.owner;
          return s.kind;
        case 'mark-or':
          this.record(chain, rule);
          this.marked = true;
          break;
        case 'mark-xor':
          this.record(chain, rule);
          this.marked = !this.marked;
          break;
        case 'masquerade':
          this.record(chain, rule, `source rewritten to the node's address on the way out`);
          this.masqueraded = true;
          return 'accept';
        case 'dnat':
          this.record(chain, rule, `${this.dst}:${this.dstPort} → ${s.ip}:${s.port}`, true);
          this.dst = s.ip;
          this.dstPort = s.port;
          return 'accept';
        case 'update-affinity':
          this.record(chain, rule, 'remembers this client for session affinity');
          break;
      }
    }
    return 'continue';
  }

  private record(chain: NftChain, rule: NftRule, note?: string, dnat = false): void {
    const matched: MatchedRule = { table: TABLE, chain: chain.name, text: renderRule(rule) };
    const noted = note === undefined ? matched : { ...matched, note };
    this.rules.push(dnat ? { ...noted, dnat: true } : noted);
  }

  private matches(match: Match): boolean {
    switch (match.kind) {
      case 'ip': {
        const address = match.field === 'saddr' ? this.packet.src : this.dst;
        const hit = match.values.some((v) => (v.includes('/') ? inCIDR(address, v) : v === address));
        return hit !== match.negate;
      }
      case 'ip-set': {
        const address = match.field === 'saddr' ? this.packet.src : this.dst;
        // Affinity sets start empty: a first packet never finds itself remembered.
        return (this.sets.get(match.set)?.elements ?? []).some((e) => e.key.length === 1 && e.key[0]!.value === address);
      }
      case 'fib-saddr-local':
        return this.view.localAddresses.includes(this.packet.src);
      case 'ct-new':
        return true;
      case 'mark-clear':
        return !this.marked;
      case 'l4proto':
        return match.proto === nftProtocol(this.packet.protocol);
    }
  }

  private lookup(map: string, key: 'daddr-proto-port' | 'proto-port'): NftElement | undefined {
    const wanted: KeyPart[] = [{ kind: 'proto', value: nftProtocol(this.packet.protocol) }, { kind: 'port', value: this.dstPort }];
    if (key === 'daddr-proto-port') wanted.unshift({ kind: 'ip', value: this.dst });
    return this.sets.get(map)?.elements.find((e) => e.key.length === wanted.length && e.key.every((p, i) => p.value === wanted[i]!.value));
  }
}

/** The endpoint an endpoint chain DNATs to, read back from its DNAT rule and its owner's list. */
function endpointOf(chain: NftChain): Endpoint {
  const dnat = chain.rules.find((r) => r.statement.kind === 'dnat')!.statement;
  if (dnat.kind !== 'dnat') throw new Error(`${chain.name} has no DNAT rule`);
  const found = chain.owner!.port.endpoints.find((e) => e.ip === dnat.ip && e.port === dnat.port);
  return found ?? { ip: dnat.ip, port: dnat.port, pod: undefined, nodeName: undefined, ready: true, hostname: undefined };
}
