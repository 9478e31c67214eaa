/**
 * The scenario's flows, one chip each: the flow as text and how it ended. Click (or Enter) a
 * chip to show that flow; × removes it; "Add flow" keeps the flow on screen in the list and
 * puts a copy of it on screen for the picker to change, so "frontend → backend works, frontend
 * → db is dropped" sit side by side.
 */
import { formatDestination, formatFlow, formatSource } from '../../core';
import type { TraceResult } from '../../core';
import { useAppStore } from '../store';
import type { FlowEntry } from '../store/flowList';
import { packetSizeLabel } from '../flow-picker/packetSize';
import './flows.css';

/** The verdict word, or why there is none; the colours are the verdict badge's. */
function verdictOf(result: TraceResult | undefined): { readonly tone: string; readonly word: string } {
  if (!result) return { tone: 'none', word: 'no trace' };
  if (!result.ok) return { tone: 'error', word: 'cannot trace' };
  return { tone: result.trace.verdict, word: result.trace.verdict };
}

function FlowChip({ entry, index, selected, removable }: { readonly entry: FlowEntry; readonly index: number; readonly selected: boolean; readonly removable: boolean }) {
  const text = formatFlow(entry.flow);
  const verdict = verdictOf(entry.result);
  const pinned = entry.endpointPin === undefined ? '' : ` (endpoint ${entry.endpointPin + 1})`;
  const size = packetSizeLabel(entry.flow);
  return (
    <li className={`flow-chip${selected ? ' selected' : ''}`} data-testid={`flow-row-${index}`} data-verdict={verdict.tone}>
      <button
        type="button"
        className="flow-chip-select"
        data-testid={`flow-select-${index}`}
        aria-current={selected ? 'true' : undefined}
        title={`${text}${pinned}${size === '' ? '' : `, ${size}`}: ${verdict.word}${selected ? ' (shown)' : ' — show this flow'}`}
        onClick={() => useAppStore.getState().selectFlow(index)}
      >
        <span className={`flow-verdict verdict-${verdict.tone}`} data-testid={`flow-verdict-${index}`}>
          <span className="verdict-label">{verdict.word}</span>
        </span>
        {/* When the row is short of room the source gives way (from its start), never the destination. */}
        <span className="flow-chip-text">
          <span className="flow-chip-source">
            <bdi>{formatSource(entry.flow.from)}</bdi>
          </span>
          <span className="flow-chip-destination">
            {'\u00a0→ '}
            {formatDestination(entry.flow.to)}
            {pinned}
          </span>
          {size !== '' && (
            <span className="flow-chip-size" data-testid={`flow-size-${index}`}>
              {size}
            </span>
          )}
        </span>
      </button>
      {removable && (
        <button
          type="button"
          className="flow-chip-remove"
          data-testid={`flow-remove-${index}`}
          aria-label={`Remove the flow ${text}`}
          title="Remove this flow from the list"
          onClick={() => useAppStore.getState().removeFlow(index)}
        >
          ×
        </button>
      )}
    </li>
  );
}

export function FlowList() {
  const flows = useAppStore((s) => s.flows);
  const flowIndex = useAppStore((s) => s.flowIndex);
  const canAdd = useAppStore((s) => s.result !== undefined);
  return (
    <div className="flow-list" data-testid="flow-list">
      <span className="flow-list-label" id="flow-list-label">
        Flows
      </span>
      <ol aria-labelledby="flow-list-label">
        {flows.map((entry, i) => (
          <FlowChip key={i} entry={entry} index={i} selected={i === flowIndex} removable={flows.length > 1} />
        ))}
      </ol>
      <button
        type="button"
        className="flow-add"
        data-testid="add-flow"
        disabled={!canAdd}
        title="Keeps this flow in the list and shows a copy of it: change the copy with the picker above"
        onClick={() => useAppStore.getState().addFlow()}
      >
        + Add flow
      </button>
    </div>
  );
}
