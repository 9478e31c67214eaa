/** Messages about the page itself (saving in the browser), shown under the header until dismissed. */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/** One notice per id: a repeated problem replaces its notice instead of stacking. */
export type NoticeId =
  | 'storage-unavailable'
  | 'scenario-unreadable'
  | 'settings-unreadable'
  | 'flows-unreadable'
  | 'save-failed'
  /** A shared scenario link that could not be opened. */
  | 'link-unreadable'
  /** Files opened or dropped that could not be loaded. */
  | 'files-unreadable';

export interface Notice {
  readonly id: NoticeId;
  readonly message: string;
}

export interface NoticesSlice {
  readonly notices: readonly Notice[];
  showNotice(notice: Notice): void;
  dismissNotice(id: NoticeId): void;
}

export const createNoticesSlice =
  (initial: readonly Notice[]): StateCreator<AppState, [], [], NoticesSlice> =>
  (set, get) => ({
    notices: initial,
    showNotice: (notice) => {
      const current = get().notices.find((n) => n.id === notice.id);
      if (current?.message === notice.message) return;
      set({ notices: [...get().notices.filter((n) => n.id !== notice.id), notice] });
    },
    dismissNotice: (id) => {
      if (get().notices.some((n) => n.id === id)) set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  });
