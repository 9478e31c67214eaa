/**
 * Whether the keyboard help is open: its own small store, because both the step controls' button
 * and the page-wide `?` key open it.
 */
import { create } from 'zustand';

interface ShortcutsHelpState {
  readonly open: boolean;
  show(): void;
  hide(): void;
}

export const useShortcutsHelp = create<ShortcutsHelpState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));

/** The keys the page answers, as the help lists them: where they work, then each key and what it does. */
export const SHORTCUTS: readonly { readonly where: string; readonly keys: readonly (readonly [string, string])[] }[] = [
  {
    where: 'Anywhere outside the editor and the form fields',
    keys: [
      ['Space', 'play or pause'],
      ['→', 'next hop'],
      ['←', 'previous hop'],
      ['Home', 'first hop'],
      ['End', 'last hop'],
      ['?', 'this help'],
    ],
  },
  {
    where: 'On a summary box of a big cluster (one Tab stop for all of them)',
    keys: [
      ['← → ↑ ↓', 'the previous or next summary'],
      ['Home / End', 'the first or last summary'],
      ['Enter / Space', 'open it'],
    ],
  },
  {
    where: 'In a dialog',
    keys: [['Escape', 'close it']],
  },
];
