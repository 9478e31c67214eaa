/**
 * The diagram's custom nodes: small, memoised, defined once at module scope.
 * Each gets `data-testid="el-<element id>"` so tests can find and measure it.
 */
import { memo } from 'react';
import { Handle, MiniMapNode, Position, type MiniMapNodeProps, type NodeProps, type NodeTypes } from '@xyflow/react';
import { FoldButton } from './SummaryBox';
import { useIsCurrentPlace } from './currentPlace';
import type { ElementKind } from '../../core';
import type { Port, Side } from './edgeRoutes';
import type { DiagramNode, ElementData, GroupNode, LeafNode } from './flowTypes';
import { endpointsText, hasNoReadyEndpoints, serviceTag } from './serviceText';

const KIND_TAG: Record<ElementKind, string> = {
  node: 'node',
  pod: 'pod',
  container: 'container',
  'pod-interface': 'pod netns',
  'host-interface': 'host',
  veth: 'host veth',
  bridge: 'bridge',
  tunnel: 'tunnel device',
  underlay: 'node network',
  'kube-proxy': 'service rules',
  datapath: 'Open vSwitch datapath',
  router: 'user-space router',
  client: 'outside the cluster',
  'load-balancer': 'cloud load balancer',
  volume: 'volume',
  service: 'Service',
  services: 'namespace',
};

/** How a tunnel device's tag names its encapsulation. */
const SUBTYPE_TAG: Record<NonNullable<ElementData['subtype']>, string> = { vxlan: 'VXLAN', ipip: 'IP-in-IP' };

/** `current`: the packet is here now (the box follows the store itself, currentPlace.ts). */
function classes(data: ElementData, base: string, current: boolean): string {
  return [
    base,
    `el-${data.kind}`,
    data.onPath ? 'on-path' : '',
    data.current || current ? 'current' : '',
    data.muted ? 'muted' : '',
    data.policyMark ? `policy-${data.policyMark}` : '',
    data.used ? 'used' : '',
    data.service !== undefined && hasNoReadyEndpoints(data.service) ? 'no-endpoints' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A cluster node or a pod: a labelled frame around its children. */
const GroupBox = memo(function GroupBox({ id, data }: NodeProps<GroupNode>) {
  const current = useIsCurrentPlace(id);
  return (
    <div className={classes(data, 'el el-group', current)} data-testid={`el-${id}`} data-kind={data.kind} data-policy-mark={data.policyMark}>
      {/* A pod is where a Service's endpoint edge ends. */}
      {data.ports.map((port) => (
        <PortHandle key={port.id} port={port} />
      ))}
      <div className="el-head">
        <span className="el-tag">{data.muted ? `system ${KIND_TAG[data.kind]}` : KIND_TAG[data.kind]}</span>
        <span className="el-label" title={data.label}>
          {data.label}
        </span>
        {data.folds && <FoldButton node={id} ids={data.folds} tabStop={data.tabStop === true} />}
        <span className="el-detail">{data.detail}</span>
      </div>
    </div>
  );
});

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  bottom: Position.Bottom,
  left: Position.Left,
  right: Position.Right,
};

/** An edge's end on the box, where the layout put it. */
function PortHandle({ port }: { readonly port: Port }) {
  const along = `${port.offset * 100}%`;
  const style = port.side === 'top' || port.side === 'bottom' ? { left: along } : { top: along };
  return <Handle id={port.id} type={port.type} position={POSITION[port.side]} isConnectable={false} style={style} />;
}

function tagOf(data: ElementData): string {
  if (data.service !== undefined) return serviceTag(data.service);
  return data.subtype === undefined ? KIND_TAG[data.kind] : `${SUBTYPE_TAG[data.subtype]} tunnel`;
}

/** A container, an interface, a bridge, a tunnel device or the node network: one box that edges attach to. */
const ElementBox = memo(function ElementBox({ id, data }: NodeProps<LeafNode>) {
  const current = useIsCurrentPlace(id);
  return (
    <div className={classes(data, 'el el-leaf', current)} data-testid={`el-${id}`} data-kind={data.kind}>
      {data.ports.map((port) => (
        <PortHandle key={port.id} port={port} />
      ))}
      <div className="el-tag">{tagOf(data)}</div>
      <div className="el-label" title={data.label}>
        {data.label}
      </div>
      <div className="el-detail" title={data.detail}>
        {data.detail}
      </div>
      {data.service === undefined ? null : (
        <div className="el-endpoints" data-testid={`endpoints-${id}`}>
          {endpointsText(data.service)}
        </div>
      )}
    </div>
  );
});

export const nodeTypes: NodeTypes = {
  k8sGroup: GroupBox,
  k8sElement: ElementBox,
};

/** Colours of the minimap's boxes, by element kind: the theme's (src/ui/styles/theme.css). */
export function minimapColor(node: DiagramNode): string {
  const d = node.data;
  // A big cluster's summary boxes stand out from the boxes drawn in full.
  if (d.kind === 'summary') return 'var(--minimap-summary)';
  if (d.current) return 'var(--hot)';
  if (d.onPath) return 'var(--minimap-path)';
  return d.kind === 'node' || d.kind === 'pod' || d.kind === 'services' ? 'var(--minimap-group)' : 'var(--minimap-leaf)';
}

/** A box of the minimap: React Flow's, in the packet's colour while the packet is at its element (it follows the store itself). */
export const MinimapBox = memo(function MinimapBox(props: MiniMapNodeProps) {
  const current = useIsCurrentPlace(props.id);
  return <MiniMapNode {...props} {...(current ? { color: 'var(--hot)' } : {})} />;
});

/** The minimap's class for a box: summary boxes get theirs (an outline, styles/summary.css). */
export function minimapClass(node: DiagramNode): string {
  return node.data.kind === 'summary' ? 'minimap-summary' : '';
}
