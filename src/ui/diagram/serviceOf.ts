/** Which Service a trace connects to at a step, as the diagram marks it. Pure. */
import { elementId, type TraceResult } from '../../core';
import { serviceStepOf } from '../store/selectors';
import type { Direction } from '../store/steps';
import type { PathState } from './toFlow';

/**
 * The part of a trace a step is in, as far as Services go: the DNS question (to the nameserver's
 * Service, kube-dns) or the connection itself (to the destination's Service, if any).
 */
export type ServicePhase = 'dns' | 'connection';

/** The phase of a step of the player's list (undefined before a trace: the connection's). */
export const phaseOf = (direction: Direction | undefined): ServicePhase => (direction === 'dns' ? 'dns' : 'connection');

/**
 * The Service element of the phase's Service step and the address of the endpoint kube-proxy
 * chose (undefined when its rules rejected or dropped the packet); nothing when that part of the
 * flow reaches no Service. While the DNS question travels, that is kube-dns and the CoreDNS pod it
 * was sent to; from the connection's first hop, the destination's Service.
 */
export function serviceOf(result: TraceResult | undefined, phase: ServicePhase = 'connection'): Pick<PathState, 'service'> {
  const step = serviceStepOf(result, phase === 'dns' ? 'dns' : 'forward');
  if (step === undefined) return {};
  const chosen = step.chosen === undefined ? undefined : step.endpoints[step.chosen];
  return { service: { id: elementId.service(step.namespace, step.name), endpoint: chosen?.ip } };
}

/** Every Service element the trace goes through (kube-dns for its question, then the destination's), for the view to keep in sight. */
export function servicesOf(result: TraceResult | undefined): readonly string[] {
  const ids = (['dns', 'connection'] as const).flatMap((phase) => serviceOf(result, phase).service?.id ?? []);
  return [...new Set(ids)];
}
