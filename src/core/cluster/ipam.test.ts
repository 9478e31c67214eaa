import { describe, expect, it } from 'vitest';
import { HostLocalAllocator } from './ipam';

describe('HostLocalAllocator', () => {
  it('starts after the gateway and stops before the broadcast address', () => {
    const allocator = new HostLocalAllocator('10.0.0.0/30');
    expect(allocator.gateway).toBe('10.0.0.1');
    expect(allocator.allocate('a')).toBe('10.0.0.2');
    expect(allocator.allocate('b')).toBeUndefined();
  });

  it('skips reserved addresses and clears host bits of the CIDR', () => {
    const allocator = new HostLocalAllocator('10.244.3.77/24');
    allocator.reserve('10.244.3.2', 'x');
    expect(allocator.toString()).toBe('10.244.3.0/24');
    expect(allocator.allocate('a')).toBe('10.244.3.3');
    expect(allocator.holder('10.244.3.2')).toBe('x');
    expect(allocator.contains('10.244.4.1')).toBe(false);
  });
});
