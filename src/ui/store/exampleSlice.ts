/**
 * The gallery of examples: its dialog's open state, and loading an example. An example is a
 * whole scenario (text, settings, flows) and goes on the page as a shared link does
 * (`applyScenario`: the text through the editor, so Ctrl+Z brings the user's text back), on
 * its first hop; only after asking when there is text of the user's own to lose.
 *
 * `exampleText` stays the default example, the text a first visit opens with.
 */
import type { StateCreator } from 'zustand';
import type { GalleryVariant } from '../gallery/gallery';
import { isGalleryText } from '../gallery/gallery';
import type { AppState } from './appState';

export interface ExampleSlice {
  readonly exampleText: string;
  readonly galleryOpen: boolean;
  /** The example waiting while the page asks whether to replace the user's text. */
  readonly confirmingExample: GalleryVariant | undefined;
  openGallery(): void;
  closeGallery(): void;
  /** Loads the example, or asks first when the editor holds text of the user's own. */
  loadExample(example: GalleryVariant): void;
  confirmExample(): void;
  cancelExample(): void;
}

/** Empty, the default example or a gallery example as shipped: nothing the user wrote. */
const isOwnText = (text: string, exampleText: string): boolean => text.trim() !== '' && text !== exampleText && !isGalleryText(text);

export const createExampleSlice =
  (exampleText: string): StateCreator<AppState, [], [], ExampleSlice> =>
  (set, get) => {
    // The scenario's step is 0: an example opens on its first hop.
    const load = (example: GalleryVariant): void => get().applyScenario(example.scenario);
    return {
      exampleText,
      galleryOpen: false,
      confirmingExample: undefined,
      openGallery: () => set({ galleryOpen: true }),
      closeGallery: () => set({ galleryOpen: false }),
      loadExample: (example) => {
        set({ galleryOpen: false });
        if (isOwnText(get().text, exampleText)) set({ confirmingExample: example });
        else load(example);
      },
      confirmExample: () => {
        const example = get().confirmingExample;
        set({ confirmingExample: undefined });
        if (example) load(example);
      },
      cancelExample: () => set({ confirmingExample: undefined }),
    };
  };
