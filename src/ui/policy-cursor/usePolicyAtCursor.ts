/** The NetworkPolicy under the editor's cursor, as the core reads it, and the diagram's marks for it. */
import { useMemo } from 'react';
import { clusterPolicyAtCursor, elementId, type Cluster, type PolicyAtCursor } from '../../core';
import { useAppStore } from '../store';
import type { PolicyMarks } from './markPolicyPods';

/** The last answer: the diagram and the line above it ask the same question at each move. */
let last: { cluster: Cluster; cursor: number; found: PolicyAtCursor | undefined } | undefined;

function atCursor(cluster: Cluster, cursor: number): PolicyAtCursor | undefined {
  if (last?.cluster !== cluster || last.cursor !== cursor) last = { cluster, cursor, found: clusterPolicyAtCursor(cluster, cursor) };
  return last.found;
}

/**
 * Only while the model is of the text in the editor: after an edit, offsets point elsewhere
 * until the next run, and nothing is marked rather than the wrong pods.
 */
export function usePolicyAtCursor(): PolicyAtCursor | undefined {
  const cluster = useAppStore((s) => (s.stale || s.text !== s.simulatedText ? undefined : s.model?.cluster));
  const cursor = useAppStore((s) => s.editorCursor);
  return useMemo(() => (cluster === undefined || cursor === undefined ? undefined : atCursor(cluster, cursor)), [cluster, cursor]);
}

const NO_MARKS: PolicyMarks = new Map();

/** Pod element id → how the policy under the cursor involves that pod (the peer's pods when the cursor is in a peer). */
export function usePolicyMarks(found: PolicyAtCursor | undefined): PolicyMarks {
  return useMemo(() => {
    if (found === undefined) return NO_MARKS;
    const marks = new Map<string, 'selected' | 'admitted' | 'both'>();
    for (const pod of found.selects) marks.set(elementId.pod(pod.namespace, pod.name), 'selected');
    const admitted = found.rule?.peer?.admits ?? found.rule?.admits ?? [];
    for (const pod of admitted) {
      const id = elementId.pod(pod.namespace, pod.name);
      marks.set(id, marks.get(id) === 'selected' ? 'both' : 'admitted');
    }
    return marks;
  }, [found]);
}
