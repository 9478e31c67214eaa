import type { Protocol } from '../cluster/types';
import { sha256Bytes } from '../util/hash';

/**
 * kube-proxy's generated chain names (pkg/proxy/iptables/proxier.go). iptables limits a chain
 * name to 28 characters, so a Service port is named by a hash: the first 16 characters of
 * base32(sha256(servicePortName + protocol)), 80 bits, enough that two ports never collide in
 * practice and short enough that `KUBE-SVC-` + hash (25 characters) fits.
 */

/** `ns/name` plus `:port` only when the Service port has a name (`ns1/svc1:p80`, `ns1/svc1`). */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return portName === undefined || portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

/** kube-proxy hashes the protocol in lower case: `tcp`, `udp`, `sctp` (upper case gives a different chain). */
export function protocolName(protocol: Protocol): 'tcp' | 'udp' | 'sctp' {
  return protocol === 'TCP' ? 'tcp' : protocol === 'UDP' ? 'udp' : 'sctp';
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 16 characters of the RFC 4648 base32 encoding (upper case, standard alphabet) of sha256(text). */
export function hash16(text: string): string {
  const digest = sha256Bytes(text);
  let out = '';
  // 16 characters × 5 bits = the first 80 bits (10 bytes); padding never reaches them.
  let buffer = 0;
  let bits = 0;
  for (let i = 0; out.length < 16; i++) {
    buffer = ((buffer << 8) | digest[i]!) & 0xfff;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  return out;
}

/** The suffix shared by a Service port's KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- chains. */
export function portProtoHash(servicePort: string, protocol: Protocol): string {
  return hash16(servicePort + protocolName(protocol));
}

/** The Cluster traffic-policy dispatcher: one rule per usable endpoint. */
export const serviceChain = (servicePort: string, protocol: Protocol) => `KUBE-SVC-${portProtoHash(servicePort, protocol)}`;
/** The Local traffic-policy dispatcher: this node's endpoints only. */
export const serviceLocalChain = (servicePort: string, protocol: Protocol) => `KUBE-SVL-${portProtoHash(servicePort, protocol)}`;
/** Entry point for NodePort, externalIP and LoadBalancer traffic. */
export const externalChain = (servicePort: string, protocol: Protocol) => `KUBE-EXT-${portProtoHash(servicePort, protocol)}`;
/** loadBalancerSourceRanges filter. */
export const firewallChain = (servicePort: string, protocol: Protocol) => `KUBE-FW-${portProtoHash(servicePort, protocol)}`;

/**
 * One chain per endpoint of a Service port: the hash also covers the endpoint `ip:port` (the
 * target port), so one pod behind two Services gets two chains.
 */
export function endpointChain(servicePort: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePort + protocolName(protocol) + endpoint)}`;
}
