import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelFilter } from './labelFilter';

describe('parseLabelFilter', () => {
  it('reads key=value and bare keys, separated by commas', () => {
    expect(parseLabelFilter(' role=db, app ')).toEqual({
      ok: true,
      terms: [
        { key: 'role', value: 'db' },
        { key: 'app', value: undefined },
      ],
    });
  });

  it('accepts an empty filter and prefixed keys', () => {
    expect(parseLabelFilter('')).toEqual({ ok: true, terms: [] });
    expect(parseLabelFilter('app.kubernetes.io/name=api')).toMatchObject({ ok: true, terms: [{ key: 'app.kubernetes.io/name', value: 'api' }] });
  });

  it('refuses a term without a key', () => {
    expect(parseLabelFilter('=db')).toMatchObject({ ok: false });
  });
});

describe('matchesLabels', () => {
  const labels = { role: 'db', tier: 'backend' };
  it('needs every term to hold', () => {
    expect(matchesLabels(labels, [{ key: 'role', value: 'db' }])).toBe(true);
    expect(matchesLabels(labels, [{ key: 'tier', value: undefined }])).toBe(true);
    expect(matchesLabels(labels, [{ key: 'role', value: 'db' }, { key: 'app', value: undefined }])).toBe(false);
    expect(matchesLabels(labels, [{ key: 'role', value: 'web' }])).toBe(false);
    expect(matchesLabels(labels, [])).toBe(true);
  });
});
