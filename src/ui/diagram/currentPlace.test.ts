import { describe, expect, it } from 'vitest';
import example from '../../../examples/same-node-pods.yaml?raw';
import { traceFlow, type Flow } from '../../core';
import { clusterOf } from '../../core/cluster/test-helpers';
import { crossedNow, selectCurrentPlace, selectPreviousPlace } from './currentPlace';

const FLOW: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};
const result = traceFlow(clusterOf(example), FLOW);

describe('where the packet is', () => {
  it('is the element of the current hop, and the one before it', () => {
    expect(selectCurrentPlace({ result, step: 0 })).toBe('ctr:default/frontend/web');
    expect(selectPreviousPlace({ result, step: 0 })).toBeUndefined();
    expect(selectCurrentPlace({ result, step: 4 })).toBe('veth:node-1/veth5c48296a');
    expect(selectPreviousPlace({ result, step: 4 })).toBe('podnic:default/frontend/eth0');
    // The reply's first hop: the step before it is the forward delivery, at the same container.
    expect(selectCurrentPlace({ result, step: 9 })).toBe('ctr:default/backend/api');
    expect(selectPreviousPlace({ result, step: 9 })).toBe('ctr:default/backend/api');
  });

  it('is nowhere without a trace', () => {
    expect(selectCurrentPlace({ result: undefined, step: 0 })).toBeUndefined();
    expect(selectPreviousPlace({ result: undefined, step: 1 })).toBeUndefined();
  });
});

describe('crossedNow', () => {
  const veth = 'veth:node-1/veth5c48296a';
  const nic = 'podnic:default/frontend/eth0';
  const bridge = 'bridge:node-1/cni0';

  it('marks the edge between the element before and the element now, either way round', () => {
    expect(crossedNow(nic, veth, veth, nic)).toBe(true);
    expect(crossedNow(veth, nic, veth, nic)).toBe(true);
    // The reply crosses the same edge the other way.
    expect(crossedNow(nic, veth, nic, veth)).toBe(true);
  });

  it('marks no other edge, and none at the first hop', () => {
    expect(crossedNow(veth, bridge, veth, nic)).toBe(false);
    expect(crossedNow(nic, veth, veth, undefined)).toBe(false);
    expect(crossedNow(nic, veth, undefined, undefined)).toBe(false);
  });
});
