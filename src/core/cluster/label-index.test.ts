import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selects } from './endpoints';
import { selectorMatches } from '../policy/selectors';
import type { LabelSelector } from '../policy/types';
import { LabelIndex } from './label-index';
import type { Pod } from './types';

const pod = (name: string, labels: Record<string, string>) => ({ name, labels }) as unknown as Pod;

describe('LabelIndex', () => {
  it('picks the pods a selector picks, in their order', () => {
    const pods = [pod('a', { app: 'web', tier: 'front' }), pod('b', { app: 'db' }), pod('c', { app: 'web' }), pod('d', {})];
    const index = new LabelIndex(pods);
    expect(index.select({ app: 'web' }).map((p) => p.name)).toEqual(['a', 'c']);
    expect(index.select({ app: 'web', tier: 'front' }).map((p) => p.name)).toEqual(['a']);
    expect(index.select({ app: 'cache' }).map((p) => p.name)).toEqual([]);
    expect(index.select({}).map((p) => p.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(index.select({ constructor: 'x', toString: 'y' }).map((p) => p.name)).toEqual([]);
  });

  it('answers exactly as filtering every pod does', () => {
    const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'env', 'team', '__proto__', 'constructor'), fc.constantFrom('a', 'b', 'c', ''), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(labels, { maxLength: 30 }), fc.array(labels, { maxLength: 10 }), (podLabels, selectors) => {
        const pods = podLabels.map((l, i) => pod(`p${i}`, l));
        const index = new LabelIndex(pods);
        for (const selector of selectors) expect(index.select(selector)).toEqual(pods.filter((p) => selects(selector, p.labels)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps among its candidates every pod a whole label selector picks, in order', () => {
    const key = fc.constantFrom('app', 'tier', 'env', '__proto__');
    const value = fc.constantFrom('a', 'b', '');
    const labels = fc.dictionary(key, value, { maxKeys: 3 });
    const span = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };
    const requirement = fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist' as const), values: fc.array(value, { maxLength: 2 }) });
    const selector = fc.record({ matchLabels: labels, matchExpressions: fc.array(requirement, { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(labels, { maxLength: 30 }), fc.array(selector, { maxLength: 10 }), (podLabels, selectors) => {
        const pods = podLabels.map((l, i) => pod(`p${i}`, l));
        const index = new LabelIndex(pods);
        for (const s of selectors) {
          const full: LabelSelector = { ...s, matchExpressions: s.matchExpressions.map((r) => ({ ...r, span })), span };
          const picked = index.candidates(full.matchLabels).filter((p) => selectorMatches(full, p.labels));
          expect(picked).toEqual(pods.filter((p) => selectorMatches(full, p.labels)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
