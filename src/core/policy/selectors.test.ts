import { describe, expect, it } from 'vitest';
import type { SourceSpan } from '../manifest/types';
import { formatSelector, isEmptySelector, selectorMatches, selectorMiss } from './selectors';
import type { LabelRequirement, LabelSelector } from './types';

const SPAN: SourceSpan = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };
const req = (key: string, operator: LabelRequirement['operator'], values: string[] = []): LabelRequirement => ({
  key,
  operator,
  values,
  span: SPAN,
});
const sel = (matchLabels: Record<string, string>, matchExpressions: LabelRequirement[] = []): LabelSelector => ({
  matchLabels,
  matchExpressions,
  span: SPAN,
});

describe('label selectors', () => {
  it('an empty selector selects everything', () => {
    expect(isEmptySelector(sel({}))).toBe(true);
    expect(selectorMatches(sel({}), {})).toBe(true);
    expect(selectorMatches(sel({}), { app: 'x' })).toBe(true);
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const s = sel({ app: 'web' }, [req('tier', 'In', ['front', 'edge'])]);
    expect(selectorMatches(s, { app: 'web', tier: 'edge' })).toBe(true);
    expect(selectorMatches(s, { app: 'web', tier: 'back' })).toBe(false);
    expect(selectorMatches(s, { app: 'db', tier: 'edge' })).toBe(false);
  });

  it.each([
    [req('app', 'In', ['a', 'b']), { app: 'a' }, true],
    [req('app', 'In', ['a', 'b']), { app: 'c' }, false],
    [req('app', 'In', ['a']), {}, false],
    [req('app', 'NotIn', ['a']), { app: 'b' }, true],
    [req('app', 'NotIn', ['a']), { app: 'a' }, false],
    // A pod without the key satisfies NotIn.
    [req('app', 'NotIn', ['a']), {}, true],
    [req('app', 'Exists'), { app: '' }, true],
    [req('app', 'Exists'), {}, false],
    [req('app', 'DoesNotExist'), {}, true],
    [req('app', 'DoesNotExist'), { app: 'x' }, false],
  ])('%j on %j → %s', (requirement, labels, expected) => {
    expect(selectorMatches(sel({}, [requirement]), labels)).toBe(expected);
  });

  it('reports the first requirement a set of labels fails', () => {
    expect(selectorMiss(sel({ role: 'frontend' }), { role: 'web' })).toEqual({ kind: 'label', key: 'role', value: 'frontend', actual: 'web' });
    expect(selectorMiss(sel({ role: 'frontend' }), {})).toMatchObject({ actual: undefined });
    expect(selectorMiss(sel({}, [req('app', 'Exists')]), { a: 'b' })).toMatchObject({ kind: 'expression', actual: undefined });
    expect(selectorMiss(sel({ role: 'frontend' }), { role: 'frontend' })).toBeUndefined();
  });

  it("prints kubectl's notation", () => {
    const s = sel({ role: 'db' }, [req('tier', 'In', ['a', 'b']), req('x', 'NotIn', ['y']), req('legacy', 'DoesNotExist'), req('app', 'Exists')]);
    expect(formatSelector(s)).toBe('role=db,tier in (a,b),x notin (y),!legacy,app');
  });

  it('does not see inherited object properties as labels', () => {
    expect(selectorMatches(sel({}, [req('toString', 'Exists')]), {})).toBe(false);
  });
});
