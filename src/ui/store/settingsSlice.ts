/**
 * Cluster settings: what the manifests do not say. The form's draft may be invalid; only
 * settings the core's `validateSettings` accepts are put in effect and simulated.
 */
import type { StateCreator } from 'zustand';
import { DEFAULT_SETTINGS, validateSettings } from '../../core';
import type { ClusterSettings, SettingsProblem } from '../../core';
import { draftOf, sameSettings, settingsOf, type SettingsDraft } from './settingsDraft';
import type { AppState } from './appState';

export interface SettingsSlice {
  /** The settings in effect: the last valid ones. */
  readonly settings: ClusterSettings;
  /** What the form holds, valid or not. */
  readonly settingsDraft: SettingsDraft;
  /** The core's complaints about the draft; empty when the draft is in effect. */
  readonly settingsProblems: readonly SettingsProblem[];
  /** Changes fields of the draft; puts it in effect (and re-runs the core) when it is valid. */
  editSettings(patch: Partial<SettingsDraft>): void;
  resetSettings(): void;
}

export interface InitialSettings {
  readonly settings: ClusterSettings;
  readonly draft: SettingsDraft;
}

export const createSettingsSlice =
  (initial: InitialSettings): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    const apply = (draft: SettingsDraft): void => {
      const candidate = settingsOf(draft);
      const problems = validateSettings(candidate);
      const current = get().settings;
      const settings = problems.length === 0 && !sameSettings(candidate, current) ? candidate : current;
      set({ settingsDraft: draft, settingsProblems: problems, settings });
      if (settings !== current) get().simulate();
    };
    return {
      settings: initial.settings,
      settingsDraft: initial.draft,
      settingsProblems: validateSettings(settingsOf(initial.draft)),
      editSettings: (patch) => apply({ ...get().settingsDraft, ...patch }),
      resetSettings: () => apply(draftOf(DEFAULT_SETTINGS)),
    };
  };
