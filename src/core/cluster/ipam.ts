import { addressAt, formatPrefix, isIpv4, parsePrefix, prefixContains, prefixSize, type Ipv4Prefix } from '../net/ipv4';

/**
 * Hands out pod addresses from a node's pod CIDR the way the CNI `host-local` plugin does:
 * in order, skipping the network address, the gateway (the first host address, which the
 * bridge holds) and the broadcast address. Addresses a dump already states are reserved first.
 */
export class HostLocalAllocator {
  private readonly prefix: Ipv4Prefix;
  private readonly taken = new Map<string, string>();
  private next: number;
  private readonly last: number;

  /**
   * `routed` ranges (Calico blocks) have no gateway and no broadcast to skip: every address of
   * the block can go to a pod, except those reserved (the tunnel device's).
   */
  constructor(
    readonly cidr: string,
    routed = false,
  ) {
    this.prefix = parsePrefix(cidr);
    // In a Calico block the tunnel device takes the first address when there is one; pods start
    // after it. Without a tunnel the model still leaves .0 alone, which readers take for a network address.
    this.next = routed ? 1 : 2;
    this.last = routed ? prefixSize(this.prefix) - 1 : prefixSize(this.prefix) - 2;
  }

  get gateway(): string {
    return addressAt(this.prefix, 1);
  }

  get prefixLength(): number {
    return this.prefix.length;
  }

  contains(ip: string): boolean {
    return isIpv4(ip) && prefixContains(this.prefix, ip);
  }

  /** Who holds `ip` already, if anyone. */
  holder(ip: string): string | undefined {
    return this.taken.get(ip);
  }

  reserve(ip: string, owner: string): void {
    this.taken.set(ip, owner);
  }

  /** The next free address, or undefined when the range is exhausted. */
  allocate(owner: string): string | undefined {
    const last = this.last;
    for (; this.next <= last; this.next++) {
      const candidate = addressAt(this.prefix, this.next);
      if (!this.taken.has(candidate)) {
        this.taken.set(candidate, owner);
        this.next++;
        return candidate;
      }
    }
    return undefined;
  }

  toString(): string {
    return formatPrefix(this.prefix);
  }
}

/**
 * Calico hands each node /26 blocks of the pool (IPPool blockSize 26) rather than using the
 * node's spec.podCIDR; the model gives a node the first /26 of its pod range.
 */
export function ipamBlock(podCIDR: string): string {
  const prefix = parsePrefix(podCIDR);
  return formatPrefix({ network: prefix.network, length: Math.max(prefix.length, 26) });
}

