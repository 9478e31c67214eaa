/**
 * The matrix: rows are where connections come from, columns where they go; namespaces are
 * bands of rows and columns that collapse into one; "outside the cluster" comes last.
 */
import { memo, useMemo, type CSSProperties } from 'react';
import type { ReachabilityMatrix } from '../../core';
import { displayCell } from './displayCell';
import { BandToggle } from './BandToggle';
import type { Band } from './matrixLayout';
import { MatrixCell } from './MatrixCell';
import type { MatrixQuery } from './matrixQuery';

interface Props {
  readonly matrix: ReachabilityMatrix;
  readonly query: MatrixQuery;
  readonly bands: readonly Band[];
  readonly busy: boolean;
  /** Called with the tooltip of the cell under the pointer or the keyboard focus. */
  readonly onInspect: (title: string | undefined) => void;
}

/** The tooltip of the cell an event happened in, if any. */
function cellTitle(target: EventTarget): string | undefined {
  if (!(target instanceof Element)) return undefined;
  return target.closest('[data-testid=reach-cell]')?.getAttribute('title') ?? undefined;
}

export const MatrixTable = memo(function MatrixTable({ matrix, query, bands, busy, onInspect }: Props) {
  const entries = useMemo(() => bands.flatMap((b) => b.entries), [bands]);
  /** Rows and columns alike, each with its band and whether it opens the band. */
  const axis = useMemo(() => bands.flatMap((band) => band.entries.map((row, i) => ({ band, row, first: i === 0 }))), [bands]);
  const cells = useMemo(
    () => entries.map((row) => entries.map((col) => displayCell(matrix, row, col, query))),
    [entries, matrix, query],
  );
  return (
    <div
      className="matrix-scroll"
      data-testid="reach-matrix"
      aria-busy={busy}
      onMouseOver={(e) => onInspect(cellTitle(e.target))}
      onFocus={(e) => onInspect(cellTitle(e.target))}
      onMouseLeave={() => onInspect(undefined)}
    >
      <table className={`matrix${busy ? ' busy' : ''}`}>
        <thead>
          <tr className="band-heads">
            <th className="corner" colSpan={2} rowSpan={2} scope="col">
              <span className="corner-to">to →</span>
              <span className="corner-from">from ↓</span>
            </th>
            {bands.map((band) => (
              <th
                key={band.key}
                colSpan={band.entries.length}
                scope="colgroup"
                className={`band-head${band.entries.length === 1 ? ' narrow' : ''}`}
                title={band.label}
              >
                {/* As wide as the band's columns, so a long name never widens them: it ends in an ellipsis. */}
                <div className="band-head-inner" style={{ '--columns': band.entries.length } as CSSProperties}>
                  <BandToggle band={band} axis="col" />
                </div>
              </th>
            ))}
          </tr>
          <tr className="entry-heads">
            {axis.map(({ band, row: col, first }) => (
              <th
                key={col.id}
                scope="col"
                className={`col-head entry-${col.kind}${col.implicit ? ' faded' : ''}${first ? ' band-first' : ''}`}
                title={col.title}
                data-testid="reach-col"
                data-id={col.id}
              >
                {/* Read bottom to top: the namespace in small print beside the name, since narrow bands cannot show it above. */}
                <span className="vertical">
                  {band.collapsible && <span className="col-namespace">{band.key}</span>}
                  <span className="col-name">{col.label}</span>
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {axis.map(({ band, row, first }, r) => (
            <tr key={row.id} data-testid="reach-row" data-id={row.id} className={first ? 'band-start' : undefined}>
              {first && (
                <th rowSpan={band.entries.length} scope="rowgroup" className="band-side">
                  <BandToggle band={band} axis="row" />
                </th>
              )}
              <th scope="row" className={`row-head entry-${row.kind}${row.implicit ? ' faded' : ''}`} title={row.title}>
                {row.label}
              </th>
              {axis.map(({ row: col, first: bandFirst }, c) => {
                const cell = cells[r]?.[c];
                return cell ? (
                  <MatrixCell
                    key={col.id}
                    fromId={row.id}
                    toId={col.id}
                    cell={cell}
                    faded={row.implicit || col.implicit}
                    bandFirst={bandFirst}
                  />
                ) : null;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
