import type { MatchedRule, ServiceLookup } from '../kube-proxy/types';
import type { HopList } from './hop-list';
import type { Packet, PortHeader } from './types';

/** Whose rules balanced a connection, as the explanations name them. */
export const RULES_OF: Readonly<Record<ServiceLookup['backend'], string>> = {
  iptables: "kube-proxy's iptables rules",
  ipvs: "kube-proxy's IPVS virtual servers",
  nftables: "kube-proxy's nftables rules",
  none: "Cilium's eBPF service maps",
};

/**
 * One hop per rule up to the one that decides (the DNAT, a REJECT or DROP), so that each jump
 * between kube-proxy's chains can be stepped through; rules matched after the DNAT (filter
 * FORWARD's jumps into kube-proxy's chains, which let the packet on) share one hop per table.
 */
export function walkRules(list: HopList, framed: Packet, lookup: ServiceLookup, where: string): Packet {
  const outcome = lookup.outcome;
  const rules = lookup.rules;
  const flagged = rules.findIndex((r) => r.dnat === true);
  const rewriting = flagged >= 0 ? flagged : outcome.kind === 'dnat' ? rules.length - 1 : -1;
  const deciding = rewriting >= 0 ? rewriting : rules.length - 1;
  let packet = framed;
  rules.slice(0, deciding + 1).forEach((rule, i) => {
    if (i === rewriting && outcome.kind === 'dnat') {
      const l4 = packet.l4 as PortHeader;
      packet = { ...packet, ip: { ...packet.ip, dst: outcome.endpoint.ip }, l4: { ...l4, dstPort: outcome.endpoint.port } };
    }
    list.add({
      where,
      kind: 'service-rule',
      summary: describeRule(rule, i === rewriting ? lookup : undefined, framed),
      packet,
      rule: { kind: 'service-rule', text: rule.text, source: undefined },
      capture: captureFor(lookup.backend, rule),
    });
  });
  const after = rules.slice(deciding + 1);
  for (const table of [...new Set(after.map((r) => r.table))]) {
    const group = after.filter((r) => r.table === table);
    const chains = [...new Set(group.map((r) => r.chain))].join(', ');
    list.add({
      where,
      kind: 'service-rule',
      summary: `${table} ${chains}: the packet passes kube-proxy's ${group.length === 1 ? 'rule' : `${group.length} rules`} here, which only act on other traffic (load balancer source ranges, invalid connections, Services without endpoints).`,
      packet,
      rule: { kind: 'service-rule', text: group.map((r) => r.text).join('\n'), source: undefined },
      capture: captureFor(lookup.backend, group[0]!),
    });
  }
  return packet;
}

function describeRule(rule: MatchedRule, final: ServiceLookup | undefined, framed: Packet): string {
  const at = `${rule.table} ${rule.chain}`;
  const outcome = final?.outcome;
  if (outcome?.kind === 'dnat') {
    const l4 = framed.l4 as PortHeader;
    return `${at}: the rule DNATs ${framed.ip.dst}:${l4.dstPort} to ${outcome.endpoint.ip}:${outcome.endpoint.port}, endpoint ${outcome.index + 1} of ${outcome.candidates.length}. conntrack remembers the rewrite for the rest of the connection.`;
  }
  const note = rule.note === undefined ? '' : ` ${rule.note.endsWith('.') ? rule.note : `${rule.note}.`}`;
  // iptables and nftables rules name where they send the packet; say it in words.
  const jump = / -j (KUBE-[A-Z0-9-]+)\s*$/.exec(rule.text)?.[1];
  return `${at}: ${jump === undefined ? 'the rule matches' : `the rule matches and jumps to ${jump}`}.${note}`;
}

function captureFor(backend: ServiceLookup['backend'], rule: MatchedRule): { command: string; note: string | undefined } {
  switch (backend) {
    case 'iptables':
      return { command: `iptables-save -t ${rule.table} | grep -- '-A ${rule.chain} '`, note: 'Counters: iptables -t nat -L ' + rule.chain + ' -v -n shows how many packets each rule matched.' };
    case 'ipvs':
      return { command: 'ipvsadm -Ln --stats', note: undefined };
    case 'nftables':
      return { command: 'nft list table ip kube-proxy', note: undefined };
    case 'none':
      return { command: 'cilium-dbg service list', note: 'Run it in the Cilium agent pod on this node.' };
  }
}
