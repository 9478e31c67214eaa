/** The IP total length as a header row, inner or outer. */
import type { HeaderRow } from './headerRows';

/**
 * The row for an IP header's total length (`ip.length`, `outer.ip.length`): none when the
 * header has no length, which is when the flow gives no packet size.
 */
export function lengthRow(field: string, length: number | undefined): HeaderRow[] {
  return length === undefined ? [] : [{ field, label: 'total length', value: `${length} bytes`, unit: 'bytes' }];
}

/** The unit a changed field's values are read in, for changes listed outside the header rows (outer headers removed). */
export const unitOf = (field: string): string | undefined => (field === 'ip.length' || field === 'outer.ip.length' ? 'bytes' : undefined);

const FLAG_WORDS = { DF: "DF (don't fragment)", MF: 'MF (more fragments: this is the first fragment)' } as const;

/** The IP flags row (`ip.flags`): DF or MF, shown with the length when the flow gives a packet size. */
export function flagsRow(flags: 'DF' | 'MF' | undefined): HeaderRow[] {
  return flags === undefined ? [] : [{ field: 'ip.flags', label: 'flags', value: FLAG_WORDS[flags] }];
}
