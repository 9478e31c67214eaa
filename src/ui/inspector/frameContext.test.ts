import { describe, expect, it } from 'vitest';
import type { Hop } from '../../core';
import type { Step } from '../store';
import { frameContext } from './frameContext';

const step = (index: number, direction: Step['direction'], framed: boolean): Step => ({
  index,
  direction,
  hopIndex: index,
  hop: { packet: { eth: framed ? { src: 'a', dst: 'b' } : undefined } } as unknown as Hop,
});

describe('frameContext', () => {
  it('is the socket until the packet has had a frame in its direction', () => {
    const steps = [step(0, 'forward', false), step(1, 'forward', true), step(2, 'forward', false), step(3, 'reply', false)];
    expect(frameContext(steps, 0)).toBe('socket');
    expect(frameContext(steps, 2)).toBe('routed');
    expect(frameContext(steps, 3)).toBe('socket');
  });
});
