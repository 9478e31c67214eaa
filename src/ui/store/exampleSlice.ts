/**
 * "Load example": replaces the editor's text with the example, through the editor (so
 * Ctrl+Z brings the user's text back), and only after asking when there is text to lose.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export interface ExampleSlice {
  readonly exampleText: string;
  /** True while the page asks whether to replace the user's text. */
  readonly confirmingExample: boolean;
  loadExample(): void;
  confirmExample(): void;
  cancelExample(): void;
}

export const createExampleSlice =
  (exampleText: string): StateCreator<AppState, [], [], ExampleSlice> =>
  (set, get) => ({
    exampleText,
    confirmingExample: false,
    loadExample: () => {
      const { text } = get();
      if (text === exampleText) return;
      if (text.trim() === '') get().replaceText(exampleText);
      else set({ confirmingExample: true });
    },
    confirmExample: () => {
      set({ confirmingExample: false });
      get().replaceText(exampleText);
    },
    cancelExample: () => set({ confirmingExample: false }),
  });
