import { describe, expect, it } from 'vitest';
import { buildCluster, parseManifests, traceFlow, type Flow, type Topology, type TraceResult } from '../../core';
import { buildTopology } from '../../core/topology/build';
import { routeLink } from './edgeRoutes';
import { focusRect } from './focus';
import { stepsOf } from '../store/steps';
import { layoutTopology, type Layout, type Placement } from './layout';
import { serviceOf } from './serviceOf';
import { SERVICE_SIZES } from './servicesLayout';
import { endpointsText, hasNoReadyEndpoints, serviceTag } from './serviceText';
import { hiddenOutside, toFlowEdges, toFlowNodes, type PathState } from './toFlow';

/** frontend calls the Service api (three replicas, one of them not ready); a LoadBalancer Service in front of them. */
const yaml = (extra = '') => `kind: Pod
metadata: {name: frontend, namespace: default}
spec: {containers: [{name: web}]}
---
${['a', 'b', 'c']
  .map(
    (n, i) => `kind: Pod
metadata: {name: api-${n}, namespace: default, labels: {app: api}}
spec: {containers: [{name: api, ports: [{name: http, containerPort: 8080}]}]}
status:
  podIP: 10.244.0.${20 + i}
  conditions: [{type: Ready, status: '${n === 'c' ? 'False' : 'True'}'}]
`,
  )
  .join('---\n')}---
kind: Service
metadata: {name: api, namespace: default}
spec:
  clusterIP: 10.96.50.5
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
---
kind: Service
metadata: {name: edge, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.50.6
  selector: {app: api}
  ports: [{port: 80, targetPort: http, nodePort: 30080}]
status:
  loadBalancer: {ingress: [{ip: 203.0.113.9}]}
${extra}`;

const topologyOf = (text: string): Topology => buildTopology(buildCluster(parseManifests(text)));
const at = (layout: Layout, id: string): Placement => {
  const p = layout.get(id);
  if (!p) throw new Error(`${id} was not placed`);
  return p;
};
const overlaps = (a: Placement, b: Placement): boolean =>
  a.absX < b.absX + b.width && b.absX < a.absX + a.width && a.absY < b.absY + b.height && b.absY < a.absY + a.height;

describe('the Services band', () => {
  const topology = topologyOf(yaml());
  const layout = layoutTopology(topology);
  const frames = topology.elements.filter((e) => e.kind === 'services');
  const services = topology.elements.filter((e) => e.kind === 'service');

  it('stands above the nodes, which keep their place at the top of the canvas', () => {
    expect(at(layout, 'node:node-1')).toMatchObject({ absX: 0, absY: 0 });
    for (const frame of frames) {
      const box = at(layout, frame.id);
      expect(box.absY + box.height, frame.id).toBe(-SERVICE_SIZES.bandGap);
    }
  });

  it('puts each Service inside its namespace frame, without overlaps', () => {
    expect(frames.map((f) => f.id)).toEqual(['svcs:default', 'svcs:kube-system']);
    for (const service of services) {
      const box = at(layout, service.id);
      const frame = at(layout, service.parent!);
      expect(box.absX).toBeGreaterThanOrEqual(frame.absX);
      expect(box.absX + box.width).toBeLessThanOrEqual(frame.absX + frame.width);
      expect(box.absY).toBeGreaterThanOrEqual(frame.absY + SERVICE_SIZES.frameHeader);
      expect(box.absY + box.height).toBeLessThanOrEqual(frame.absY + frame.height);
    }
    const all = [...frames, ...services].map((e) => [e.id, at(layout, e.id)] as const);
    for (const [a, boxA] of all) {
      for (const [b, boxB] of all) {
        if (a === b || a === topology.elements.find((e) => e.id === b)?.parent || b === topology.elements.find((e) => e.id === a)?.parent) continue;
        expect(overlaps(boxA, boxB), `${a} overlaps ${b}`).toBe(false);
      }
    }
    // default: api, edge and kubernetes side by side.
    expect(['svc:default/api', 'svc:default/edge', 'svc:default/kubernetes'].map((id) => at(layout, id).x)).toEqual([12, 324, 636]);
  });

  it('does not move when a pod is added, nor does the node', () => {
    const more = layoutTopology(topologyOf(yaml(`---
kind: Pod
metadata: {name: late, namespace: default}
spec: {containers: [{name: x}]}
`)));
    for (const id of [...frames, ...services].map((e) => e.id)) expect(at(more, id), id).toEqual(at(layout, id));
    expect(at(more, 'node:node-1')).toMatchObject({ absX: 0, absY: 0 });
  });

  it('wraps namespace frames into rows no wider than the nodes, all above them', () => {
    const many = Array.from({ length: 8 }, (_, i) => `---
kind: Service
metadata: {name: s, namespace: ns-${i}}
spec: {clusterIP: 10.96.60.${i + 1}, ports: [{port: 80}]}
`).join('');
    const t = topologyOf(yaml(many));
    const l = layoutTopology(t);
    const node = at(l, 'node:node-1');
    const boxes = t.elements.filter((e) => e.kind === 'services').map((e) => at(l, e.id));
    expect(new Set(boxes.map((b) => b.absY)).size).toBeGreaterThan(1);
    for (const box of boxes) {
      expect(box.absX + box.width).toBeLessThanOrEqual(Math.max(node.width, box.width));
      expect(box.absY + box.height).toBeLessThanOrEqual(-SERVICE_SIZES.bandGap);
    }
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlaps(a, b)).toBe(false);
  });
});

