import type { Protocol } from '../cluster/types';
import type { Flow, FlowError, PodDestination, PodSource } from './types';

type Parsed<T> = { ok: true; value: T } | { ok: false; error: FlowError };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `NS/POD[/CONTAINER]`, or `POD` in the `default` namespace. */
export function parseSource(text: string): Parsed<PodSource> {
  const parts = text.trim().split('/');
  const [namespace, pod, container] = parts.length === 1 ? ['default', parts[0], undefined] : parts;
  if (parts.length > 3 || namespace === undefined || pod === undefined || !NAME.test(namespace) || !NAME.test(pod) || (container !== undefined && !NAME.test(container))) {
    return fail('bad-source', `"${text}" is not a source; write NAMESPACE/POD or NAMESPACE/POD/CONTAINER (e.g. default/frontend/web).`);
  }
  return { ok: true, value: { kind: 'pod', namespace, pod, container } };
}

/**
 * `NS/POD:PORT[/PROTO]`, `POD:PORT` in the `default` namespace, or `localhost:PORT[/PROTO]`
 * for another container of the source's own pod (give the source to resolve it).
 */
export function parseDestination(text: string, source?: PodSource): Parsed<PodDestination> {
  const local = /^\s*localhost:(\d+)(?:\/([A-Za-z]+))?\s*$/.exec(text);
  if (local !== null) {
    if (source === undefined) return fail('bad-destination', 'localhost needs a source pod: it is that pod\'s own loopback.');
    const parsed = parseDestination(`${source.namespace}/${source.pod}:${local[1] ?? ''}${local[2] === undefined ? '' : `/${local[2]}`}`);
    return parsed.ok ? { ok: true, value: { ...parsed.value, localhost: true } } : parsed;
  }
  const match = /^\s*(?:([^/:\s]+)\/)?([^/:\s]+):(\d+)(?:\/([A-Za-z]+))?\s*$/.exec(text);
  const usage = `write NAMESPACE/POD:PORT or NAMESPACE/POD:PORT/PROTOCOL (e.g. default/backend:8080/TCP).`;
  if (match === null) return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
  const [, namespace = 'default', pod = '', portText = '', protocolText = 'TCP'] = match;
  if (!NAME.test(namespace) || !NAME.test(pod)) return fail('bad-destination', `"${text}" is not a destination; ${usage}`);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail('bad-port', `Port ${portText} is out of range; ports run from 1 to 65535.`);
  }
  const protocol = protocolText.toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    return fail('bad-protocol', `Protocol "${protocolText}" is not one of TCP, UDP, SCTP.`);
  }
  return { ok: true, value: { kind: 'pod', namespace, pod, port, protocol: protocol as Protocol } };
}

export function formatFlow(flow: Flow): string {
  const from = `${flow.from.namespace}/${flow.from.pod}${flow.from.container === undefined ? '' : `/${flow.from.container}`}`;
  const to = flow.to.localhost === true ? 'localhost' : `${flow.to.namespace}/${flow.to.pod}`;
  return `${from} → ${to}:${flow.to.port}/${flow.to.protocol}`;
}

function fail(code: string, message: string): { ok: false; error: FlowError } {
  return { ok: false, error: { code, message } };
}
