/**
 * The packet's size (its IP total length; empty for a small packet) and, for UDP, whether the
 * socket sets don't-fragment. Text that is not a size is kept as typed, marked invalid with the
 * reason, and the flow keeps its last size until the text is one again.
 */
import { useId, useState } from 'react';
import type { Protocol } from '../../core';
import { parsePacketSize, sizeText } from './packetSize';

interface Props {
  readonly size: number | undefined;
  readonly dontFragment: boolean;
  readonly protocol: Protocol;
  readonly disabled: boolean;
  onSize(size: number | undefined): void;
  onDontFragment(on: boolean): void;
}

export function PacketSizeInput({ size, dontFragment, protocol, disabled, onSize, onDontFragment }: Props) {
  // What the user typed, remembered against the size it was typed for: a size set elsewhere
  // (a shared link, another flow of the list) replaces it without an effect.
  const [draft, setDraft] = useState({ text: sizeText(size), size });
  const text = draft.size === size ? draft.text : sizeText(size);
  const parsed = parsePacketSize(text, protocol);
  const inputId = useId();
  const problemId = useId();
  const onChange = (next: string): void => {
    const read = parsePacketSize(next, protocol);
    const wanted = read.kind === 'size' ? read.size : read.kind === 'default' ? undefined : size;
    setDraft({ text: next, size: wanted });
    if (wanted !== size) onSize(wanted);
  };
  // The flow's own size may not suit its protocol either (28 bytes, then TCP picked): the core then refuses to trace it.
  const kept =
    size === undefined
      ? 'the trace keeps a small packet'
      : parsePacketSize(sizeText(size), protocol).kind === 'invalid'
        ? `the ${protocol} flow cannot be traced`
        : `the trace keeps ${size} bytes`;
  return (
    <>
      {/* One column, as the other fields: the caption, then the size and (for UDP) DF beside it. */}
      <div className="field field-size">
        <label htmlFor={inputId}>size (bytes)</label>
        <span className="field-size-row">
          <input
            id={inputId}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            placeholder="default"
            data-testid="packet-size"
            title="The packet's IP total length in bytes: IP header, transport header and data. Empty: a small packet that fits every MTU."
            value={text}
            disabled={disabled}
            aria-invalid={parsed.kind === 'invalid'}
            aria-describedby={parsed.kind === 'invalid' ? problemId : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          {protocol === 'UDP' && (
            <label
              className="field-check"
              title="Don't fragment: the socket sets IP_MTU_DISCOVER to IP_PMTUDISC_DO, so every datagram carries DF and the kernel refuses (EMSGSIZE) one larger than the path MTU instead of fragmenting it."
            >
              <input
                type="checkbox"
                data-testid="dont-fragment"
                aria-label="don't fragment (DF)"
                checked={dontFragment}
                disabled={disabled}
                onChange={(e) => onDontFragment(e.target.checked)}
              />
              DF
            </label>
          )}
        </span>
      </div>
      {parsed.kind === 'invalid' && (
        <p className="field-problem" id={problemId} role="alert" data-testid="packet-size-problem">
          {parsed.message} Until then {kept}.
        </p>
      )}
    </>
  );
}
