import { describe, expect, it } from 'vitest';
import { hopTone, sideHeading, verdictTag } from './policyWords';

describe('policy words', () => {
  it('names the side that was judged', () => {
    expect(sideHeading('egress')).toContain('source');
    expect(sideHeading('ingress')).toContain('destination');
  });

  it('tags a verdict', () => {
    expect(verdictTag({ kind: 'allowed', allows: [], message: '' })).toBe('allowed');
    expect(verdictTag({ kind: 'denied', denials: [], message: '' })).toBe('denied');
    expect(verdictTag({ kind: 'unrestricted', reason: 'not-isolated', message: '' })).toBe('not isolated');
    expect(verdictTag({ kind: 'unrestricted', reason: 'same-pod', message: '' })).toBe('unrestricted');
  });

  it('sets policy hops and drops apart from the others', () => {
    expect(hopTone('drop')).toBe('drop');
    expect(hopTone('refuse')).toBe('refuse');
    expect(hopTone('network-policy')).toBe('policy');
    expect(hopTone('bridge-forward')).toBeUndefined();
  });
});
