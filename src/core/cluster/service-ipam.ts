import { addressAt, isIpv4, parsePrefix, prefixContains, prefixSize, type Ipv4Prefix } from '../net/ipv4';
import { hash32 } from '../util/hash';

/**
 * ClusterIPs the way the API server hands them out since v1.26: the service CIDR is split
 * into a lower "static" band (min(max(16, size/16), 256) addresses, for users who pick their
 * own) and an upper band for allocation. The real allocator picks at random in the upper
 * band; we pick from a hash of the Service's name, probing upward on collisions, so an
 * address is stable across runs and does not move when other Services are added.
 */
export class ClusterIPAllocator {
  private readonly prefix: Ipv4Prefix;
  private readonly taken = new Map<string, string>();
  private readonly staticBand: number;

  constructor(readonly cidr: string) {
    this.prefix = parsePrefix(cidr);
    const size = prefixSize(this.prefix);
    this.staticBand = Math.min(Math.max(16, Math.floor(size / 16)), 256);
  }

  contains(ip: string): boolean {
    return isIpv4(ip) && prefixContains(this.prefix, ip);
  }

  holder(ip: string): string | undefined {
    return this.taken.get(ip);
  }

  reserve(ip: string, owner: string): void {
    this.taken.set(ip, owner);
  }

  /** The n-th address of the range, as kubeadm picks .1 for `kubernetes` and .10 for kube-dns. */
  nth(n: number): string {
    return addressAt(this.prefix, n);
  }

  allocate(owner: string): string | undefined {
    const size = prefixSize(this.prefix);
    const first = this.staticBand;
    const last = size - 2; // the broadcast address is never handed out
    const span = last - first + 1;
    if (span <= 0) return undefined;
    const start = hash32(`clusterip:${owner}`) % span;
    for (let i = 0; i < span; i++) {
      const candidate = addressAt(this.prefix, first + ((start + i) % span));
      if (!this.taken.has(candidate)) {
        this.taken.set(candidate, owner);
        return candidate;
      }
    }
    return undefined;
  }
}

export const NODE_PORT_FIRST = 30000;
export const NODE_PORT_LAST = 32767;

/**
 * NodePorts from the default range 30000–32767, unique per protocol. Allocation prefers the
 * upper band (the lower min(max(16, size/32), 128) ports stay free for users), picked from a
 * hash of the Service port instead of at random.
 */
export class NodePortAllocator {
  private readonly taken = new Map<string, string>();

  holder(port: number, protocol: string): string | undefined {
    return this.taken.get(`${protocol}/${port}`);
  }

  reserve(port: number, protocol: string, owner: string): void {
    this.taken.set(`${protocol}/${port}`, owner);
  }

  allocate(protocol: string, owner: string): number | undefined {
    const size = NODE_PORT_LAST - NODE_PORT_FIRST + 1;
    const staticBand = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    const first = NODE_PORT_FIRST + staticBand;
    const span = NODE_PORT_LAST - first + 1;
    const start = hash32(`nodeport:${owner}`) % span;
    for (let i = 0; i < span; i++) {
      const candidate = first + ((start + i) % span);
      if (!this.taken.has(`${protocol}/${candidate}`)) {
        this.taken.set(`${protocol}/${candidate}`, owner);
        return candidate;
      }
    }
    return undefined;
  }
}
