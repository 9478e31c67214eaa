import { describe, expect, it } from 'vitest';
import { buildCluster, DEFAULT_SETTINGS, groupWorkloads, parseManifests, type PodDestination } from '../../core';
import { flowForCell } from './cellFlow';
import { SHOP_YAML } from './testScenario';

const cluster = buildCluster(parseManifests(SHOP_YAML), DEFAULT_SETTINGS);
const groups = groupWorkloads(cluster.pods);
const byName = (name: string) => {
  const found = groups.find((g) => g.name === name);
  if (!found) throw new Error(name);
  return found;
};
const fallback: PodDestination = { kind: 'pod', namespace: 'x', pod: 'y', port: 1234, protocol: 'UDP' };

describe('flowForCell', () => {
  it('goes from the row’s first container to the column’s pod on the queried port', () => {
    const flow = flowForCell(cluster, byName('api'), byName('db'), { kind: 'port', port: 3306, protocol: 'TCP' }, fallback);
    expect(flow).toEqual({
      from: { kind: 'pod', namespace: 'shop', pod: 'api', container: 'api' },
      to: { kind: 'pod', namespace: 'shop', pod: 'db', port: 3306, protocol: 'TCP' },
    });
  });

  it('uses the destination’s first declared port when the matrix asks about all connections', () => {
    const flow = flowForCell(cluster, byName('frontend'), byName('api'), { kind: 'all' }, fallback);
    expect(flow?.to).toMatchObject({ pod: 'api', port: 8080, protocol: 'TCP' });
  });

  it('goes to a second pod of the same workload, when there is one', () => {
    const coredns = byName('coredns');
    const flow = flowForCell(cluster, coredns, coredns, { kind: 'all' }, fallback);
    expect(coredns.pods).toHaveLength(2);
    expect(flow?.to).toMatchObject({ kind: 'pod' });
    if (flow?.to.kind !== 'pod') throw new Error('a pod destination');
    expect(`${flow.to.namespace}/${flow.to.pod}`).toBe(coredns.pods[1]);
  });
});
