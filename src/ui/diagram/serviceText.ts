/** The words on a Service's box: its type in the tag, its endpoints on the last line. Pure. */
import type { ServiceFacts } from '../../core';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `Service · ClusterIP`, `Service · NodePort`; a headless Service is a ClusterIP one without the IP, as kubectl shows it. */
export function serviceTag(facts: ServiceFacts): string {
  return `Service · ${facts.type}${facts.headless ? ' · headless' : ''}`;
}

/**
 * Where new connections can go: kube-proxy sends them only to ready endpoints. An ExternalName
 * Service has none (DNS answers with a CNAME); a headless one has no rules (DNS answers with the
 * endpoints' addresses).
 */
export function endpointsText(facts: ServiceFacts): string {
  if (facts.type === 'ExternalName') return 'no endpoints: a DNS alias';
  const { readyEndpoints: ready, notReadyEndpoints: notReady } = facts;
  if (ready === 0 && notReady === 0) return 'no endpoints';
  const counts = notReady === 0 ? plural(ready, 'endpoint') : ready === 0 ? `no ready endpoints · ${notReady} not ready` : `${ready} ready · ${notReady} not ready`;
  return facts.headless ? `${counts} · DNS answers their IPs` : counts;
}

/** True when the Service has no ready endpoint to send a new connection to. */
export const hasNoReadyEndpoints = (facts: ServiceFacts): boolean => facts.type !== 'ExternalName' && facts.readyEndpoints === 0;
