/**
 * The boxes of a big cluster's summarised view (collapse.ts): a summary, which a click opens,
 * and the control that folds a node's opened summaries again. Each reads the store's actions on
 * click, and subscribes only to whether the keyboard asks it to take the focus.
 */
import { memo, useEffect, useRef } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useAppStore } from '../store';
import { policyCountParts, summaryMark } from '../policy-cursor/markPolicyPods';
import type { SummaryNode } from './flowTypes';
import { PortHandle } from './PortHandle';
import { foldId } from './rovingSummaries';

/**
 * A whole node, or one namespace's pods on a node: its name and what it holds; a click (or
 * Enter) shows what is inside. With the NetworkPolicy under the editor's cursor, it wears the
 * pods' ring and says how many of its pods the policy selects and the rule admits.
 */
export const SummaryBox = memo(function SummaryBox({ id, data }: NodeProps<SummaryNode>) {
  const what = data.scope === 'node' ? `node ${data.label}` : `the ${data.label} pods on this node`;
  const mark = data.policyCount === undefined ? undefined : summaryMark(data.policyCount);
  const button = useRef<HTMLButtonElement>(null);
  // The keyboard moved here (rovingSummaries.ts): take the focus, once, when drawn. Not when this box was just
  // opened: React Flow removes it a moment later, and the request is for what takes its place (useSummaryKeys.ts).
  const takeFocus = useAppStore((s) => s.summaryFocus?.id === id && s.summaryFocus.pending && !s.expanded.has(id));
  useEffect(() => {
    if (!takeFocus) return;
    button.current?.focus({ preventScroll: true });
    useAppStore.getState().summaryFocused(id);
  }, [takeFocus, id]);
  return (
    <div
      className={`el el-summary el-summary-${data.scope}${mark === undefined ? '' : ` policy-${mark}`}`}
      data-testid={`el-${id}`}
      data-kind="summary"
      data-scope={data.scope}
      data-policy-mark={mark}
    >
      {data.ports.map((port) => (
        <PortHandle key={port.id} port={port} />
      ))}
      <button
        ref={button}
        type="button"
        className="summary-open nodrag"
        data-summary={id}
        tabIndex={data.tabStop === true ? 0 : -1}
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End"
        title={`Show ${what}`}
        // Opened from the keyboard (a click without a pointer): the focus moves on to what the box opens into.
        onClick={(event) => useAppStore.getState().expand(id, event.detail === 0)}
      >
        <span className="el-tag">{data.scope === 'node' ? 'node · summary' : 'namespace · summary'}</span>
        <span className="el-label">{data.label}</span>
        <span className="el-detail">{data.detail}</span>
        {data.policyCount === undefined ? null : (
          <span className="summary-policy" data-testid="summary-policy">
            {policyCountParts(data.policyCount).map((part) => (
              <span key={part.mark} className={`summary-policy-part summary-policy-${part.mark}`}>
                {part.text}
              </span>
            ))}
          </span>
        )}
      </button>
    </div>
  );
});

/**
 * In the header of a node with opened summaries: closes them again. One of the summaries' roving
 * group (rovingSummaries.ts): in the Tab order only when it is the group's stop, and it takes the
 * focus when the arrow keys move to it.
 */
export function FoldButton({ node, ids, tabStop }: { readonly node: string; readonly ids: readonly string[]; readonly tabStop: boolean }) {
  const id = foldId(node);
  const button = useRef<HTMLButtonElement>(null);
  const takeFocus = useAppStore((s) => s.summaryFocus?.id === id && s.summaryFocus.pending);
  useEffect(() => {
    if (!takeFocus) return;
    button.current?.focus({ preventScroll: true });
    useAppStore.getState().summaryFocused(id);
  }, [takeFocus, id]);
  return (
    <button
      ref={button}
      type="button"
      className="el-fold nodrag"
      data-testid="fold-node"
      data-summary={id}
      tabIndex={tabStop ? 0 : -1}
      aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End"
      title="Summarise what was opened here again"
      // From the keyboard: the focus goes to the summary that comes back.
      onClick={(event) => useAppStore.getState().fold(ids, event.detail === 0)}
    >
      fold
    </button>
  );
}
