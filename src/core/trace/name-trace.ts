import type { Cluster } from '../cluster/types';
import { resolveName } from '../dns';
import type { DnsLookup, DnsQuery } from '../dns/types';
import { elementId } from '../topology/ids';
import { insidePod } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { resolveSource } from './resolve';
import type { DnsStep, Flow, Hop, NameDestination, Trace, TraceOptions, TraceResult } from './types';

/** Traces a connection to an address, with the flow's own options unless others are given. */
type TraceAddress = (flow: Flow, options?: TraceOptions) => TraceResult;

/**
 * A connection to a name: getaddrinfo() first, through the pod's resolv.conf and CoreDNS, then
 * the connection to the address it returns. The question that got the answer is traced as a
 * packet of its own (UDP to the nameserver, through kube-proxy to a CoreDNS pod, and back), so a
 * NetworkPolicy that blocks DNS shows where it bites.
 */
export function traceName(cluster: Cluster, flow: Flow, to: NameDestination, traceAddress: TraceAddress): TraceResult {
  const client = resolveSource(cluster, flow.from);
  if (!client.ok) return client;
  const { source, container } = client.value;
  const lookup = resolveName(cluster, source, to.name);
  const asking = new HopList();
  const where = elementId.container(source.namespace, source.name, container.name);
  const last = lookup.queries.at(-1);

  // The question that decided: the last one sent, over UDP to its nameserver. An endpoint pinned
  // for the flow is one of the destination's: kube-proxy's own draw picks the CoreDNS pod.
  const question = last === undefined ? undefined : traceAddress({ from: flow.from, to: { kind: 'address', address: last.server, port: 53, protocol: 'UDP' } }, {});
  const path = question?.ok === true ? question.trace : undefined;
  const first = path?.hops[0];
  asking.add({
    where,
    kind: 'dns-query',
    summary: askingSummary(lookup, container.name),
    packet: first?.packet ?? { eth: undefined, ip: { src: source.ip, dst: '127.0.0.1', ttl: 64, protocol: 'UDP' }, l4: { protocol: 'UDP', srcPort: 0, dstPort: 53, flags: undefined } },
    rule: { kind: 'dns', text: lookup.resolvConf.text.trimEnd(), source: undefined },
    capture: insidePod(source.namespace, source.name, container.name, `cat /etc/resolv.conf`),
    fresh: true,
  });
  const dnsHops: Hop[] = [...asking.toArray(), ...(path?.hops ?? [])];
  const dnsReply = [...(path?.reply ?? [])];
  // The question's own way through kube-dns (the rules and the CoreDNS pod chosen), kept for the diagram and the inspector.
  const dns = (reply: readonly Hop[]): DnsStep => ({ lookup, hops: dnsHops, reply, ...(path?.service === undefined ? {} : { service: path.service }) });

  if (path !== undefined && path.verdict !== 'delivered') {
    // The question itself never got an answer: dropped on its way, or refused.
    return {
      ok: true,
      trace: {
        flow,
        verdict: path.verdict,
        explanation: `${formatFlow(flow)} never starts: the DNS question for ${last?.name ?? to.name} to ${last?.server ?? ''} is ${path.verdict}. ${path.explanation}`,
        hops: [],
        reply: [],
        ...(path.fix === undefined ? {} : { fix: path.fix }),
        dns: dns(dnsReply),
      },
    };
  }
  const answered = new HopList(dnsReply.at(-1)?.packet);
  answered.add({
    where,
    kind: 'dns-answer',
    summary: lookup.result.ok ? lookup.result.summary : lookup.result.message,
    packet: dnsReply.at(-1)?.packet ?? asking.toArray()[0]!.packet,
    rule: { kind: 'dns', text: lookup.queries.map(describeQuery).join('\n') || lookup.plan.join('\n'), source: undefined },
    capture: insidePod(source.namespace, source.name, container.name, `getent ahostsv4 ${to.name}`),
  });
  const withAnswer = dns([...dnsReply, ...answered.toArray()]);
  if (!lookup.result.ok) {
    const unresolved: Trace = {
      flow,
      verdict: 'unresolved',
      explanation: `${formatFlow(flow)} never starts: ${lookup.result.message}`,
      hops: [],
      reply: [],
      dns: withAnswer,
    };
    return { ok: true, trace: unresolved };
  }
  const address = lookup.result.addresses[0]!;
  // The packet size travels with the connection: it is checked once the address is known.
  const addressed: Flow = { ...flow, to: { kind: 'address', address, port: to.port, protocol: to.protocol } };
  const connection = traceAddress(addressed);
  if (!connection.ok) return connection;
  // The connection's explanation names the flow as the user wrote it, by name.
  const explanation = connection.trace.explanation.split(formatFlow(addressed)).join(`${formatFlow(flow)} (${address})`);
  return { ok: true, trace: { ...connection.trace, flow, explanation, dns: withAnswer } };
}

function askingSummary(lookup: DnsLookup, container: string): string {
  const conf = lookup.resolvConf;
  const asked = [...new Set(lookup.queries.map((q) => q.name))];
  const walk = asked.length === 0 ? 'sends no question' : `asks ${asked.join(', then ')} (${lookup.families.join(' and ')} together for each)`;
  return (
    `${container} calls getaddrinfo("${lookup.name}"). The resolver reads /etc/resolv.conf (nameserver ${conf.nameservers.join(', ') || 'none'}, ndots:${conf.ndots}) ` +
    `and ${walk}, stopping at the first name with an answer.`
  );
}

/** One question and its answer, the way `dig +noall +answer` would sum it up. */
function describeQuery(q: DnsQuery): string {
  const head = `${q.name} ${q.type} @${q.server}:`;
  if (q.response === undefined) return `${head} no reply (${q.unanswered ?? 'timeout'})`;
  const records = q.response.answers.map((r) => `${r.name} ${r.ttl ?? ''} IN ${r.type} ${r.data}`.replace('  ', ' '));
  return records.length === 0 ? `${head} ${q.response.rcode}${q.response.rcode === 'NOERROR' ? ' (no data)' : ''}` : `${head} ${records.join('; ')}`;
}
