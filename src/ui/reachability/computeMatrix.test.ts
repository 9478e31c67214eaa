import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, matrixCellOf, OUTSIDE } from '../../core';
import { computeMatrix } from './computeMatrix';
import { SHOP_YAML } from './testScenario';

describe('computeMatrix (what the worker runs)', () => {
  it('answers with the core’s matrix for the text, under the request’s id', () => {
    const response = computeMatrix({ id: 7, text: SHOP_YAML, settings: DEFAULT_SETTINGS, query: { port: 3306, protocol: 'TCP' } });
    if (!response.ok) throw new Error(response.message);
    expect(response.id).toBe(7);
    const matrix = response.reachability;
    expect(matrixCellOf(matrix, 'shop/Pod/api', 'shop/Pod/db')?.state).toBe('allowed');
    expect(matrixCellOf(matrix, 'shop/Pod/frontend', 'shop/Pod/db')?.state).toBe('denied');
    expect(matrixCellOf(matrix, OUTSIDE, 'shop/Pod/db')?.state).toBe('denied');
  });

  it('survives structured cloning, as postMessage needs', () => {
    const response = computeMatrix({ id: 1, text: SHOP_YAML, settings: DEFAULT_SETTINGS, query: {} });
    expect(structuredClone(response)).toEqual(response);
  });

  it('refuses text with syntax errors instead of guessing', () => {
    const response = computeMatrix({ id: 2, text: 'kind: Pod\n  : : [', settings: DEFAULT_SETTINGS, query: {} });
    expect(response).toMatchObject({ id: 2, ok: false });
  });
});
