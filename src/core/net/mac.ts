import { sha256Bytes } from '../util/hash';

/**
 * A deterministic MAC for an interface. Real kernels pick veth and bridge MACs at random;
 * we derive them from the interface's identity so that a scenario always shows the same
 * addresses. The first octet has the locally-administered bit set and the multicast bit
 * clear, as a randomly generated Linux MAC does.
 */
export function deterministicMac(identity: string): string {
  const b = sha256Bytes(`mac:${identity}`);
  const first = (b[0]! | 0x02) & 0xfe;
  return [first, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!].map((x) => x.toString(16).padStart(2, '0')).join(':');
}
