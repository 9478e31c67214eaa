import { CORE_SCHEMA, NOT_RESOLVED, type ScalarTagDefinition } from 'js-yaml';

/**
 * What an untagged plain scalar means, decided exactly as js-yaml's loader decides it: the
 * implicit scalar tags of its default schema (YAML 1.2 core: `null`/`~`, `true`/`False`, `0x1F`,
 * `0o17`, `1e3`, `.inf`, …; `yes` and `on` stay strings), tried in the schema's order among those
 * that can start with the scalar's first character, the first that resolves wins, and otherwise
 * the text is a string. The tags themselves are js-yaml's, so their patterns cannot drift from it.
 */
const implicitTags: readonly ScalarTagDefinition[] = CORE_SCHEMA.tags.filter(
  (tag): tag is ScalarTagDefinition => tag.nodeKind === 'scalar' && tag.implicit,
);
const anyFirstChar = implicitTags.filter((tag) => tag.implicitFirstChars === null);
const byFirstChar = new Map<string, readonly ScalarTagDefinition[]>();
for (const tag of implicitTags) {
  for (const first of tag.implicitFirstChars ?? []) {
    byFirstChar.set(
      first,
      implicitTags.filter((t) => t.implicitFirstChars === null || t.implicitFirstChars.includes(first)),
    );
  }
}
/** Candidates per ASCII first character, so the common case (a word) costs one array read. */
const asciiCandidates: (readonly ScalarTagDefinition[] | undefined)[] = [];
for (let code = 0; code < 128; code++) asciiCandidates.push(byFirstChar.get(String.fromCharCode(code)) ?? (anyFirstChar.length > 0 ? anyFirstChar : undefined));

/** The value of a plain scalar whose text (already folded) is `source`. */
export function resolvePlainScalar(source: string): unknown {
  const code = source.charCodeAt(0);
  const candidates =
    code < 128 ? asciiCandidates[code] : (byFirstChar.get(source.charAt(0)) ?? (anyFirstChar.length > 0 ? anyFirstChar : undefined));
  if (candidates === undefined) return source;
  for (const tag of candidates) {
    const value: unknown = tag.resolve(source, false, tag.tagName);
    if (value !== NOT_RESOLVED) return value;
  }
  return source;
}

/** A plain mapping key as js-yaml's object-based mappings store it: resolved, then made a string. */
export function plainKey(source: string): string {
  const code = source.charCodeAt(0);
  if (code < 128 && asciiCandidates[code] === undefined) return source;
  return String(resolvePlainScalar(source));
}
