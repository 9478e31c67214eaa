/**
 * Standard label selector semantics (apimachinery `LabelSelectorAsSelector`): every
 * `matchLabels` pair and every `matchExpressions` requirement must hold. An empty selector
 * selects everything.
 */
import type { LabelRequirement, LabelSelector, Labels } from './types';

/** The first part of a selector that some labels fail, as data; the wording is in messages.ts. */
export type SelectorMiss =
  /** `key=value` is required; the labels have `actual` for that key, or nothing. */
  | { readonly kind: 'label'; readonly key: string; readonly value: string; readonly actual: string | undefined }
  | { readonly kind: 'expression'; readonly requirement: LabelRequirement; readonly actual: string | undefined };

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return selectorMiss(selector, labels) === undefined;
}

/** Undefined when the labels match; otherwise the first requirement they fail. */
export function selectorMiss(selector: LabelSelector, labels: Labels): SelectorMiss | undefined {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    const actual = labelOf(labels, key);
    if (actual !== value) return { kind: 'label', key, value, actual };
  }
  for (const requirement of selector.matchExpressions) {
    const actual = labelOf(labels, requirement.key);
    if (!requirementHolds(requirement, actual)) return { kind: 'expression', requirement, actual };
  }
  return undefined;
}

function requirementHolds(requirement: LabelRequirement, actual: string | undefined): boolean {
  switch (requirement.operator) {
    case 'In':
      return actual !== undefined && requirement.values.includes(actual);
    case 'NotIn':
      // A pod without the key satisfies `NotIn` (apimachinery: "!has(key) || value not in set").
      return actual === undefined || !requirement.values.includes(actual);
    case 'Exists':
      return actual !== undefined;
    case 'DoesNotExist':
      return actual === undefined;
  }
}

function labelOf(labels: Labels, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

/** kubectl's selector notation: `role=db,tier in (a,b),!legacy,app`; empty for `{}`. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`);
  for (const r of selector.matchExpressions) {
    switch (r.operator) {
      case 'In':
        parts.push(`${r.key} in (${r.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${r.key} notin (${r.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(r.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${r.key}`);
        break;
    }
  }
  return parts.join(',');
}
