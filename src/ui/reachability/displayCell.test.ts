import { describe, expect, it } from 'vitest';
import { OUTSIDE, type ReachabilityCell, type WorkloadGroup } from '../../core';
import { matrixFromCells } from './testMatrix';
import { displayCell, OUTSIDE_NOT_TRACED } from './displayCell';
import { layoutMatrix, OUTSIDE_ENTRY, type AxisEntry } from './matrixLayout';

const group = (name: string): WorkloadGroup => ({
  id: `shop/Pod/${name}`,
  namespace: 'shop',
  kind: 'Pod',
  name,
  pods: [`shop/${name}`],
  labels: {},
  implicit: false,
});

const allowed: ReachabilityCell = { state: 'allowed', connections: 'All Connections', note: undefined };
const denied: ReachabilityCell = { state: 'denied', connections: 'No Connections', note: undefined };
const partial: ReachabilityCell = { state: 'partial', connections: 'TCP 3306', note: 'Only some ports, protocols or pod pairs.' };

const workloads = [group('api'), group('db')];
const reach = matrixFromCells({
  query: {},
  workloads,
  enforced: true,
  cells: {
    'shop/Pod/api': { 'shop/Pod/api': allowed, 'shop/Pod/db': partial, [OUTSIDE]: allowed },
    'shop/Pod/db': { 'shop/Pod/api': allowed, 'shop/Pod/db': allowed, [OUTSIDE]: allowed },
    [OUTSIDE]: { 'shop/Pod/api': allowed, 'shop/Pod/db': denied, [OUTSIDE]: allowed },
  },
});

const entry = (name: string): AxisEntry => {
  const found = layoutMatrix(workloads, { namespace: undefined, labels: [], showImplicit: true, collapsed: new Set() })
    .flatMap((b) => b.entries)
    .find((e) => e.label === name);
  if (!found) throw new Error(name);
  return found;
};

describe('displayCell', () => {
  it('shows the core’s state, connections and note, and can be traced', () => {
    const cell = displayCell(reach, entry('api'), entry('db'), { kind: 'all' });
    expect(cell.state).toBe('partial');
    expect(cell.title).toContain('shop/api → shop/db');
    expect(cell.title).toContain('TCP 3306');
    expect(cell.title).toContain('Only some ports, protocols or pod pairs.');
    expect(cell.traceable).toBe(true);
  });

  it('cannot trace from or to outside the cluster yet, and says so', () => {
    const cell = displayCell(reach, OUTSIDE_ENTRY, entry('db'), { kind: 'port', port: 3306, protocol: 'TCP' });
    expect(cell.state).toBe('denied');
    expect(cell.traceable).toBe(false);
    expect(cell.title).toContain(OUTSIDE_NOT_TRACED);
    expect(cell.title).toContain('TCP 3306: denied');
  });

  it('sums up a collapsed namespace: partial when its pairs differ', () => {
    const [shop] = layoutMatrix(workloads, { namespace: undefined, labels: [], showImplicit: true, collapsed: new Set(['shop']) });
    const ns = shop!.entries[0]!;
    const cell = displayCell(reach, ns, ns, { kind: 'all' });
    expect(cell.state).toBe('partial');
    expect(cell.title).toContain('3 allowed, 1 partly allowed of 4 workload pairs');
    expect(cell.traceable).toBe(false);
    expect(displayCell(reach, ns, OUTSIDE_ENTRY, { kind: 'all' }).state).toBe('allowed');
  });
});
