import { hexOf, sha256 } from './sha256';

/**
 * A deterministic MAC for an interface. Real kernels pick veth and bridge MACs at random;
 * we derive them from the interface's identity so that a scenario always shows the same
 * addresses. The first octet has the locally-administered bit set and the multicast bit
 * clear, as a randomly generated Linux MAC does.
 */
export function deterministicMac(identity: string): string {
  const b = sha256(`mac:${identity}`);
  b[0] = (b[0]! | 0x02) & 0xfe;
  const hex = hexOf(b, 6);
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}
