/**
 * Thrown where a fast reader (subset-reader.ts, json-reader.ts) is not sure to read a document
 * exactly as js-yaml does: the document then goes to js-yaml, whose values and messages count.
 */
export class Decline extends Error {}

export function decline(reason: string): never {
  throw new Decline(reason);
}
