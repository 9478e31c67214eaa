import { describe, expect, it } from 'vitest';
import { embedFromQuery, fullViewUrl } from './embedMode';

describe('embed mode', () => {
  it('is on for ?embed, ?embed=1 and ?embed=true', () => {
    expect(embedFromQuery('?embed=1')).toBe(true);
    expect(embedFromQuery('?embed')).toBe(true);
    expect(embedFromQuery('?theme=dark&embed=TRUE')).toBe(true);
  });

  it('is off without the flag or with 0 / false', () => {
    expect(embedFromQuery('')).toBe(false);
    expect(embedFromQuery('?embed=0')).toBe(false);
    expect(embedFromQuery('?embed=false')).toBe(false);
    expect(embedFromQuery('?embedded=1')).toBe(false);
  });

  it('links to the full view with the same scenario fragment', () => {
    expect(fullViewUrl('https://example.test/app/?embed=1&theme=dark#s=v1.abc')).toBe('https://example.test/app/#s=v1.abc');
    expect(fullViewUrl('http://127.0.0.1:4173/?x=2&embed=1')).toBe('http://127.0.0.1:4173/?x=2');
  });
});
