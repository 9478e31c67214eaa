/** Where the player is in the trace, and whether it is playing. */
import type { StateCreator } from 'zustand';
import { stepsOf } from './steps';
import type { AppState } from './appState';

export interface PlaybackSlice {
  readonly step: number;
  readonly playing: boolean;
  goTo(step: number): void;
  forward(): void;
  back(): void;
  first(): void;
  last(): void;
  /** Starts playing (from the start when at the end) or pauses. */
  togglePlay(): void;
  /** One beat of the player: the next hop, or stop at the end. */
  tick(): void;
}

const lastStep = (state: AppState): number => Math.max(0, stepsOf(state.result).length - 1);
const clamp = (state: AppState, step: number): number => Math.min(Math.max(0, step), lastStep(state));

export const createPlaybackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set, get) => ({
  step: 0,
  playing: false,
  goTo: (step) => set({ step: clamp(get(), step), playing: false }),
  forward: () => set({ step: clamp(get(), get().step + 1), playing: false }),
  back: () => set({ step: clamp(get(), get().step - 1), playing: false }),
  first: () => set({ step: 0, playing: false }),
  last: () => set({ step: lastStep(get()), playing: false }),
  togglePlay: () => {
    const state = get();
    if (state.playing) return set({ playing: false });
    if (lastStep(state) === 0) return;
    set({ playing: true, step: state.step >= lastStep(state) ? 0 : state.step });
  },
  tick: () => {
    const state = get();
    const next = state.step + 1;
    if (next >= lastStep(state)) set({ step: lastStep(state), playing: false });
    else set({ step: next });
  },
});
