/**
 * The packet-size field of the flow picker: what the person typed, read as a flow's `size` (the
 * IP total length in bytes) or as a reason it cannot be one. The limits are the core's: the
 * 16-bit total length field, and the headers of the flow's protocol as the smallest packet.
 */
import { MAX_PACKET_SIZE, minimumPacketSize } from '../../core';
import type { Flow, Protocol } from '../../core';

export type SizeInput =
  /** Empty: the core's default, a small packet that fits every MTU. */
  | { readonly kind: 'default' }
  | { readonly kind: 'size'; readonly size: number }
  | { readonly kind: 'invalid'; readonly message: string };

/** The field's text for a flow's size: empty for the default. */
export const sizeText = (size: number | undefined): string => (size === undefined ? '' : String(size));

export function parsePacketSize(text: string, protocol: Protocol): SizeInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'default' };
  const least = minimumPacketSize(protocol);
  const range = `a whole number of bytes from ${least} (the ${protocol} and IP headers alone) to ${MAX_PACKET_SIZE}`;
  if (!/^\d+$/.test(trimmed)) return { kind: 'invalid', message: `The packet size is ${range}; "${trimmed}" is not. Leave it empty for a small packet.` };
  const size = Number(trimmed);
  if (size < least || size > MAX_PACKET_SIZE) return { kind: 'invalid', message: `The packet size is ${range}, not ${trimmed}.` };
  return { kind: 'size', size };
}

/** The flow with this size; the default size drops the field, so links and lists stay as before. */
export function withSize(flow: Flow, size: number | undefined): Flow {
  const { size: _old, ...rest } = flow;
  return size === undefined ? rest : { ...rest, size };
}

/** The flow with DF set or cleared; cleared drops the field. */
export function withDontFragment(flow: Flow, dontFragment: boolean): Flow {
  const { dontFragment: _old, ...rest } = flow;
  return dontFragment ? { ...rest, dontFragment: true } : rest;
}

/**
 * The flow without don't-fragment unless it is UDP: DF is a UDP socket's choice (TCP and SCTP
 * always set DF and find the path MTU themselves), and the core refuses it on other protocols.
 * The picker passes every flow it makes through this, as a destination can change the protocol
 * too (a NodePort of another protocol).
 */
export const dfOnlyForUdp = (flow: Flow): Flow => (flow.to.protocol === 'UDP' || flow.dontFragment === undefined ? flow : withDontFragment(flow, false));

/** The flow's packet size as the flows list shows it: `1500 B`, `1500 B DF`; empty for the default. */
export function packetSizeLabel(flow: Flow): string {
  const parts = [...(flow.size === undefined ? [] : [`${flow.size} B`]), ...(flow.dontFragment === true ? ['DF'] : [])];
  return parts.join(' ');
}
