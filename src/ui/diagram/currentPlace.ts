/**
 * Where the packet is, for the boxes, edges and minimap boxes that mark it themselves.
 *
 * A step changes only the store's step index. Each box, edge and minimap box selects from the
 * store whether the packet is at it, so a step re-renders the two boxes, two edges and two minimap
 * boxes whose marking changes, and React Flow's node and edge lists stay the same objects: handing
 * React Flow new lists made it re-adopt every node and re-index every edge at each step, the
 * largest part of a step's work on a cluster of 300 boxes.
 */
import { stepsOf, useAppStore, type AppState } from '../store';

type Playback = Pick<AppState, 'result' | 'step'>;

/** The element of the current hop. */
export const selectCurrentPlace = (s: Playback): string | undefined => stepsOf(s.result)[s.step]?.hop.where;

/** The element of the hop before it. */
export const selectPreviousPlace = (s: Playback): string | undefined => stepsOf(s.result)[s.step - 1]?.hop.where;

/** Whether an edge joins the element before and the element now: the edge the packet just crossed, either way round. */
export function crossedNow(source: string, target: string, current: string | undefined, previous: string | undefined): boolean {
  if (current === undefined || previous === undefined) return false;
  return (source === current && target === previous) || (source === previous && target === current);
}

/** Whether the packet is at this element now. */
export function useIsCurrentPlace(id: string): boolean {
  return useAppStore((s) => selectCurrentPlace(s) === id);
}

/** Whether the packet just crossed this edge. */
export function useIsCrossedNow(source: string, target: string): boolean {
  return useAppStore((s) => crossedNow(source, target, selectCurrentPlace(s), selectPreviousPlace(s)));
}
