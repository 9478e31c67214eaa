/**
 * Read-only: the nodes the model decided on — name, InternalIP, pod CIDR, and where each
 * came from — so a pasted dump visibly keeps its real addresses.
 */
import type { ClusterNode } from '../../core';
import { useAppStore } from '../store';
import { ORIGIN_TEXT } from './labels';

export function ModelNodes() {
  const nodes = useAppStore((s) => s.model?.cluster.nodes);
  const stale = useAppStore((s) => s.stale);
  return (
    <section className="model-nodes-box" aria-labelledby="model-nodes-title">
      <h3 id="model-nodes-title">In the model now</h3>
      {nodes ? <NodeTable nodes={nodes} stale={stale} /> : <p className="setting-hint">No model yet: the YAML has not built.</p>}
    </section>
  );
}

interface TableProps {
  readonly nodes: readonly ClusterNode[];
  readonly stale: boolean;
}

function NodeTable({ nodes, stale }: TableProps) {
  return (
    <>
      {stale && (
        <p className="setting-hint" data-testid="model-nodes-stale">
          The YAML has errors: these are the nodes of the last YAML that built.
        </p>
      )}
      <table className="model-nodes" data-testid="model-nodes">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">InternalIP</th>
            <th scope="col">Pod CIDR</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.name} data-testid={`model-node-${node.name}`} data-origin={node.origin}>
              <th scope="row">
                <span className="model-node-name">{node.name}</span>
                <span className={`origin origin-${node.origin}`} title={ORIGIN_TEXT[node.origin].title}>
                  from {ORIGIN_TEXT[node.origin].label}
                </span>
              </th>
              <td data-testid="model-node-ip">{node.internalIP}</td>
              <td data-testid="model-node-pod-cidr">{node.podCIDR}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
