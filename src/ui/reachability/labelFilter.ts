/**
 * The matrix's label filter as typed: `role=db`, `app` (has the label), several separated by
 * commas, all of which must hold. This only chooses which rows and columns to show.
 */
export interface LabelTerm {
  readonly key: string;
  /** Undefined: the label only has to exist. */
  readonly value: string | undefined;
}

export type LabelFilter = { readonly ok: true; readonly terms: readonly LabelTerm[] } | { readonly ok: false; readonly message: string };

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

export function parseLabelFilter(text: string): LabelFilter {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const terms: LabelTerm[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const value = eq === -1 ? undefined : part.slice(eq + 1).trim();
    if (!KEY.test(key)) return { ok: false, message: `"${part}" is not key=value or key.` };
    terms.push({ key, value });
  }
  return { ok: true, terms };
}

export function matchesLabels(labels: Readonly<Record<string, string>>, terms: readonly LabelTerm[]): boolean {
  return terms.every((t) => Object.hasOwn(labels, t.key) && (t.value === undefined || labels[t.key] === t.value));
}
