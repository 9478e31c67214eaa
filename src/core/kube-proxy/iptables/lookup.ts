import type { Endpoint } from '../../cluster/types';
import { parsePrefix, prefixContains } from '../../net/ipv4';
import type { EndpointChoice, MatchedRule, ServiceLookup, ServiceOutcome, ServicePacket } from '../types';
import { endpointString } from '../endpoints';
import { parseRule, type Match, type ParsedRule } from './parse-rule';
import type { IptablesRule, IptablesRuleset, IptablesTable, RuleOwner } from './rules';
import { kernelProbability, savedProbability, savedRule } from './save';

/**
 * The first packet of a connection walked through a node's kube-proxy rules, rule by rule, as
 * netfilter would: the nat table at PREROUTING (from a pod or from outside) or OUTPUT (from the
 * node itself), then the filter table where kube-proxy rejects and drops, then nat POSTROUTING
 * where a marked packet is masqueraded. Every rule that matched is recorded with its text as
 * the node's `iptables-save` prints it (the same line as in the dump).
 *
 * The `-m statistic` rules are decided by a seeded draw per rule with the probability the
 * kernel keeps for the rule (so each endpoint comes out 1/n of the time over many seeds, as on
 * a node), or
 * pinned to one endpoint. The packet is a connection's first: conntrack state NEW, and the
 * `-m recent` lists of session affinity hold nothing yet.
 */
export function walkIptables(ruleset: IptablesRuleset, packet: ServicePacket, choice: EndpointChoice): ServiceLookup {
  const walk = new Walk(ruleset, packet, choice);
  const natHook = packet.origin === 'node' ? 'OUTPUT' : 'PREROUTING';
  const nat = walk.run(ruleset.tables.nat, natHook);
  const dnat = walk.dnat;
  // Routing: a destination that is (still) one of the node's addresses is delivered locally.
  const filterHook = packet.origin === 'node' ? 'OUTPUT' : walk.isLocal(walk.dst) ? 'INPUT' : 'FORWARD';
  const filter = walk.run(ruleset.tables.filter, filterHook);
  const rules = [...walk.matched];

  if ((filter.verdict === 'DROP' || filter.verdict === 'REJECT') && filter.rule?.owner !== undefined) {
    const owner = filter.rule.owner;
    const kind = filter.verdict === 'REJECT' ? 'reject' : 'drop';
    const reason = owner.verdict?.reason ?? `${owner.servicePort}: kube-proxy's rule ${filter.rule.chain} ${kind}s the packet.`;
    return { backend: 'iptables', rules, outcome: { kind, service: owner.service, port: owner.port, reason } };
  }
  if (nat.verdict !== 'DNAT' || dnat === undefined) return { backend: 'iptables', rules, outcome: { kind: 'not-a-service' } };

  walk.matched.length = 0;
  // A locally delivered packet leaves through nat INPUT, not POSTROUTING: kube-proxy does not SNAT it.
  const post = filterHook === 'INPUT' ? undefined : walk.run(ruleset.tables.nat, 'POSTROUTING');
  const postrouting = [...walk.matched];
  const owner = dnat.owner;
  const endpoint = owner.endpoint!;
  const candidates: readonly Endpoint[] = walk.dispatcher?.endpoints ?? [endpoint];
  const index = Math.max(0, candidates.findIndex((e) => endpointString(e) === endpointString(endpoint)));
  const outcome: ServiceOutcome = {
    kind: 'dnat',
    service: owner.service,
    port: owner.port,
    candidates,
    index,
    endpoint,
    masquerade: post?.verdict === 'MASQUERADE',
    postrouting,
  };
  return { backend: 'iptables', rules, outcome };
}

type Verdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'DNAT' | 'MASQUERADE';

interface HookResult {
  readonly verdict: Verdict;
  readonly rule: IptablesRule | undefined;
}

const parsed = new WeakMap<IptablesRule, ParsedRule>();
function parsedRule(rule: IptablesRule): ParsedRule {
  let p = parsed.get(rule);
  if (p === undefined) {
    p = parseRule(rule.args);
    parsed.set(rule, p);
  }
  return p;
}

class Walk {
  readonly matched: MatchedRule[] = [];
  dst: string;
  mark = 0;
  dnat: { readonly owner: RuleOwner } | undefined;
  dispatcher: { readonly endpoints: readonly Endpoint[] } | undefined;
  private readonly random: () => number;
  private readonly local: readonly ((ip: string) => boolean)[];
  /** In a dispatcher chain with a pinned endpoint: the KUBE-SEP chain its statistic rules must lead to. */
  private pinnedChain: string | undefined;
  private position: { index: number; count: number } | undefined;

