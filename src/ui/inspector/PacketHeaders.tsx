/** The headers after this hop, with the fields it rewrote shown as before → after. */
import type { FieldChange, Packet } from '../../core';
import { headerLayers } from './headerRows';

interface Props {
  readonly packet: Packet;
  readonly changes: readonly FieldChange[];
}

export function PacketHeaders({ packet, changes }: Props) {
  const changed = new Map(changes.map((c) => [c.field, c]));
  const layers = headerLayers(packet);
  const shown = new Set(layers.flatMap((l) => l.rows.map((r) => r.field)));
  const elsewhere = changes.filter((c) => !shown.has(c.field));
  return (
    <div className="packet-headers" data-testid="inspector-headers">
      {layers.map((layer) => (
        <table key={layer.name} className="header-layer">
          <caption>{layer.name}</caption>
          <tbody>
            {layer.rows.map((row) => {
              const change = changed.get(row.field);
              return (
                <tr key={row.field} className={change ? 'changed' : undefined} data-field={row.field}>
                  <th scope="row">{row.label}</th>
                  <td>
                    {change ? (
                      <>
                        <span className="before">{change.before}</span>
                        <span className="arrow" aria-label="becomes">
                          →
                        </span>
                        <span className="after">{change.after}</span>
                      </>
                    ) : (
                      row.value
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {elsewhere.length > 0 && (
        <table className="header-layer">
          <caption>Other changes</caption>
          <tbody>
            {elsewhere.map((c) => (
              <tr key={c.field} className="changed" data-field={c.field}>
                <th scope="row">{c.field}</th>
                <td>
                  <span className="before">{c.before}</span>
                  <span className="arrow">→</span>
                  <span className="after">{c.after}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
