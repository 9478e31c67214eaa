/**
 * The summary boxes of a big cluster that the person opened (collapse.ts draws what they stand
 * for), and which summary the keyboard is on (rovingSummaries.ts).
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/appState';

/** The summary the keyboard is on; `pending` until its box has taken the focus (it may be drawn only after the camera moved to it). */
export interface SummaryFocus {
  readonly id: string;
  readonly pending: boolean;
}

export interface ExpandSlice {
  /** Ids of opened summaries (`summaryId` in collapse.ts). */
  readonly expanded: ReadonlySet<string>;
  readonly summaryFocus: SummaryFocus | undefined;
  /** Opens a summary; `moveFocus` (opened from the keyboard): the focus goes on to what took its place (useSummaryKeys.ts). */
  expand(id: string, moveFocus?: boolean): void;
  /** Closes the given summaries again; `moveFocus`: the first of them, drawn again, takes the focus. */
  fold(ids: readonly string[], moveFocus?: boolean): void;
  /** Closes every opened summary (a new scenario: the old one's ids mean nothing in it). */
  foldAll(): void;
  /** Makes the summary the keyboard's; `move` asks its box to take the focus. */
  focusSummary(id: string, move: boolean): void;
  /** The box has the focus. */
  summaryFocused(id: string): void;
}

const NONE: ReadonlySet<string> = new Set();

export const createExpandSlice: StateCreator<AppState, [], [], ExpandSlice> = (set, get) => ({
  expanded: NONE,
  summaryFocus: undefined,
  // One update with the focus request, so no box redraws in between and takes the request for itself.
  expand: (id, moveFocus = false) => {
    if (get().expanded.has(id)) return;
    set({ expanded: new Set([...get().expanded, id]), ...(moveFocus ? { summaryFocus: { id, pending: true } } : {}) });
  },
  fold: (ids, moveFocus = false) => {
    const { expanded } = get();
    if (!ids.some((id) => expanded.has(id))) return;
    const drop = new Set(ids);
    const first = ids[0];
    set({
      expanded: new Set([...expanded].filter((id) => !drop.has(id))),
      ...(moveFocus && first !== undefined ? { summaryFocus: { id: first, pending: true } } : {}),
    });
  },
  foldAll: () => {
    if (get().expanded.size > 0 || get().summaryFocus !== undefined) set({ expanded: NONE, summaryFocus: undefined });
  },
  focusSummary: (id, move) => {
    const now = get().summaryFocus;
    if (now?.id !== id || now.pending !== move) set({ summaryFocus: { id, pending: move } });
  },
  summaryFocused: (id) => {
    const now = get().summaryFocus;
    if (now?.id === id && now.pending) set({ summaryFocus: { id, pending: false } });
  },
});
