import type { Route } from '../cluster/types';
import { parsePrefix, prefixContains } from '../net/ipv4';

/** Longest-prefix match over one routing table, as the kernel's main table does it. */
export function lookupRoute(routes: readonly Route[], destination: string): Route | undefined {
  let best: { route: Route; length: number } | undefined;
  for (const route of routes) {
    // `ip route` writes host routes without a prefix length (`10.244.1.5 dev cali… scope link`).
    const cidr = route.destination === 'default' ? '0.0.0.0/0' : route.destination.includes('/') ? route.destination : `${route.destination}/32`;
    const prefix = parsePrefix(cidr);
    if (!prefixContains(prefix, destination)) continue;
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
