import { isIpv4 } from '../net/ipv4';

/** What the host part of a flow destination is: an address to use as it is, or a name to resolve first. */
export type DestinationHost =
  | { readonly kind: 'address'; readonly address: string }
  /** `absolute`: written with a trailing dot, so the resolver asks it as it is and uses no search domain. */
  | { readonly kind: 'name'; readonly name: string; readonly absolute: boolean }
  /** kubelet's /etc/hosts maps `localhost` to the loopback address; no DNS question is sent. */
  | { readonly kind: 'loopback'; readonly address: '127.0.0.1' }
  | { readonly kind: 'invalid'; readonly message: string };

/** A label of a host name: letters, digits, `-` and `_`, 1 to 63 characters. */
const LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/**
 * Decides whether a destination such as `backend`, `backend.prod`, `app.myapp.com`,
 * `backend.prod.svc.cluster.local.` or `10.96.0.15` is a name to resolve or an address.
 * getaddrinfo() takes a dotted-quad as an address without asking DNS; anything else is a name.
 */
export function classifyHost(text: string): DestinationHost {
  const host = text.trim();
  if (host === '') return { kind: 'invalid', message: 'The destination has no host: give a name (backend, backend.prod) or an IPv4 address.' };
  if (isIpv4(host)) return { kind: 'address', address: host };
  if (host.includes(':')) return { kind: 'invalid', message: `"${host}" looks like an IPv6 address; the simulated cluster is IPv4 only.` };
  if (/^[\d.]+$/.test(host)) return { kind: 'invalid', message: `"${host}" is not a complete IPv4 address (four numbers from 0 to 255, such as 10.96.0.15).` };
  if (host.toLowerCase() === 'localhost') return { kind: 'loopback', address: '127.0.0.1' };
  const absolute = host.endsWith('.');
  const bare = absolute ? host.slice(0, -1) : host;
  if (bare.length > 253 || !bare.split('.').every((label) => LABEL.test(label))) {
    return { kind: 'invalid', message: `"${host}" is not a DNS name: labels of letters, digits, '-' and '_' (at most 63 each) joined by dots, such as backend.prod.` };
  }
  return { kind: 'name', name: host, absolute };
}
