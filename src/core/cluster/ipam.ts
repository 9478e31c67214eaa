import { addressAt, formatPrefix, isIpv4, parsePrefix, prefixContains, prefixSize, type Ipv4Prefix } from '../net/ipv4';

/**
 * Hands out pod addresses from a node's pod CIDR the way the CNI `host-local` plugin does:
 * in order, skipping the network address, the gateway (the first host address, which the
 * bridge holds) and the broadcast address. Addresses a dump already states are reserved first.
 */
export class HostLocalAllocator {
  private readonly prefix: Ipv4Prefix;
  private readonly taken = new Map<string, string>();
  private next = 2;

  constructor(readonly cidr: string) {
    this.prefix = parsePrefix(cidr);
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
    const last = prefixSize(this.prefix) - 2;
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
