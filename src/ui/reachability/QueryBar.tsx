/** The matrix's question: every connection, or one port and protocol. */
import { useState } from 'react';
import type { Protocol } from '../../core';
import { PROTOCOLS } from '../flow-picker/options';
import { useAppStore } from '../store';
import { ALL_CONNECTIONS, parsePort } from './matrixQuery';

const isProtocol = (value: string): value is Protocol => (PROTOCOLS as readonly string[]).includes(value);

export function QueryBar() {
  const query = useAppStore((s) => s.matrixQuery);
  const flowTo = useAppStore((s) => s.flow.to);
  const [portText, setPortText] = useState(() => String(query.kind === 'port' ? query.port : flowTo.port));
  const [protocol, setProtocol] = useState<Protocol>(query.kind === 'port' ? query.protocol : flowTo.protocol);
  const port = parsePort(portText);

  const ask = (kind: string, nextPort: number | undefined, nextProtocol: Protocol): void => {
    const { setMatrixQuery } = useAppStore.getState();
    if (kind === 'all') setMatrixQuery(ALL_CONNECTIONS);
    else if (nextPort !== undefined) setMatrixQuery({ kind: 'port', port: nextPort, protocol: nextProtocol });
  };

  return (
    <div className="reach-query" role="group" aria-label="What to ask">
      <label className="field">
        <span>connections</span>
        <select data-testid="reach-mode" value={query.kind} onChange={(e) => ask(e.target.value, port ?? flowTo.port, protocol)}>
          <option value="all">all connections</option>
          <option value="port">one port</option>
        </select>
      </label>
      {query.kind === 'port' && (
        <>
          <label className="field field-port">
            <span>port</span>
            <input
              data-testid="reach-port"
              inputMode="numeric"
              value={portText}
              aria-invalid={port === undefined}
              title={port === undefined ? 'A port is a whole number from 1 to 65535.' : undefined}
              onChange={(e) => {
                setPortText(e.target.value);
                ask('port', parsePort(e.target.value), protocol);
              }}
            />
          </label>
          <label className="field">
            <span>protocol</span>
            <select
              data-testid="reach-protocol"
              value={protocol}
              onChange={(e) => {
                if (!isProtocol(e.target.value)) return;
                setProtocol(e.target.value);
                ask('port', port, e.target.value);
              }}
            >
              {PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </div>
  );
}
