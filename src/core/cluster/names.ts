import { hash32 } from '../util/hash';
import { hexOf, sha256 } from '../net/sha256';

/**
 * Generated names, one documented function per kind, so the same input always yields
 * the same names (the real controllers use random suffixes; we seed them from identity).
 */

/** The alphabet Kubernetes uses for generated suffixes: no vowels, no confusable characters. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Like the apimachinery `SafeEncodeString`: each character of the input picks a letter of the
 * safe alphabet. The ReplicaSet controller feeds it the decimal string of a 32-bit template
 * hash, which is why pod-template-hash values are 8–10 characters long.
 */
function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** A 5-character suffix like `generateName` produces (`web-7c5ddbdf54-x8k2p`). */
export function randomSuffix(seed: string): string {
  const hex = hexOf(sha256(`suffix:${seed}`), 5);
  let out = '';
  for (let i = 0; i < 5; i++) out += SAFE_ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % SAFE_ALPHABET.length];
  return out;
}

/** The `pod-template-hash` of a Deployment's ReplicaSet, derived from the template's content. */
export function podTemplateHash(templateJson: string): string {
  return safeEncode(String(hash32(`template:${templateJson}`)));
}

/** A CronJob's Job is named after its scheduled time in minutes since the epoch (8 digits today). */
export function cronJobRunName(cronJob: string, seed: string): string {
  return `${cronJob}-${29_000_000 + (hash32(`cron:${seed}`) % 1_000_000)}`;
}

/**
 * The host end of a pod's veth pair. The CNI `bridge` plugin names it `veth` plus
 * 8 hex characters from 4 random bytes; we take those bytes from the pod's identity
 * instead of a random source, so the name is stable across runs.
 */
export function hostVethName(namespace: string, pod: string): string {
  return `veth${hexOf(sha256(`veth:${namespace}/${pod}`), 4)}`;
}

/**
 * The ID of a pod's sandbox (pause) container, which the runtime hands the CNI plugin as
 * CNI_CONTAINERID: 64 hex characters. Real ones are random; ours come from the pod's identity.
 * Weave and Cilium name the host veth after it.
 */
export function sandboxContainerId(namespace: string, pod: string): string {
  return hexOf(sha256(`sandbox:${namespace}/${pod}`));
}
