/** The React Flow node and edge shapes of the diagram. Data is plain and serialisable. */
import type { Edge, Node } from '@xyflow/react';
import type { ElementKind } from '../../core';
import type { Port } from './edgeRoutes';

export interface ElementData extends Record<string, unknown> {
  readonly kind: ElementKind;
  readonly label: string;
  readonly detail: string;
  /** The packet passes here at some step of the trace. */
  readonly onPath: boolean;
  /** The packet is here now. */
  readonly current: boolean;
  /** Something the simulator added (a CoreDNS pod and its insides), not the user's YAML. */
  readonly muted: boolean;
  /** Where the edges attach, placed so that they run straight where the boxes allow. */
  readonly ports: readonly Port[];
  /** A tunnel device's encapsulation (`vxlan`, `ipip`), named in its tag. */
  readonly subtype?: 'vxlan' | 'ipip';
  /** A pod the NetworkPolicy under the editor's cursor selects, admits (in the rule there), or both. */
  readonly policyMark?: 'selected' | 'admitted' | 'both';
}

/** Boxes that hold other boxes (cluster node, pod) and boxes that do not. */
export type GroupNode = Node<ElementData, 'k8sGroup'>;
export type LeafNode = Node<ElementData, 'k8sElement'>;
export type DiagramNode = GroupNode | LeafNode;
export type DiagramEdge = Edge;
