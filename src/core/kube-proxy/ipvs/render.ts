import { endpointString } from '../endpoints';
import { hexMark, type Ipset, type IptMatch, type IptRule, type IpvsState, type VirtualServer } from './ruleset';

/**
 * What a person sees on an IPVS-mode node, command by command: `ip -brief address show dev
 * kube-ipvs0`, `ipvsadm -Ln`, `ipset list` and the kube-proxy part of `iptables-save`.
 */
export function renderIpvs(state: IpvsState): string {
  return [
    '# ip -brief address show dev kube-ipvs0',
    // The dummy device is never set up, so it stays DOWN; its /32s still make the VIPs local.
    `${'kube-ipvs0'.padEnd(16)} ${'DOWN'.padEnd(14)} ${state.dummyAddresses.map((a) => `${a}/32 `).join('')}`,
    '',
    '# ipvsadm -Ln',
    renderIpvsadm(state.virtualServers),
    '# ipset list (members sorted; the kernel-dependent "Size in memory" line is left out)',
    state.ipsets.map((s) => renderIpset(s, state.rules)).join('\n'),
    '# iptables-save (kube-proxy\'s chains and jump rules only)',
    renderIptablesSave(state.rules),
  ].join('\n');
}

/** `ipvsadm -Ln`: the kernel's defaults in the header, `%-28s %-7s %-6d %-10u %-10u` per real server. */
export function renderIpvsadm(servers: readonly VirtualServer[]): string {
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  for (const vs of servers) lines.push(...virtualServerLines(vs));
  return `${lines.join('\n')}\n`;
}

export function virtualServerLine(vs: VirtualServer): string {
  const persistent = vs.persistence === undefined ? '' : ` persistent ${vs.persistence}`;
  return `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}${persistent}`;
}

export function realServerLine(endpoint: VirtualServer['realServers'][number]): string {
  return `  -> ${endpointString(endpoint).padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} ${'0'.padEnd(10)}`;
}

function virtualServerLines(vs: VirtualServer): string[] {
  return [virtualServerLine(vs), ...vs.realServers.map(realServerLine)];
}

const REVISIONS: Record<Ipset['type'], number> = { 'hash:ip,port': 5, 'hash:ip,port,ip': 5, 'hash:ip,port,net': 7, 'bitmap:port': 3, 'hash:ip': 4 };

function renderIpset(set: Ipset, rules: readonly IptRule[]): string {
  const header = set.type === 'bitmap:port' ? 'range 0-65535' : 'family inet hashsize 1024 maxelem 65536';
  // Each iptables rule that matches the set holds a reference to it.
  const references = rules.filter((r) => r.matches.some((m) => m.kind === 'set' && m.set === set.name)).length;
  return [
    `Name: ${set.name}`,
    `Type: ${set.type}`,
    `Revision: ${REVISIONS[set.type]}`,
    `Header: ${header}`,
    `References: ${references}`,
    `Number of entries: ${set.members.length}`,
    'Members:',
    ...set.members,
    '',
  ].join('\n');
}

const NAT_BUILTIN = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
const FILTER_BUILTIN = ['INPUT', 'FORWARD', 'OUTPUT'];
const NAT_CHAINS = ['KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ', 'KUBE-NODE-PORT', 'KUBE-POSTROUTING', 'KUBE-SERVICES'];
const FILTER_CHAINS = ['KUBE-FORWARD', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL'];

/** `iptables-save` order: built-in chains, then kube-proxy's chains by name; each chain's rules in order. */
export function renderIptablesSave(rules: readonly IptRule[]): string {
  const table = (name: 'filter' | 'nat', builtin: readonly string[], own: readonly string[]) => {
    const lines = [`*${name}`, ...builtin.map((c) => `:${c} ACCEPT [0:0]`), ...own.map((c) => `:${c} - [0:0]`)];
    for (const chain of [...builtin, ...own]) {
      for (const rule of rules) if (rule.table === name && rule.chain === chain) lines.push(renderIptRule(rule));
    }
    lines.push('COMMIT');
    return lines.join('\n');
  };
  return `${table('filter', FILTER_BUILTIN, FILTER_CHAINS)}\n${table('nat', NAT_BUILTIN, NAT_CHAINS)}\n`;
}

export function renderIptRule(rule: IptRule): string {
  const parts = [`-A ${rule.chain}`];
  if (rule.source !== undefined) parts.push(`${rule.source.negate ? '! ' : ''}-s ${rule.source.cidr}`);
  if (rule.protocol !== undefined) parts.push(`-p ${rule.protocol}`);
  if (rule.comment !== undefined) parts.push(`-m comment --comment ${quote(rule.comment)}`);
  parts.push(...rule.matches.map(renderMatch));
  parts.push(`-j ${rule.target}${rule.targetArgs === undefined ? '' : ` ${rule.targetArgs}`}`);
  return parts.join(' ');
}

function quote(text: string): string {
  return /[\s'"]/.test(text) ? `"${text}"` : text;
}

function renderMatch(match: IptMatch): string {
  switch (match.kind) {
    case 'set':
      return `-m set --match-set ${match.set} ${match.flags}`;
    case 'addrtype':
      return `-m addrtype ${match.negate ? '! ' : ''}--${match.field}-type LOCAL`;
    case 'physdev-not-in':
      return '-m physdev ! --physdev-is-in';
    case 'mark':
      return `-m mark ${match.negate ? '! ' : ''}--mark ${hexMark(match.mark)}/${hexMark(match.mark)}`;
    case 'ctstate':
      return `-m conntrack --ctstate ${match.states}`;
    case 'ipvs':
      return `-m ipvs --vaddr ${match.vaddr}/32 --vproto ${match.vproto} --vport ${match.vport}`;
  }
}
