import type { Protocol } from '../cluster/types';
import { isIpv4 } from '../net/ipv4';
import { DEFAULT_EXTERNAL_IP, type Destination, type Flow, type FlowError, type PodDestination, type Source } from './types';

type Parsed<T> = { ok: true; value: T } | { ok: false; error: FlowError };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * A source as typed:
 * - `NS/POD[/CONTAINER]`, or `POD` in the `default` namespace: a container in a pod;
 * - `node/NAME`: a process in the node's own network namespace, such as kubelet;
 * - `external` or `external:IP`: a client outside the cluster (198.51.100.10 by default).
 */
export function parseSource(text: string): Parsed<Source> {
  const external = /^\s*external(?::(.*))?\s*$/.exec(text);
  if (external !== null) {
    const ip = external[1]?.trim() ?? DEFAULT_EXTERNAL_IP;
    if (!isIpv4(ip)) return fail('bad-source', `"${ip}" is not an IPv4 address; write external or external:IP (e.g. external:203.0.113.7).`);
    return { ok: true, value: { kind: 'external', ip } };
  }
  const node = /^\s*node\/([^/\s]+)\s*$/.exec(text);
  if (node !== null) {
    const name = node[1] ?? '';
    if (!NAME.test(name)) return fail('bad-source', `"${name}" is not a node name.`);
    return { ok: true, value: { kind: 'node', node: name } };
  }
  const parts = text.trim().split('/');
  const [namespace, pod, container] = parts.length === 1 ? ['default', parts[0], undefined] : parts;
  if (parts.length > 3 || namespace === undefined || pod === undefined || !NAME.test(namespace) || !NAME.test(pod) || (container !== undefined && !NAME.test(container))) {
    return fail('bad-source', `"${text}" is not a source; write NAMESPACE/POD or NAMESPACE/POD/CONTAINER (e.g. default/frontend/web), node/NAME, or external[:IP].`);
  }
  return { ok: true, value: { kind: 'pod', namespace, pod, container } };
}

/**
 * A destination as typed:
 * - `NS/POD:PORT[/PROTO]`: a pod by name;
 * - `svc/NS/NAME:PORT[/PROTO]` (or `svc/NAME:…` in `default`): a Service at its ClusterIP, port = the Service port;
 * - `NAME:PORT[/PROTO]` with a DNS name (`backend`, `backend.prod`, `backend.prod.svc.cluster.local`,
 *   `app.example.com`): resolved first from the source pod, through its resolv.conf and CoreDNS;
 * - `IP:PORT[/PROTO]`: an address (a ClusterIP, a pod IP);
 * - `localhost:PORT[/PROTO]`: another container of the source's own pod (give the source to resolve it).
 */
export function parseDestination(text: string, source?: Source): Parsed<Destination> {
  const local = /^\s*localhost:(\d+)(?:\/([A-Za-z]+))?\s*$/.exec(text);
  if (local !== null) {
    if (source === undefined || source.kind !== 'pod') return fail('bad-destination', 'localhost needs a source pod: it is that pod\'s own loopback.');
    const parsed = parseDestination(`${source.namespace}/${source.pod}:${local[1] ?? ''}${local[2] === undefined ? '' : `/${local[2]}`}`);
    return parsed.ok ? { ok: true, value: { ...(parsed.value as PodDestination), localhost: true } } : parsed;
  }
  const usage =
    'write NAMESPACE/POD:PORT, svc/NAMESPACE/SERVICE:PORT, a DNS name such as backend.prod:80, or IP:PORT; add /TCP, /UDP or /SCTP for the protocol (TCP by default).';
  const match = /^\s*(.+):(\d+)(?:\/([A-Za-z]+))?\s*$/.exec(text);
  if (match === null) return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
  const [, target = '', portText = '', protocolText = 'TCP'] = match;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail('bad-port', `Port ${portText} is out of range; ports run from 1 to 65535.`);
  }
  const protocol = protocolText.toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    return fail('bad-protocol', `Protocol "${protocolText}" is not one of TCP, UDP, SCTP.`);
  }
  const at = { port, protocol: protocol as Protocol };
  const service = /^svc\/(?:([^/\s]+)\/)?([^/\s]+)$/.exec(target);
  if (service !== null) {
    const [, namespace = 'default', name = ''] = service;
    if (!NAME.test(namespace) || !NAME.test(name)) return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
    return { ok: true, value: { kind: 'service', namespace, service: name, ...at } };
  }
  const pod = /^([^/\s]+)\/([^/\s]+)$/.exec(target);
  if (pod !== null) {
    const [, namespace = '', name = ''] = pod;
    if (!NAME.test(namespace) || !NAME.test(name)) return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
    return { ok: true, value: { kind: 'pod', namespace, pod: name, ...at } };
  }
  if (isIpv4(target)) return { ok: true, value: { kind: 'address', address: target, ...at } };
  if (DNS_NAME.test(target) && target.length <= 254) return { ok: true, value: { kind: 'name', name: target.toLowerCase(), ...at } };
  return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
}

/** A DNS name: labels of letters, digits and hyphens, dot-separated, with an optional final dot. */
const DNS_NAME = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;

export function formatDestination(to: Destination): string {
  const at = `${to.port}/${to.protocol}`;
  switch (to.kind) {
    case 'pod':
      return `${to.localhost === true ? 'localhost' : `${to.namespace}/${to.pod}`}:${at}`;
    case 'service':
      return `svc/${to.namespace}/${to.service}:${at}`;
    case 'name':
      return `${to.name}:${at}`;
    case 'address':
      return `${to.address}:${at}`;
  }
}

export function formatSource(from: Source): string {
  switch (from.kind) {
    case 'pod':
      return `${from.namespace}/${from.pod}${from.container === undefined ? '' : `/${from.container}`}`;
    case 'node':
      return `node/${from.node}`;
    case 'external':
      return `external:${from.ip}`;
  }
}

export function formatFlow(flow: Flow): string {
  return `${formatSource(flow.from)} → ${formatDestination(flow.to)}`;
}

function fail(code: string, message: string): { ok: false; error: FlowError } {
  return { ok: false, error: { code, message } };
}
