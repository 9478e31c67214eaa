import type { Cluster } from '../../cluster/types';
import type { EndpointChoice, MatchedRule, ServiceLookup, ServicePacket } from '../types';
import { nftProtocol } from '../nftables/names';
import { drawIndex, inCIDR, perClusterNode } from '../nftables/node-view';
import { realServerLine, renderIptRule, virtualServerLine } from './render';
import { buildIpvs, type IptMatch, type IptRule, type IpvsState } from './ruleset';

/**
 * The first packet of a connection on an IPVS-mode node. iptables only marks and accepts: nat
 * PREROUTING (OUTPUT for the node's own processes) runs KUBE-SERVICES, the VIP is local
 * (kube-ipvs0) so the packet takes the INPUT path through filter INPUT, and IPVS, hooked on
 * LOCAL_IN after filter, picks a real server and rewrites the destination. With
 * `net/ipv4/vs/conntrack=1` the packet then leaves through POSTROUTING, where KUBE-POSTROUTING
 * masquerades hairpin traffic (KUBE-LOOP-BACK) and marked packets.
 */
export function walkIpvs(cluster: Cluster, nodeName: string, packet: ServicePacket, choice: EndpointChoice): ServiceLookup {
  const state = cachedIpvs(cluster, nodeName);
  return new IpvsWalk(state, packet).run(choice);
}

export const cachedIpvs = perClusterNode(buildIpvs);

interface Packet {
  src: string;
  dst: string;
  dstPort: number;
  marked: boolean;
}

class IpvsWalk {
  private readonly matched: MatchedRule[] = [];
  private readonly p: Packet;

  constructor(
    private readonly state: IpvsState,
    private readonly packet: ServicePacket,
  ) {
    this.p = { src: packet.src, dst: packet.dst, dstPort: packet.dstPort, marked: false };
  }

  run(choice: EndpointChoice): ServiceLookup {
    const entry = this.packet.origin === 'node' ? 'OUTPUT' : 'PREROUTING';
    this.chain('nat', entry);
    const vipOrNode = this.state.dummyAddresses.includes(this.p.dst) || this.state.view.localAddresses.includes(this.p.dst);
    if (!vipOrNode) return this.result({ kind: 'not-a-service' });
    if (this.packet.origin !== 'node') {
      const verdict = this.chain('filter', 'INPUT');
      if (verdict === 'REJECT' || verdict === 'DROP') return this.refusedByFilter(verdict);
    }
    const proto = this.packet.protocol;
    const vs = this.state.virtualServers.find((v) => v.protocol === proto && v.ip === this.p.dst && v.port === this.p.dstPort);
    if (vs === undefined) return this.result({ kind: 'not-a-service' });
    const name = `${vs.service.namespace}/${vs.service.name}`;
    if (vs.realServers.length === 0) {
      this.matched.push({ table: 'ipvs', chain: 'virtual server', text: virtualServerLine(vs), note: 'no real servers' });
      return this.result({
        kind: 'reject',
        service: vs.service,
        port: vs.servicePort,
        reason: `${name} has no ready endpoints: its IPVS virtual server has no real server, and the kernel answers ICMP port unreachable.`,
      });
    }
    const index = drawIndex(choice, vs.realServers.length);
    const endpoint = vs.realServers[index]!;
    const n = vs.realServers.length;
    const fallback = vs.localFallback ? '; no endpoint on this node, so IPVS uses every endpoint (replies to outside clients may be lost)' : '';
    this.matched.push({
      table: 'ipvs',
      chain: 'virtual server',
      text: virtualServerLine(vs),
      note: `scheduler ${vs.scheduler} picks real server ${index + 1} of ${n}${vs.persistence === undefined ? '' : ` (persistent ${vs.persistence}s for this client afterwards)`}${fallback}`,
    });
    this.matched.push({ table: 'ipvs', chain: 'real server', text: realServerLine(endpoint).trimEnd(), note: `${this.p.dst}:${this.p.dstPort} → ${endpoint.ip}:${endpoint.port}`, dnat: true });
    this.p.dst = endpoint.ip;
    this.p.dstPort = endpoint.port;
    const before = this.matched.length;
    let masquerade = false;
    const verdict = this.chain('nat', 'POSTROUTING');
    if (verdict === 'MASQUERADE') masquerade = true;
    const postrouting = this.matched.slice(before);
    return this.result({ kind: 'dnat', service: vs.service, port: vs.servicePort, candidates: vs.realServers, index, endpoint, masquerade, postrouting });
  }