  constructor(
    private readonly ruleset: IptablesRuleset,
    private readonly packet: ServicePacket,
    private readonly choice: EndpointChoice,
  ) {
    this.dst = packet.dst;
    this.random = mulberry32(choice.seed);
    this.local = ruleset.localAddresses.map((a) => (a.includes('/') ? (ip: string) => prefixContains(parsePrefix(a), ip) : (ip: string) => ip === a));
  }

  isLocal(ip: string): boolean {
    return this.local.some((test) => test(ip));
  }

  /** Walks a built-in chain; its policy (ACCEPT) applies when no rule decides. */
  run(table: IptablesTable, hook: string): HookResult {
    return this.chain(table, hook, 0) ?? { verdict: 'ACCEPT', rule: undefined };
  }

  private chain(table: IptablesTable, name: string, depth: number): HookResult | undefined {
    if (depth > 16) throw new Error(`iptables walk: chain loop at ${name}`);
    const rules = table.rules.get(name) ?? [];
    const dispatcher = this.ruleset.dispatchers.get(name);
    if (table.name === 'nat' && dispatcher !== undefined) this.enterDispatcher(rules, dispatcher.endpoints);
    // A long chain (KUBE-SERVICES with one rule per Service address) is read through its index:
    // only the rules that can match this destination and port, in chain order.
    const order = dispatcher === undefined ? candidates(rules, this.dst, this.packet.dstPort) : undefined;
    const count = order === undefined ? rules.length : order.length;
    for (let r = 0; r < count; r++) {
      const rule = rules[order === undefined ? r : order[r]!]!;
      const p = parsedRule(rule);
      const notes: string[] = [];
      if (!p.matches.every((m) => this.matches(m, rule, notes))) continue;
      const target = p.target;
      if (dispatcher !== undefined && this.position !== undefined && isChoosing(p) && !p.matches.some((m) => m.kind === 'statistic')) {
        const { index, count } = this.position;
        notes.push(count === 1 ? 'The only endpoint.' : `Endpoint ${index + 1} of ${count}: the last rule takes every packet the draws before it left.`);
      }
      const record = () =>
        this.matched.push({
          table: table.name,
          chain: name,
          text: savedRule(rule),
          ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
          ...(target?.name === 'DNAT' ? { dnat: true } : {}),
        });
      if (target === undefined) {
        notes.push('No target: the packet goes on to the next rule.');
        record();
        continue;
      }
      switch (target.name) {
        case 'RETURN':
          record();
          return undefined;
        case 'ACCEPT':
        case 'DROP':
        case 'REJECT':
        case 'MASQUERADE':
          record();
          return { verdict: target.name, rule };
        case 'DNAT': {
          const to = target.options.get('--to-destination') ?? '';
          this.dst = to.slice(0, to.lastIndexOf(':'));
          if (rule.owner !== undefined) this.dnat = { owner: rule.owner };
          notes.push(`Destination rewritten to ${to}.`);
          this.matched.push({ table: table.name, chain: name, text: savedRule(rule), note: notes.join(' '), dnat: true });
          return { verdict: 'DNAT', rule };
        }
        case 'MARK': {
          const or = target.options.get('--or-mark');
          const xor = target.options.get('--xor-mark');
          if (or !== undefined) this.mark = (this.mark | Number(or)) >>> 0;
          if (xor !== undefined) this.mark = (this.mark ^ Number(xor)) >>> 0;
          notes.push(or !== undefined ? 'Marked for masquerade: the source becomes the node’s address on the way out.' : 'Mark cleared before masquerading.');
          record();
          continue;
        }
        default: {
          record();
          const result = this.chain(table, target.name, depth + 1);
          if (result !== undefined) return result;
        }
      }
    }
    return undefined;
  }

  private enterDispatcher(rules: readonly IptablesRule[], endpoints: readonly Endpoint[]): void {
    this.dispatcher = { endpoints };
    // The rules after the affinity ones list the endpoints in order, one rule each.
    const choosing = rules.filter((r) => isChoosing(parsedRule(r)));
    const pin = this.choice.pin;
    this.pinnedChain = pin !== undefined && Number.isInteger(pin) && pin >= 0 && pin < choosing.length ? parsedRule(choosing[pin]!).target?.name : undefined;
    this.position = { index: 0, count: choosing.length };
  }

