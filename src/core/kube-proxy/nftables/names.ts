import type { Endpoint, Protocol, Service, ServicePort } from '../../cluster/types';
import { sha256Bytes } from '../../util/hash';

/**
 * Object names of kube-proxy's nftables proxier (pkg/proxy/nftables/proxier.go,
 * `servicePortChainNameBase`, `servicePortEndpointChainNameBase`, `hashAndTruncate`). nftables
 * allows long names, so the readable part is kept and a short hash in front keeps them unique:
 * the first 8 characters of base32(sha256(the readable part)).
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 8 base32 characters (40 bits, the first 5 bytes) of sha256(text). */
export function hash8(text: string): string {
  const digest = sha256Bytes(text);
  let bits = 0;
  let value = 0;
  let out = '';
  for (let i = 0; out.length < 8; i++) {
    value = (value << 8) | digest[i]!;
    bits += 8;
    while (bits >= 5 && out.length < 8) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function nftProtocol(protocol: Protocol): 'tcp' | 'udp' | 'sctp' {
  return protocol === 'TCP' ? 'tcp' : protocol === 'UDP' ? 'udp' : 'sctp';
}

/** nftables names longer than this are cut and end in `...`. */
const MAX_NAME = 240;

function hashAndTruncate(readable: string): string {
  const name = `${hash8(readable)}-${readable}`;
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 3)}...` : name;
}

/** `HASH-ns/svc/tcp/portName` (an unnamed port leaves a trailing `/`). */
export function servicePortBase(service: Service, port: ServicePort): string {
  return hashAndTruncate(`${service.namespace}/${service.name}/${nftProtocol(port.protocol)}/${port.name ?? ''}`);
}

/** `HASH-ns/svc/tcp/portName__ip/port`, the hash taken over the whole readable part. */
export function endpointBase(service: Service, port: ServicePort, endpoint: Endpoint): string {
  const ip = endpoint.ip.replaceAll(':', '.');
  return hashAndTruncate(`${service.namespace}/${service.name}/${nftProtocol(port.protocol)}/${port.name ?? ''}__${ip}/${endpoint.port}`);
}

/** The Cluster traffic-policy chain (iptables mode's KUBE-SVC-). */
export const serviceChainName = (s: Service, p: ServicePort) => `service-${servicePortBase(s, p)}`;
/** The Local traffic-policy chain (KUBE-SVL-). */
export const localChainName = (s: Service, p: ServicePort) => `local-${servicePortBase(s, p)}`;
/** Entry for NodePort, externalIP and LoadBalancer traffic (KUBE-EXT-). */
export const externalChainName = (s: Service, p: ServicePort) => `external-${servicePortBase(s, p)}`;
/** loadBalancerSourceRanges filter (KUBE-FW-). */
export const firewallChainName = (s: Service, p: ServicePort) => `firewall-${servicePortBase(s, p)}`;
/** One per endpoint: the DNAT (KUBE-SEP-). */
export const endpointChainName = (s: Service, p: ServicePort, e: Endpoint) => `endpoint-${endpointBase(s, p, e)}`;
/** The ClientIP session-affinity set of one endpoint. */
export const affinitySetName = (s: Service, p: ServicePort, e: Endpoint) => `affinity-${endpointBase(s, p, e)}`;
