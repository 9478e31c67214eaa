/** The summary boxes of a big cluster that the person opened (collapse.ts draws what they stand for). */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/appState';

export interface ExpandSlice {
  /** Ids of opened summaries (`summaryId` in collapse.ts). */
  readonly expanded: ReadonlySet<string>;
  /** Opens a summary. */
  expand(id: string): void;
  /** Closes the given summaries again. */
  fold(ids: readonly string[]): void;
  /** Closes every opened summary. */
  foldAll(): void;
}

const NONE: ReadonlySet<string> = new Set();

export const createExpandSlice: StateCreator<AppState, [], [], ExpandSlice> = (set, get) => ({
  expanded: NONE,
  expand: (id) => {
    if (!get().expanded.has(id)) set({ expanded: new Set([...get().expanded, id]) });
  },
  fold: (ids) => {
    const { expanded } = get();
    if (!ids.some((id) => expanded.has(id))) return;
    const drop = new Set(ids);
    set({ expanded: new Set([...expanded].filter((id) => !drop.has(id))) });
  },
  foldAll: () => {
    if (get().expanded.size > 0) set({ expanded: NONE });
  },
});
