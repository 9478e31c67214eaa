/**
 * What the diagram draws: the topology's elements, and on a big cluster the summary boxes
 * that stand for the elements it leaves out (see collapse.ts). A `Topology` is a `DiagramGraph`.
 */
import type { TopologyElement, TopologyLink } from '../../core';

/** A box standing for a cluster node with all it holds, or for one namespace's pods on a node. */
export interface SummaryElement {
  readonly id: string;
  readonly kind: 'summary';
  /** `node`: a whole cluster node, drawn in the row of nodes; `namespace`: pods of one namespace inside a node. */
  readonly scope: 'node' | 'namespace';
  /** The node's name, or the namespace's. */
  readonly label: string;
  /** What it holds, in words: `48 pods in 5 namespaces`, `12 pods`. */
  readonly detail: string;
  /** The cluster node a namespace summary sits in; undefined for a node summary. */
  readonly parent: string | undefined;
  /** The node element it stands for, or sits in. */
  readonly node: string;
  readonly pods: number;
}

export type DiagramElement = TopologyElement | SummaryElement;

export interface DiagramGraph {
  readonly elements: readonly DiagramElement[];
  readonly links: readonly TopologyLink[];
}
