/** The destination port: free typing, with the destination's declared ports offered. */
import { useState } from 'react';
import type { PortOption } from './options';

interface Props {
  readonly port: number;
  readonly options: readonly PortOption[];
  readonly disabled: boolean;
  onPort(port: number): void;
}

const parsePort = (text: string): number | undefined => {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
};

export function PortInput({ port, options, disabled, onPort }: Props) {
  // What the user typed, remembered against the port it was typed for: a port
  // chosen elsewhere (a new destination) replaces it without an effect.
  const [draft, setDraft] = useState({ text: String(port), port });
  const text = draft.port === port ? draft.text : String(port);
  const invalid = parsePort(text) === undefined;
  const onChange = (next: string): void => {
    const parsed = parsePort(next);
    setDraft({ text: next, port: parsed ?? port });
    if (parsed !== undefined && parsed !== port) onPort(parsed);
  };
  return (
    <>
      <label className="field field-port">
        <span>port</span>
        <input
          type="number"
          min={1}
          max={65535}
          inputMode="numeric"
          list="destination-ports"
          data-testid="port"
          value={text}
          disabled={disabled}
          aria-invalid={invalid}
          onChange={(e) => onChange(e.target.value)}
        />
        <datalist id="destination-ports">
          {options.map((o, i) => (
            <option key={`${i}-${o.label}`} value={o.port}>
              {o.label}
            </option>
          ))}
        </datalist>
      </label>
      {options.length > 0 && (
        <span className="port-chips" aria-label="Declared ports">
          {options.map((o, i) => (
            <button
              key={`${i}-${o.label}`}
              type="button"
              className={`chip${o.port === port ? ' active' : ''}`}
              data-testid={`port-chip-${o.port}`}
              onClick={() => onChange(String(o.port))}
              disabled={disabled}
              title={o.label}
            >
              {o.port}
            </button>
          ))}
        </span>
      )}
    </>
  );
}
