import { describe, expect, it } from 'vitest';
import type { Cluster, Flow, Pod } from '../../core';
import { DEFAULT_FLOW, pickFlow } from './pickFlow';

/** Only the fields pickFlow reads; the rest of a Pod does not matter here. */
function pod(namespace: string, name: string, containers: [string, number[]][], implicit = false): Pod {
  const partial = {
    namespace,
    name,
    implicit,
    containers: containers.map(([c, ports]) => ({
      name: c,
      ports: ports.map((containerPort) => ({ containerPort, protocol: 'TCP' as const, name: undefined })),
    })),
  };
  return partial as unknown as Pod;
}

const cluster = (pods: Pod[]): Cluster => ({ pods }) as unknown as Cluster;

const example = cluster([
  pod('default', 'frontend', [['web', [80]], ['log-shipper', []]]),
  pod('default', 'backend', [['api', [8080]]]),
  pod('default', 'db', [['postgres', [5432]]]),
]);

describe('pickFlow', () => {
  it('keeps a flow whose pods exist, as the same object', () => {
    expect(pickFlow(example, DEFAULT_FLOW)).toBe(DEFAULT_FLOW);
  });

  it('keeps the pod but picks its first container when the container is gone', () => {
    const flow: Flow = { ...DEFAULT_FLOW, from: { ...DEFAULT_FLOW.from, container: 'gone' } };
    expect(pickFlow(example, flow)?.from).toMatchObject({ kind: 'pod', container: 'web' });
  });

  it('moves a vanished destination to another pod, on a port it declares', () => {
    const flow: Flow = { ...DEFAULT_FLOW, to: { kind: 'pod', namespace: 'default', pod: 'gone', port: 8080, protocol: 'TCP' } };
    expect(pickFlow(example, flow)?.to).toMatchObject({ pod: 'backend', port: 8080 });
  });

  it('prefers the user’s pods to the ones the simulator adds', () => {
    const withDns = cluster([pod('kube-system', 'coredns-0', [['coredns', [53]]], true), ...example.pods]);
    const flow: Flow = { ...DEFAULT_FLOW, from: { ...DEFAULT_FLOW.from, pod: 'gone' } };
    expect(pickFlow(withDns, flow)?.from).toMatchObject({ namespace: 'default', pod: 'frontend' });
  });

  it('keeps the packet size and DF when it moves the flow to pods that exist', () => {
    const flow: Flow = { ...DEFAULT_FLOW, to: { kind: 'pod', namespace: 'default', pod: 'gone', port: 8080, protocol: 'UDP' }, size: 1500, dontFragment: true };
    expect(pickFlow(example, flow)).toEqual({
      from: DEFAULT_FLOW.from,
      to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'UDP' },
      size: 1500,
      dontFragment: true,
    });
  });

  it('gives up on a cluster without pods', () => {
    expect(pickFlow(cluster([]), DEFAULT_FLOW)).toBeUndefined();
  });
});
