import { sha256Hex } from '../util/hash';

/**
 * The host end of a pod's veth pair. The CNI `bridge` plugin names it `veth` plus
 * 8 hex characters from 4 random bytes; we take those bytes from the pod's identity
 * instead of a random source, so the name is stable across runs.
 */
export function hostVethName(namespace: string, pod: string): string {
  return `veth${sha256Hex(`veth:${namespace}/${pod}`).slice(0, 8)}`;
}
