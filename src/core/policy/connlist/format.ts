/**
 * netpol-analyzer's connlist output formats, byte for byte: txt, json, csv and md, and the
 * pod-level "connections map" of its eval tests.
 */
import { assertNever } from '../../util/assert';
import { formatConnections } from '../connection-set';
import { ReachabilityCache } from '../matrix';
import type { Connlist, ConnlistConnection } from './connlist';
import { compareStrings } from './connlist';

export type ConnlistFormat = 'txt' | 'json' | 'csv' | 'md';

export const CONNLIST_FORMATS: readonly ConnlistFormat[] = ['txt', 'json', 'csv', 'md'];

export function formatConnlist(connections: readonly ConnlistConnection[], format: ConnlistFormat): string {
  switch (format) {
    case 'txt':
      // `<src> => <dst> : <conns>`, every line ending with a newline.
      return connections.map((c) => `${c.src} => ${c.dst} : ${c.conn}\n`).join('');
    case 'json':
      // Two-space indentation, no trailing newline.
      return JSON.stringify(
        connections.map((c) => ({ src: c.src, dst: c.dst, conn: c.conn })),
        null,
        2,
      );
    case 'csv':
      // No quoting: the conn field may itself contain commas.
      return ['src,dst,conn\n', ...connections.map((c) => `${c.src},${c.dst},${c.conn}\n`)].join('');
    case 'md':
      return [
        '| src | dst | conn |\n',
        '|-----|-----|------|\n',
        ...connections.map((c) => `| ${c.src} | ${c.dst} | ${c.conn} |\n`),
      ].join('');
    default:
      return assertNever(format);
  }
}

/**
 * The pod-level map of every ordered pair of pods, self pairs included (always allowed) and
 * denied pairs as `No Connections`: `src: ns/pod, dest: ns/pod, allowed conns: …`, sorted.
 */
export function formatConnectionsMap(connlist: Connlist): string {
  const cache = new ReachabilityCache(connlist.world);
  const pods = connlist.workloads.flatMap((w) =>
    w.podNames.map((name) => ({ id: `${w.pod.namespace}/${name}`, endpoint: cache.prepare({ kind: 'pod', pod: { ...w.pod, name } }) })),
  );
  const lines: string[] = [];
  for (const src of pods) {
    for (const dst of pods) {
      const set = cache.between(src.endpoint, dst.endpoint);
      lines.push(`src: ${src.id}, dest: ${dst.id}, allowed conns: ${formatConnections(set)}`);
    }
  }
  return lines.sort(compareStrings).map((line) => `${line}\n`).join('');
}
