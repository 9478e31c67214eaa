/** Narrow selectors over the store; derived data comes from memoised helpers. */
import type { AppState } from './appState';
import { stepsOf, type Step } from './steps';

export const selectSteps = (s: AppState): readonly Step[] => stepsOf(s.result);

export const selectCurrentStep = (s: AppState): Step | undefined => stepsOf(s.result)[s.step];

export const selectErrorCount = (s: AppState): number =>
  s.diagnostics.filter((d) => d.severity === 'error').length;
