import type { Route } from '../cluster/types';
import { ipv4ToInt, parsePrefix, type Ipv4Prefix } from '../net/ipv4';

/** Parsed route destinations: a node of a big cluster has a route per peer, looked up on every hop. */
const prefixes = new Map<string, Ipv4Prefix>();

function prefixOf(destination: string): Ipv4Prefix {
  let prefix = prefixes.get(destination);
  if (prefix === undefined) {
    // `ip route` writes host routes without a prefix length (`10.244.1.5 dev cali… scope link`).
    prefix = parsePrefix(destination === 'default' ? '0.0.0.0/0' : destination.includes('/') ? destination : `${destination}/32`);
    prefixes.set(destination, prefix);
  }
  return prefix;
}

/** Longest-prefix match over one routing table, as the kernel's main table does it. */
export function lookupRoute(routes: readonly Route[], destination: string): Route | undefined {
  const address = ipv4ToInt(destination);
  let best: { route: Route; length: number } | undefined;
  for (const route of routes) {
    const prefix = prefixOf(route.destination);
    const mask = prefix.length === 0 ? 0 : (0xffffffff << (32 - prefix.length)) >>> 0;
    if (((address & mask) >>> 0) !== prefix.network) continue;
    if (best === undefined || prefix.length > best.length) best = { route, length: prefix.length };
  }
  return best?.route;
}

/** A route as `ip route` prints it. */
export function formatRoute(route: Route): string {
  return [
    route.type,
    route.destination,
    route.via === undefined ? undefined : `via ${route.via}`,
    route.dev === '' ? undefined : `dev ${route.dev}`,
    route.proto === undefined ? undefined : `proto ${route.proto}`,
    route.scope === 'global' ? undefined : `scope ${route.scope}`,
    route.src === undefined ? undefined : `src ${route.src}`,
    route.mtu === undefined ? undefined : `mtu ${route.mtu}`,
    route.onlink === true ? 'onlink' : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}
