import { describe, expect, it } from 'vitest';
import { groupDigits, linkFit } from './linkLength';

describe('link length', () => {
  it('fits up to 8,000 characters, is risky past it, and too long past Firefox’s limit', () => {
    expect(linkFit(8_000)).toBe('fits');
    expect(linkFit(8_001)).toBe('risky');
    expect(linkFit(1_048_576)).toBe('risky');
    expect(linkFit(1_048_577)).toBe('too-long');
  });

  it('groups digits by thousands', () => {
    expect(groupDigits(7)).toBe('7');
    expect(groupDigits(8000)).toBe('8,000');
    expect(groupDigits(2097152)).toBe('2,097,152');
  });
});
