/** The React Flow node and edge shapes of the diagram. Data is plain and serialisable. */
import type { Edge, Node } from '@xyflow/react';
import type { ElementKind, ServiceFacts } from '../../core';
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
  /** A Service's type, endpoint counts and whether it is headless. */
  readonly service?: ServiceFacts;
  /** The Service the flow connects to (its address is the destination the client wrote). */
  readonly used?: boolean;
  /** A cluster node of a big cluster with summaries opened in it: their ids, which its fold control closes. */
  readonly folds?: readonly string[];
  /** Its fold control is the one in the Tab order among the summaries' (rovingSummaries.ts). */
  readonly tabStop?: boolean;
}

/** A summary box of a big cluster (collapse.ts): a whole node, or one namespace's pods on a node. */
export interface SummaryData extends Record<string, unknown> {
  readonly kind: 'summary';
  readonly scope: 'node' | 'namespace';
  /** The node's name, or the namespace's. */
  readonly label: string;
  /** `48 pods in 5 namespaces`, `12 pods`. */
  readonly detail: string;
  readonly pods: number;
  readonly onPath: false;
  readonly current: false;
  readonly ports: readonly Port[];
  /** How many of its pods the NetworkPolicy under the editor's cursor selects and admits (a pod both counts in each). */
  readonly policyCount?: PolicyCount;
  /** The one summary whose button is in the Tab order (rovingSummaries.ts). */
  readonly tabStop?: boolean;
}

/** Counts of a summary's hidden pods marked for the NetworkPolicy under the cursor. */
export interface PolicyCount {
  readonly selected: number;
  readonly admitted: number;
}

/** Boxes that hold other boxes (cluster node, pod) and boxes that do not. */
export type GroupNode = Node<ElementData, 'k8sGroup'>;
export type LeafNode = Node<ElementData, 'k8sElement'>;
export type SummaryNode = Node<SummaryData, 'k8sSummary'>;
export type DiagramNode = GroupNode | LeafNode | SummaryNode;
export type DiagramEdge = Edge;