  private matches(match: Match, rule: IptablesRule, notes: string[]): boolean {
    const p = this.packet;
    const result = ((): boolean => {
      switch (match.kind) {
        case 'protocol':
          return p.protocol.toLowerCase() === match.protocol;
        case 'source':
          return inCidr(p.src, match.cidr);
        case 'destination':
          return inCidr(this.dst, match.cidr);
        case 'dport':
          return p.dstPort === match.port;
        case 'addrtype':
          return match.type === 'LOCAL' && this.isLocal(match.side === 'src' ? p.src : this.dst);
        case 'statistic':
          return this.statistic(match, rule, notes);
        case 'recent-check':
          notes.push(`No earlier connection from ${p.src} in recent list ${match.name}.`);
          return false;
        case 'recent-set':
          notes.push(`Remembers ${p.src} in recent list ${match.name}: its next connections go to this endpoint while they keep coming (session affinity).`);
          return true;
        case 'mark':
          return ((this.mark & match.mask) >>> 0) === match.value >>> 0;
        case 'ctstate':
          // A connection's first packet: NEW, and DNAT once the nat table rewrote its destination.
          return match.states.includes('NEW') || (match.states.includes('DNAT') && this.dnat !== undefined);
        case 'unknown':
          return false;
      }
    })();
    return 'negate' in match && match.negate ? !result : result;
  }

  private statistic(match: Extract<Match, { kind: 'statistic' }>, rule: IptablesRule, notes: string[]): boolean {
    const position = this.position;
    const index = position === undefined ? 0 : position.index++;
    const count = position?.count ?? 1;
    const target = parsedRule(rule).target?.name;
    const taken = this.pinnedChain !== undefined ? target === this.pinnedChain : this.random() < kernelProbability(match.text) / 0x80000000;
    if (taken) notes.push(`Endpoint ${index + 1} of ${count}, probability ${savedProbability(match.text)} at this rule${this.pinnedChain !== undefined ? ' (pinned)' : ''}.`);
    return taken;
  }
}

/** Chains shorter than this are scanned rule by rule. */
const INDEXED_CHAIN = 32;

/**
 * Where a long chain's rules can match: rules with a plain `-d host` listed under that host,
 * rules with a plain `--dport` (and no such `-d`) under that port, every other rule under
 * neither. A packet can only match the rules listed under its destination, under its port, or
 * under neither; merged back into chain order they are the rules to try.
 */
interface ChainIndex {
  readonly byDestination: ReadonlyMap<string, readonly number[]>;
  readonly byPort: ReadonlyMap<number, readonly number[]>;
  readonly other: readonly number[];
}

const indexes = new WeakMap<readonly IptablesRule[], ChainIndex>();

function chainIndex(rules: readonly IptablesRule[]): ChainIndex {
  let index = indexes.get(rules);
  if (index === undefined) {
    const byDestination = new Map<string, number[]>();
    const byPort = new Map<number, number[]>();
    const other: number[] = [];
    rules.forEach((rule, i) => {
      const matches = parsedRule(rule).matches;
      const host = matches.find((m) => m.kind === 'destination' && !m.negate && (!m.cidr.includes('/') || m.cidr.endsWith('/32')));
      const port = matches.find((m) => m.kind === 'dport' && !m.negate);
      if (host !== undefined && host.kind === 'destination') push(byDestination, host.cidr.replace(/\/32$/, ''), i);
      else if (port !== undefined && port.kind === 'dport') push(byPort, port.port, i);
      else other.push(i);
    });
    index = { byDestination, byPort, other };
    indexes.set(rules, index);
  }
  return index;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The positions of the rules of a long chain that can match `dst`:`port`, ascending; undefined for a short chain (read it all). */
function candidates(rules: readonly IptablesRule[], dst: string, port: number): number[] | undefined {
  if (rules.length < INDEXED_CHAIN) return undefined;
  const index = chainIndex(rules);
  const a = index.byDestination.get(dst) ?? [];
  const b = index.byPort.get(port) ?? [];
  const c = index.other;
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length || k < c.length) {
    const next = Math.min(a[i] ?? Infinity, b[j] ?? Infinity, c[k] ?? Infinity);
    merged.push(next);
    if (a[i] === next) i++;
    else if (b[j] === next) j++;
    else k++;
  }
  return merged;
}

/** A dispatcher rule that picks an endpoint (not an affinity check, not the masquerade rule). */
function isChoosing(rule: ParsedRule): boolean {
  return rule.target !== undefined && rule.target.name.startsWith('KUBE-SEP-') && !rule.matches.some((m) => m.kind === 'recent-check');
}

function inCidr(ip: string, cidr: string): boolean {
  return cidr.includes('/') ? prefixContains(parsePrefix(cidr), ip) : ip === cidr;
}

/** A small seeded generator (mulberry32): the same seed gives the same draws. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
