import { describe, expect, it } from 'vitest';
import { Position } from '@xyflow/react';
import type { DiagramNode } from './flowTypes';
import { handleOf, withKnownHandles } from './knownHandles';

describe('knownHandles', () => {
  it('puts a 6-pixel handle centred on the side, where the port is along it', () => {
    expect(handleOf({ id: 'l:out', type: 'source', side: 'bottom', offset: 0.25 }, 200, 50)).toEqual({ id: 'l:out', type: 'source', position: Position.Bottom, x: 47, y: 47, width: 6, height: 6 });
    expect(handleOf({ id: 'l:in', type: 'target', side: 'top', offset: 0.5 }, 200, 50)).toEqual({ id: 'l:in', type: 'target', position: Position.Top, x: 97, y: -3, width: 6, height: 6 });
    expect(handleOf({ id: 'm:out', type: 'source', side: 'right', offset: 0.5 }, 240, 50)).toEqual({ id: 'm:out', type: 'source', position: Position.Right, x: 237, y: 22, width: 6, height: 6 });
    expect(handleOf({ id: 'm:in', type: 'target', side: 'left', offset: 0.2 }, 280, 50)).toEqual({ id: 'm:in', type: 'target', position: Position.Left, x: -3, y: 7, width: 6, height: 6 });
  });

  it('gives every node its size as measured and a handle per port', () => {
    const node: DiagramNode = {
      id: 'veth:n1/v1',
      type: 'k8sElement',
      position: { x: 10, y: 20 },
      width: 180,
      height: 50,
      data: { kind: 'veth', label: 'v1', detail: '', onPath: false, current: false, muted: false, ports: [{ id: 'p:in', type: 'target', side: 'top', offset: 0.5 }] },
    };
    const [known] = withKnownHandles([node]);
    expect(known?.measured).toEqual({ width: 180, height: 50 });
    expect(known?.handles).toEqual([{ id: 'p:in', type: 'target', position: Position.Top, x: 87, y: -3, width: 6, height: 6 }]);
    expect(known?.data).toBe(node.data);
  });
});
