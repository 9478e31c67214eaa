/**
 * The boxes of a big cluster's summarised view (collapse.ts): a summary, which a click opens,
 * and the control that folds a node's opened summaries again. They read the store's actions
 * on click only, so a summary box subscribes to nothing.
 */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useAppStore } from '../store';
import type { SummaryNode } from './flowTypes';
import { PortHandle } from './PortHandle';

/** A whole node, or one namespace's pods on a node: its name and what it holds; a click shows what is inside. */
export const SummaryBox = memo(function SummaryBox({ id, data }: NodeProps<SummaryNode>) {
  const what = data.scope === 'node' ? `node ${data.label}` : `the ${data.label} pods on this node`;
  return (
    <div className={`el el-summary el-summary-${data.scope}`} data-testid={`el-${id}`} data-kind="summary" data-scope={data.scope}>
      {data.ports.map((port) => (
        <PortHandle key={port.id} port={port} />
      ))}
      <button type="button" className="summary-open nodrag" title={`Show ${what}`} onClick={() => useAppStore.getState().expand(id)}>
        <span className="el-tag">{data.scope === 'node' ? 'node · summary' : 'namespace · summary'}</span>
        <span className="el-label">{data.label}</span>
        <span className="el-detail">{data.detail}</span>
      </button>
    </div>
  );
});

/** In the header of a node with opened summaries: closes them again. */
export function FoldButton({ ids }: { readonly ids: readonly string[] }) {
  return (
    <button type="button" className="el-fold nodrag" data-testid="fold-node" title="Summarise what was opened here again" onClick={() => useAppStore.getState().fold(ids)}>
      fold
    </button>
  );
}
