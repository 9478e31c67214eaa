/** What the matrix is asked: every connection, or one port and protocol. */
import type { Protocol, ReachabilityQuery } from '../../core';

export type MatrixQuery =
  | { readonly kind: 'all' }
  | { readonly kind: 'port'; readonly port: number; readonly protocol: Protocol };

export const ALL_CONNECTIONS: MatrixQuery = { kind: 'all' };

/** The core's form of the question. */
export function coreQuery(query: MatrixQuery): ReachabilityQuery {
  return query.kind === 'all' ? {} : { port: query.port, protocol: query.protocol };
}

export function sameQuery(a: MatrixQuery, b: MatrixQuery): boolean {
  if (a.kind === 'all' || b.kind === 'all') return a.kind === b.kind;
  return a.port === b.port && a.protocol === b.protocol;
}

/** "all connections", "TCP 3306". */
export function describeQuery(query: MatrixQuery): string {
  return query.kind === 'all' ? 'all connections' : `${query.protocol} ${query.port}`;
}

/** A port as typed: a whole number in 1–65535, or undefined. */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}
