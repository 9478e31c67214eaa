/** The YAML text, its diagnostics and the last model that built. */
import type { StateCreator } from 'zustand';
import type { ClusterSettings, Diagnostic } from '../../core';
import { runSimulation, type Model } from './runSimulation';
import type { AppState } from './appState';

export interface ScenarioSlice {
  /** Exactly what the user typed; never replaced by a failed run. */
  readonly text: string;
  /** The text the diagnostics and the model belong to. */
  readonly simulatedText: string | undefined;
  /** The settings the last run used. */
  readonly simulatedSettings: ClusterSettings | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The last model that built; kept on screen while the text has errors. */
  readonly model: Model | undefined;
  /** True when the current text failed and `model` is from an earlier text. */
  readonly stale: boolean;
  setText(text: string): void;
  /** Runs the core on the current text and settings, and retraces the flow. */
  simulate(): void;
}

export const createScenarioSlice =
  (initialText: string): StateCreator<AppState, [], [], ScenarioSlice> =>
  (set, get) => ({
    text: initialText,
    simulatedText: undefined,
    simulatedSettings: undefined,
    diagnostics: [],
    model: undefined,
    stale: false,
    setText: (text) => set({ text }),
    simulate: () => {
      const { text, settings, simulatedText, simulatedSettings, model } = get();
      if (text === simulatedText && settings === simulatedSettings) return;
      const outcome = runSimulation(text, settings);
      set({
        simulatedText: text,
        simulatedSettings: settings,
        diagnostics: outcome.diagnostics,
        model: outcome.model ?? model,
        stale: outcome.model === undefined,
      });
      if (outcome.model) get().retrace();
    },
  });
