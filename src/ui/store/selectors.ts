/** Narrow selectors over the store; derived data comes from memoised helpers. */
import type { PolicyFix, ServiceStep, TraceResult } from '../../core';
import type { AppState } from './appState';
import { stepsOf, type Direction, type Step } from './steps';

export const selectSteps = (s: AppState): readonly Step[] => stepsOf(s.result);

export const selectCurrentStep = (s: AppState): Step | undefined => stepsOf(s.result)[s.step];

export const selectErrorCount = (s: AppState): number =>
  s.diagnostics.filter((d) => d.severity === 'error').length;

/** The core's suggested fix, when NetworkPolicy dropped the connection and one exists. */
export const selectFix = (s: AppState): PolicyFix | undefined => (s.result?.ok ? s.result.trace.fix : undefined);

/** The step at which the packet is dropped, if it is. */
export const selectDropStep = (s: AppState): number | undefined => stepsOf(s.result).find((step) => step.hop.kind === 'drop')?.index;

/**
 * What the Service rules chose in one part of the trace: on a step of the DNS question, its way
 * through the nameserver's Service (kube-dns); otherwise the connection's, when it went through a Service.
 */
export function serviceStepOf(result: TraceResult | undefined, direction: Direction | undefined): ServiceStep | undefined {
  if (!result?.ok) return undefined;
  return direction === 'dns' ? result.trace.dns?.service : result.trace.service;
}

/** What the Service rules chose for the part of the trace the current step is in. */
export const selectServiceStep = (s: AppState): ServiceStep | undefined => serviceStepOf(s.result, stepsOf(s.result)[s.step]?.direction);
