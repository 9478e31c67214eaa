import type { Cluster, Pod } from '../cluster/types';
import { assertNever } from '../util/assert';
import { classifyHost } from './host';
import { resolvConf } from './resolv-conf';
import { searchOrder } from './search-order';
import { askServer } from './server';
import type { DnsLookup, DnsQuery, DnsRecord, DnsResponse, DnsResult, NodeResolvConf } from './types';

export interface LookupOptions {
  /**
   * `unspec` (the default): getaddrinfo() with AF_UNSPEC, as curl, wget, Python and most clients
   * call it: glibc sends the A and the AAAA question for each name together, on one socket
   * (`options single-request` only serialises them). `inet`: AF_INET, the A question alone.
   */
  readonly family?: 'unspec' | 'inet';
  /** The node's own /etc/resolv.conf, when known; otherwise the assumption of `assumedNodeResolvConf`. */
  readonly node?: NodeResolvConf;
}

/** With no nameserver line, glibc asks the local machine: 127.0.0.1, inside the pod's own network namespace. */
const NO_NAMESERVER = '127.0.0.1';

/**
 * Resolves a name from a pod as glibc's getaddrinfo() does, through the resolv.conf kubelet wrote:
 * the search walk of `searchOrder`, each name asked of the first nameserver (the next one only
 * when no reply comes), stopping at the first reply that carries records. In an IPv4 cluster
 * the AAAA questions get NODATA for names that exist, NXDOMAIN for those that do not.
 */
export function resolveName(cluster: Cluster, pod: Pod, name: string, options: LookupOptions = {}): DnsLookup {
  const conf = resolvConf(cluster, pod, options.node);
  const families = options.family === 'inet' ? (['A'] as const) : (['A', 'AAAA'] as const);
  // Neither an address nor `localhost` (kubelet's /etc/hosts: "127.0.0.1 localhost") is asked of DNS.
  const host = classifyHost(name);
  const unasked = { name, resolvConf: conf, families, plan: [], queries: [] };
  switch (host.kind) {
    case 'address':
    case 'loopback': {
      const why = host.kind === 'address' ? 'an IPv4 address, which getaddrinfo() returns as it is' : 'in the pod\'s /etc/hosts (written by kubelet)';
      return { ...unasked, result: { ok: true, name, addresses: [host.address], cnames: [], summary: `${name} is ${why}: no DNS question is sent.` } };
    }
    case 'invalid':
      return { ...unasked, result: { ok: false, reason: 'invalid-name', message: host.message } };
    case 'name':
      break;
    default:
      assertNever(host);
  }
  const plan = searchOrder(name, conf.searches, conf.ndots);
  const dots = [...name].filter((c) => c === '.').length;
  const askedAsIsFirst = dots >= conf.ndots || name.endsWith('.');
  const servers = conf.nameservers.length > 0 ? conf.nameservers : [NO_NAMESERVER];
  const queries: DnsQuery[] = [];
  const look = { name, resolvConf: conf, families, plan: plan.map((s) => s.name), queries };

  let asIsCode: 'NXDOMAIN' | 'NOERROR' | undefined;
  let gotNodata = false;
  const reasons: string[] = [];
  for (const [step, { name: asked }] of plan.entries()) {
    const responses: (DnsResponse | undefined)[] = families.map((type) => ask(cluster, servers, step, asked, type, queries));
    const answered = responses.filter((r): r is DnsResponse => r !== undefined);
    if (answered.length === 0) {
      // glibc gives up the walk when the server refuses (ECONNREFUSED, from kube-proxy's REJECT).
      // After a timeout it would still try the name as it is, at the end; that is not modelled.
      const why = queries[queries.length - 1]?.unanswered ?? 'no reply';
      return { ...look, result: { ok: false, reason: 'no-reply', message: `No nameserver answered ${asked} (${servers.join(', ')}): ${why}.` } };
    }
    const hit = answered.find((r) => r.rcode === 'NOERROR' && r.answers.length > 0);
    if (hit !== undefined) return { ...look, result: success(name, asked, step, answered) };
    // glibc reads the pair as one: NXDOMAIN if either said so, else NODATA.
    const code = answered[0]?.rcode === 'NOERROR' ? (answered[1]?.rcode ?? 'NOERROR') : 'NXDOMAIN';
    if (step === 0 && askedAsIsFirst) asIsCode = code;
    if (code === 'NOERROR') gotNodata = true;
    if (!reasons.includes(answered[0]?.reason ?? '')) reasons.push(answered[0]?.reason ?? '');
  }
  return { ...look, result: failure(name, plan.length, asIsCode ?? (gotNodata ? 'NOERROR' : 'NXDOMAIN'), reasons) };
}

function ask(cluster: Cluster, servers: readonly string[], step: number, name: string, type: 'A' | 'AAAA', queries: DnsQuery[]): DnsResponse | undefined {
  for (const server of servers) {
    if (server === NO_NAMESERVER) {
      queries.push({ step, name, type, server, serverRole: 'upstream', response: undefined, cnameChain: [], unanswered: 'resolv.conf names no nameserver, so glibc asks 127.0.0.1:53 inside the pod, where nothing listens' });
      continue;
    }
    const reply = askServer(cluster, server, name, type);
    queries.push({ step, name, type, server, serverRole: reply.serverRole, response: reply.response, cnameChain: cnameChain(reply.response), unanswered: reply.unanswered });
    if (reply.response !== undefined) return reply.response;
  }
  return undefined;
}

function success(name: string, asked: string, step: number, responses: readonly DnsResponse[]): DnsResult {
  const a = responses[0];
  const records: readonly DnsRecord[] = a?.answers ?? [];
  const addresses = records.filter((r) => r.type === 'A').map((r) => r.data);
  const cnames = (records.some((r) => r.type === 'CNAME') ? records : (responses[1]?.answers ?? [])).filter((r) => r.type === 'CNAME');
  const tried = step === 0 ? 'the first name tried' : `name ${step + 1} of the walk, after ${step} that did not exist`;
  if (addresses.length === 0) {
    const chain = cnames.map((c) => `${c.name} CNAME ${c.data}`).join(', ');
    return {
      ok: false,
      reason: 'no-address',
      message: `${asked} answered with ${chain || 'records'} but no IPv4 address, and glibc stops at a reply that has records: ${name} gets no address. ${a?.reason ?? ''}`.trim(),
    };
  }
  return { ok: true, name: asked, addresses, cnames, summary: `${name} resolves to ${addresses.join(', ')} as ${asked} (${tried}): ${a?.reason ?? ''}` };
}

function failure(name: string, tried: number, code: 'NXDOMAIN' | 'NOERROR', reasons: readonly string[]): DnsResult {
  const why = reasons.filter((r) => r !== '').join('; ');
  if (code === 'NOERROR') {
    return { ok: false, reason: 'nodata', message: `${name} has no IPv4 address: of the ${tried} names tried, at least one exists but none has an A record (NODATA). ${why}` };
  }
  return { ok: false, reason: 'nxdomain', message: `${name} does not resolve: NXDOMAIN for ${tried === 1 ? 'the one name' : `all ${tried} names`} tried. ${why}` };
}

/** `db.default.svc.cluster.local.` → `app.myapp.com.`: the owner of the first CNAME, then each target in turn. */
function cnameChain(response: DnsResponse | undefined): string[] {
  const cnames = (response?.answers ?? []).filter((r) => r.type === 'CNAME');
  const first = cnames[0];
  return first === undefined ? [] : [first.name, ...cnames.map((r) => r.data)];
}