  private result(outcome: ServiceLookup['outcome']): ServiceLookup {
    return { backend: 'ipvs', rules: this.matched, outcome };
  }

  private refusedByFilter(verdict: 'REJECT' | 'DROP'): ServiceLookup {
    const last = this.matched[this.matched.length - 1]!;
    const vs = this.state.virtualServers.find((v) => v.ip === this.p.dst && v.port === this.p.dstPort && v.protocol === this.packet.protocol);
    if (vs !== undefined && last.chain === 'KUBE-SOURCE-RANGES-FIREWALL') {
      const name = `${vs.service.namespace}/${vs.service.name}`;
      return this.result({ kind: 'drop', service: vs.service, port: vs.servicePort, reason: `${this.p.src} is outside loadBalancerSourceRanges of ${name}: KUBE-SOURCE-RANGES-FIREWALL drops it.` });
    }
    return this.result({
      kind: 'unserved',
      verdict: verdict === 'REJECT' ? 'reject' : 'drop',
      reason: `${this.p.dst} is bound to kube-ipvs0 but no Service serves port ${this.p.dstPort}/${this.packet.protocol} on it: KUBE-IPVS-FILTER rejects new connections.`,
    });
  }

  /** Runs a chain; returns the terminal target (ACCEPT, DROP, REJECT, MASQUERADE) or undefined when the chain ran out. */
  private chain(table: 'nat' | 'filter', name: string, depth = 0): string | undefined {
    if (depth > 8) throw new Error(`iptables walk loops at ${name}`);
    for (const rule of this.state.rules) {
      if (rule.table !== table || rule.chain !== name || !this.matches(rule)) continue;
      this.matched.push({ table, chain: name, text: renderIptRule(rule) });
      switch (rule.target) {
        case 'RETURN':
          return undefined;
        case 'ACCEPT':
        case 'DROP':
        case 'REJECT':
        case 'MASQUERADE':
          return rule.target;
        case 'MARK':
          // KUBE-MARK-MASQ sets the bit; KUBE-POSTROUTING's --set-xmark …/0x0 flips it back.
          this.p.marked = rule.chain === 'KUBE-MARK-MASQ' ? true : !this.p.marked;
          break;
        default: {
          const verdict = this.chain(table, rule.target, depth + 1);
          if (verdict !== undefined) return verdict;
        }
      }
    }
    return undefined;
  }

  private matches(rule: IptRule): boolean {
    if (rule.source !== undefined && inCIDR(this.p.src, rule.source.cidr) === rule.source.negate) return false;
    if (rule.protocol !== undefined && rule.protocol !== nftProtocol(this.packet.protocol)) return false;
    return rule.matches.every((m) => this.match(m));
  }

  private match(m: IptMatch): boolean {
    const proto = nftProtocol(this.packet.protocol);
    const local = (ip: string) => this.state.dummyAddresses.includes(ip) || this.state.view.localAddresses.includes(ip);
    switch (m.kind) {
      case 'set': {
        const set = this.state.ipsets.find((s) => s.name === m.set)!;
        const member =
          set.type === 'bitmap:port'
            ? String(this.p.dstPort)
            : set.type === 'hash:ip'
              ? this.p.dst
              : m.flags === 'src,dst'
                ? `${this.p.src},${proto}:${this.p.dstPort}`
                : `${this.p.dst},${proto}:${this.p.dstPort}`;
        if (set.type === 'hash:ip,port,ip') return set.members.includes(`${member},${this.p.src}`);
        if (set.type === 'hash:ip,port,net') return set.members.some((x) => x.startsWith(`${member},`) && inCIDR(this.p.src, x.slice(member.length + 1)));
        return set.members.includes(member);
      }
      case 'addrtype':
        return local(m.field === 'src' ? this.p.src : this.p.dst) !== m.negate;
      case 'physdev-not-in':
        // Bridged frames from pods are "physdev in"; anything else is not.
        return this.packet.origin !== 'pod';
      case 'mark':
        return this.p.marked !== m.negate;
      case 'ctstate':
        return m.states.split(',').includes('NEW');
      case 'ipvs':
        return this.p.dst === m.vaddr && this.p.dstPort === m.vport;
    }
  }
}
