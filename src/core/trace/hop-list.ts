import { diffPackets } from './packet';
import type { Capture, Hop, HopKind, HopRule, Packet, PolicyCheck } from './types';

/**
 * Collects hops in order and computes what each one rewrote by comparing its packet with
 * the previous hop's, so `changes` can never disagree with the headers shown.
 */
export class HopList {
  private readonly hops: Hop[] = [];
  private last: Packet | undefined;

  constructor(initial?: Packet) {
    this.last = initial;
  }

  add(hop: {
    where: string;
    kind: HopKind;
    summary: string;
    packet: Packet;
    rule?: HopRule;
    capture: Capture;
    policy?: PolicyCheck;
    /** The first hop of a list has nothing to compare with: it reports no changes. */
    fresh?: boolean;
  }): void {
    const changes = hop.fresh === true ? [] : diffPackets(this.last, hop.packet);
    this.hops.push({
      where: hop.where,
      kind: hop.kind,
      summary: hop.summary,
      packet: hop.packet,
      changes,
      rule: hop.rule,
      capture: hop.capture,
      ...(hop.policy === undefined ? {} : { policy: hop.policy }),
    });
    this.last = hop.packet;
  }

  get packet(): Packet | undefined {
    return this.last;
  }

  toArray(): readonly Hop[] {
    return this.hops;
  }
}
