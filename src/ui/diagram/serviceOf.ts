/** Which Service a trace connects to, as the diagram marks it. Pure. */
import { elementId, type TraceResult } from '../../core';
import type { PathState } from './toFlow';

/**
 * The Service element of the trace's `service` step and the address of the endpoint kube-proxy
 * chose (undefined when its rules rejected or dropped the connection); nothing for a flow that
 * reaches no Service.
 */
export function serviceOf(result: TraceResult | undefined): Pick<PathState, 'service'> {
  const step = result?.ok ? result.trace.service : undefined;
  if (step === undefined) return {};
  const chosen = step.chosen === undefined ? undefined : step.endpoints[step.chosen];
  return { service: { id: elementId.service(step.namespace, step.name), endpoint: chosen?.ip } };
}