describe('endpoint edges', () => {
  const topology = topologyOf(yaml());
  const layout = layoutTopology(topology);
  const endpointLinks = topology.links.filter((l) => l.source === 'svc:default/api');

  it('drop onto the middle of each pod’s top and fan out from the Service’s bottom in the pods’ order', () => {
    const routes = endpointLinks.map((l) => routeLink(l, layout)!);
    expect(routes.map((r) => [r.source, r.target, r.targetPort.side, r.targetPort.offset])).toEqual([
      ['svc:default/api', 'pod:default/api-a', 'top', 0.5],
      ['svc:default/api', 'pod:default/api-b', 'top', 0.5],
      ['svc:default/api', 'pod:default/api-c', 'top', 0.5],
    ]);
    const offsets = routes.map((r) => r.sourcePort.offset);
    expect(routes.every((r) => r.sourcePort.side === 'bottom')).toBe(true);
    expect(offsets[0]).toBeLessThan(offsets[1]!);
    expect(offsets[1]).toBeLessThan(offsets[2]!);
    for (const o of offsets) {
      expect(o).toBeGreaterThan(0);
      expect(o).toBeLessThan(1);
    }
  });

  it('mark the endpoint kube-proxy chose, and the not-ready one, which is labelled', () => {
    const state: PathState = { path: new Set(), current: undefined, previous: undefined, service: { id: 'svc:default/api', endpoint: '10.244.0.21' } };
    const edges = toFlowEdges(topology, layout, state).filter((e) => e.source === 'svc:default/api');
    expect(edges.map((e) => [e.target, e.className, e.label])).toEqual([
      ['pod:default/api-a', 'edge-endpoint', undefined],
      ['pod:default/api-b', 'edge-endpoint chosen', undefined],
      ['pod:default/api-c', 'edge-endpoint not-ready', 'not ready'],
    ]);
    // The same endpoint behind the other Service is not the chosen one.
    expect(toFlowEdges(topology, layout, state).filter((e) => (e.className ?? '').includes('chosen')).map((e) => e.id)).toEqual(['link:svc:default/api~pod:default/api-b']);
  });
});

describe('the Service the flow connects to', () => {
  const text = yaml();
  const cluster = buildCluster(parseManifests(text));
  const topology = buildTopology(cluster);
  const layout = layoutTopology(topology);
  const flow: Flow = {
    from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: undefined },
    to: { kind: 'service', namespace: 'default', service: 'api', port: 80, protocol: 'TCP' },
  };

  it('is the trace’s Service, with the endpoint the packet is delivered to', () => {
    for (const endpoint of [0, 1]) {
      const result: TraceResult = traceFlow(cluster, flow, { endpoint });
      if (!result.ok) throw new Error(result.error.message);
      const marked = serviceOf(result);
      const delivered = result.trace.hops.find((h) => h.kind === 'deliver')!;
      expect(marked).toEqual({ service: { id: 'svc:default/api', endpoint: delivered.packet.ip.dst } });
      // Only ready endpoints are candidates: a and b.
      expect(marked.service?.endpoint).toBe(['10.244.0.20', '10.244.0.21'][endpoint]);
    }
  });

  it('is in view with the path when the view fits the flow', () => {
    const result = traceFlow(cluster, flow);
    const steps = stepsOf(result);
    const path = focusRect(topology, layout, steps)!;
    const withService = focusRect(topology, layout, steps, ['svc:default/api'])!;
    const service = at(layout, 'svc:default/api');
    expect(path.y).toBeGreaterThanOrEqual(0);
    expect(withService.y).toBe(service.absY);
    expect(withService.y + withService.height).toBe(path.y + path.height);
  });

  it('is nothing for a flow that reaches no Service', () => {
    const result = traceFlow(cluster, { ...flow, to: { kind: 'pod', namespace: 'default', pod: 'api-a', port: 8080, protocol: 'TCP' } });
    expect(serviceOf(result)).toEqual({});
    expect(serviceOf(undefined)).toEqual({});
  });

  it('marks its box as used, and no other', () => {
    const state: PathState = { path: new Set(), current: undefined, previous: undefined, service: { id: 'svc:default/api', endpoint: '10.244.0.20' } };
    const nodes = toFlowNodes(topology, layout, state, new Set(['svc:default/kubernetes']));
    const service = (id: string) => nodes.find((n) => n.id === id)!;
    expect(service('svc:default/api').data).toMatchObject({ kind: 'service', label: 'api', detail: '10.96.50.5 · 80/TCP', used: true, muted: false });
    expect(service('svc:default/edge').data).toMatchObject({ used: false, detail: '10.96.50.6 · 80:30080/TCP · LB\u00a0203.0.113.9' });
    expect(service('svc:default/kubernetes').data).toMatchObject({ used: false, muted: true });
    expect(service('svcs:default')).toMatchObject({ type: 'k8sGroup' });
    expect(service('svc:default/api')).toMatchObject({ type: 'k8sElement', parentId: 'svcs:default' });
  });
});

