/**
 * The headers after this hop, with the fields it rewrote shown as before → after. While the
 * packet is encapsulated the outer headers come first; on decapsulation the stripped outer
 * fields are listed as removed.
 */
import type { FieldChange, Packet } from '../../core';
import { headerLayers, type FrameContext } from './headerRows';
import { unitOf } from './lengthRow';
import { outerFieldLabel } from './outerRows';

interface Props {
  readonly packet: Packet;
  readonly changes: readonly FieldChange[];
  readonly context?: FrameContext;
}

/** A value with its unit; `—` (the field was absent) stays bare. */
const withUnit = (value: string, unit: string | undefined): string => (unit === undefined || value === '—' ? value : `${value} ${unit}`);

function ChangedValue({ change, unit }: { readonly change: FieldChange; readonly unit?: string | undefined }) {
  return (
    <>
      <span className="before">{withUnit(change.before, unit)}</span>
      <span className="arrow" aria-label="becomes">
        →
      </span>
      <span className="after">{withUnit(change.after, unit)}</span>
    </>
  );
}

function ChangeTable({ layer, caption, changes }: { readonly layer: string; readonly caption: string; readonly changes: readonly FieldChange[] }) {
  return (
    <table className={`header-layer layer-${layer}`} data-testid="header-layer" data-layer={layer}>
      <caption>{caption}</caption>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} className="changed" data-field={c.field}>
            <th scope="row">{layer === 'outer-removed' ? outerFieldLabel(c.field) : c.field}</th>
            <td>
              <ChangedValue change={c} unit={unitOf(c.field)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PacketHeaders({ packet, changes, context }: Props) {
  const changed = new Map(changes.map((c) => [c.field, c]));
  const layers = headerLayers(packet, context);
  const shown = new Set(layers.flatMap((l) => l.rows.map((r) => r.field)));
  const elsewhere = changes.filter((c) => !shown.has(c.field));
  const removedOuter = elsewhere.filter((c) => c.field.startsWith('outer.'));
  const other = elsewhere.filter((c) => !c.field.startsWith('outer.'));
  return (
    <div className="packet-headers" data-testid="inspector-headers" data-encapsulated={packet.outer ? 'true' : 'false'}>
      {layers.map((layer) => (
        <table key={layer.key} className={`header-layer layer-${layer.key}`} data-testid="header-layer" data-layer={layer.key}>
          <caption>{layer.name}</caption>
          <tbody>
            {layer.rows.map((row) => {
              const change = changed.get(row.field);
              return (
                <tr key={row.field} className={change ? 'changed' : undefined} data-field={row.field}>
                  <th scope="row">{row.label}</th>
                  <td>{change ? <ChangedValue change={change} unit={row.unit} /> : row.value}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {removedOuter.length > 0 && <ChangeTable layer="outer-removed" caption="Outer headers removed" changes={removedOuter} />}
      {other.length > 0 && <ChangeTable layer="other" caption="Other changes" changes={other} />}
    </div>
  );
}
