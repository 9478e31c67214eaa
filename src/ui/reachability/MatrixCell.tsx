/** One cell: a coloured mark for the core's state, its explanation as a tooltip, and a click to trace. */
import { memo } from 'react';
import type { CellState } from '../../core';
import { useAppStore } from '../store';
import { STATE_WORDS, type DisplayCell } from './displayCell';

const MARKS: Readonly<Record<CellState | 'none', string>> = { allowed: '✓', partial: '◐', denied: '✕', none: '·' };

interface Props {
  readonly fromId: string;
  readonly toId: string;
  readonly cell: DisplayCell;
  readonly faded: boolean;
  /** The first column of its namespace: drawn with the band's border. */
  readonly bandFirst: boolean;
}

export const MatrixCell = memo(function MatrixCell({ fromId, toId, cell, faded, bandFirst }: Props) {
  const label = `${cell.title.split('\n')[0] ?? ''}: ${STATE_WORDS[cell.state]}`;
  return (
    <td
      className={`cell cell-${cell.state}${faded ? ' faded' : ''}${cell.traceable ? ' traceable' : ''}${bandFirst ? ' band-first' : ''}`}
      title={cell.title}
      data-testid="reach-cell"
      data-from={fromId}
      data-to={toId}
      data-state={cell.state}
    >
      {cell.traceable ? (
        <button type="button" aria-label={`${label}. Trace it`} onClick={() => useAppStore.getState().traceCell(fromId, toId)}>
          {MARKS[cell.state]}
        </button>
      ) : (
        <span aria-label={label}>{MARKS[cell.state]}</span>
      )}
    </td>
  );
});