describe('outside the cluster', () => {
  const topology = topologyOf(yaml());
  const layout = layoutTopology(topology);
  const none: PathState = { path: new Set(), current: undefined, previous: undefined };

  it('the client and the load balancer are left out of a flow that does not come from outside', () => {
    expect([...hiddenOutside(topology, none.path)]).toEqual(['client', 'lb:default/edge']);
    const ids = toFlowNodes(topology, layout, none, new Set()).map((n) => n.id);
    expect(ids).not.toContain('client');
    expect(ids).not.toContain('lb:default/edge');
    expect(toFlowEdges(topology, layout, none).filter((e) => e.data?.kind === 'internet')).toEqual([]);
  });

  it('and drawn, in the places the layout keeps for them, for a flow through them', () => {
    const through: PathState = { ...none, path: new Set(['client', 'lb:default/edge', 'nic:node-1/eth0']) };
    expect(hiddenOutside(topology, through.path).size).toBe(0);
    const nodes = toFlowNodes(topology, layout, through, new Set());
    const client = nodes.find((n) => n.id === 'client')!;
    expect(client.position).toEqual({ x: at(layout, 'client').x, y: at(layout, 'client').y });
    expect(toFlowEdges(topology, layout, through).filter((e) => e.data?.kind === 'internet').map((e) => e.id)).toEqual([
      'link:client~lb:default/edge',
      'link:lb:default/edge~nic:node-1/eth0',
      'link:client~nic:node-1/eth0',
    ]);
  });
});

describe('the words on a Service', () => {
  const facts = { namespace: 'shop', type: 'ClusterIP', headless: false, readyEndpoints: 3, notReadyEndpoints: 0 } as const;

  it('name the type, and headless as kubectl does (a ClusterIP Service without the IP)', () => {
    expect(serviceTag(facts)).toBe('Service · ClusterIP');
    expect(serviceTag({ ...facts, type: 'NodePort' })).toBe('Service · NodePort');
    expect(serviceTag({ ...facts, headless: true })).toBe('Service · ClusterIP · headless');
  });

  it('count the endpoints and say when none is ready', () => {
    expect(endpointsText(facts)).toBe('3 endpoints');
    expect(endpointsText({ ...facts, readyEndpoints: 1 })).toBe('1 endpoint');
    expect(endpointsText({ ...facts, readyEndpoints: 2, notReadyEndpoints: 1 })).toBe('2 ready · 1 not ready');
    expect(endpointsText({ ...facts, readyEndpoints: 0, notReadyEndpoints: 2 })).toBe('no ready endpoints · 2 not ready');
    expect(endpointsText({ ...facts, readyEndpoints: 0 })).toBe('no endpoints');
    expect(endpointsText({ ...facts, headless: true, readyEndpoints: 2 })).toBe('2 endpoints · DNS answers their IPs');
    expect(endpointsText({ ...facts, type: 'ExternalName', readyEndpoints: 0 })).toBe('no endpoints: a DNS alias');
    expect(hasNoReadyEndpoints({ ...facts, readyEndpoints: 0, notReadyEndpoints: 2 })).toBe(true);
    expect(hasNoReadyEndpoints(facts)).toBe(false);
    expect(hasNoReadyEndpoints({ ...facts, type: 'ExternalName', readyEndpoints: 0 })).toBe(false);
  });
});
