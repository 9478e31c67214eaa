/**
 * The keyboard among a big cluster's summary boxes and fold controls (rovingSummaries.ts), as handlers on the
 * diagram: arrow keys, Home and End move the focus between them (and not the packet: the
 * player's shortcuts wait until the focus leaves them); the summary that gets the focus is
 * brought into view; after Enter opened a summary, the focus goes to what took its place.
 */
import { useCallback, useEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useAppStore } from '../store';
import type { DiagramNode } from './flowTypes';
import { foldedNode, isSummaryKey, summaryAfterKey, summaryAfterOpening } from './rovingSummaries';

/** The part of a node's header that holds its name and fold control, from its top left corner (canvas units). */
const FOLD_HEADER = { width: 360, height: 40 } as const;

export interface SummaryKeys {
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  readonly onFocus: (event: FocusEvent<HTMLDivElement>) => void;
}

const summaryOf = (target: EventTarget): string | undefined => (target instanceof HTMLElement ? target.dataset['summary'] : undefined);

export function useSummaryKeys(order: readonly string[]): SummaryKeys {
  const store = useStoreApi<DiagramNode>();

  /**
   * Centres the box at the present zoom when any of it is outside the pane; for a fold control,
   * the start of its node's header, where it sits (a whole node may be larger than the pane).
   */
  const bringIntoView = useCallback(
    (id: string): void => {
      const { nodeLookup, transform, width, height, setCenter } = store.getState();
      const folded = foldedNode(id);
      const node = nodeLookup.get(folded ?? id);
      if (!node) return;
      const [tx, ty, zoom] = transform;
      const { x, y } = node.internals.positionAbsolute;
      const fullW = node.measured.width ?? node.width ?? 0;
      const fullH = node.measured.height ?? node.height ?? 0;
      const w = folded === undefined ? fullW : Math.min(fullW, FOLD_HEADER.width);
      const h = folded === undefined ? fullH : Math.min(fullH, FOLD_HEADER.height);
      const inside = x * zoom + tx >= 0 && y * zoom + ty >= 0 && (x + w) * zoom + tx <= width && (y + h) * zoom + ty <= height;
      if (!inside) void setCenter(x + w / 2, y + h / 2, { zoom });
    },
    [store],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>): void => {
      const from = summaryOf(event.target);
      if (from === undefined || event.altKey || event.ctrlKey || event.metaKey || !isSummaryKey(event.key)) return;
      event.preventDefault();
      event.stopPropagation();
      const to = summaryAfterKey(order, from, event.key);
      if (to === undefined) return;
      bringIntoView(to);
      useAppStore.getState().focusSummary(to, true);
    },
    [order, bringIntoView],
  );

  const onFocus = useCallback(
    (event: FocusEvent<HTMLDivElement>): void => {
      const id = summaryOf(event.target);
      if (id === undefined) return;
      // From the keyboard only: a click is on a box in view, and should not move the camera.
      if (event.target instanceof HTMLElement && event.target.matches(':focus-visible')) bringIntoView(id);
      useAppStore.getState().focusSummary(id, false);
    },
    [bringIntoView],
  );

  // The summary the keyboard was moving to is no longer drawn (Enter opened it): on to what took its place.
  const before = useRef(order);
  useEffect(() => {
    const previous = before.current;
    before.current = order;
    const focus = useAppStore.getState().summaryFocus;
    if (focus === undefined || !focus.pending || order.includes(focus.id) || !previous.includes(focus.id)) return;
    const next = summaryAfterOpening(previous, order, focus.id);
    if (next === undefined) return;
    bringIntoView(next);
    useAppStore.getState().focusSummary(next, true);
  }, [order, bringIntoView]);

  return { onKeyDown, onFocus };
}
