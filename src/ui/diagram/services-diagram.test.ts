import { describe, expect, it } from 'vitest';
import { buildCluster, DEFAULT_SETTINGS, parseManifests, traceFlow, type Flow, type Topology, type TraceResult } from '../../core';
import { buildTopology } from '../../core/topology/build';
import { routeLink } from './edgeRoutes';
import { focusRect } from './focus';
import { stepsOf } from '../store/steps';
import { layoutTopology, type Layout, type Placement } from './layout';
import { phaseOf, serviceOf, servicesOf } from './serviceOf';
import { endpointPath, SERVICE_SIZES } from './servicesLayout';
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

  it('leave the middle of the Service’s bottom, run along its lane and drop into the middle of each pod’s top', () => {
    const routes = endpointLinks.map((l) => routeLink(l, layout)!);
    expect(routes.map((r) => [r.source, r.target, r.sourcePort.side, r.sourcePort.offset, r.targetPort.side, r.targetPort.offset])).toEqual([
      ['svc:default/api', 'pod:default/api-a', 'bottom', 0.5, 'top', 0.5],
      ['svc:default/api', 'pod:default/api-b', 'bottom', 0.5, 'top', 0.5],
      ['svc:default/api', 'pod:default/api-c', 'bottom', 0.5, 'top', 0.5],
    ]);
    // api is the first Service with endpoints: its lane is the one nearest the nodes.
    expect(new Set(routes.map((r) => r.lane))).toEqual(new Set([-SERVICE_SIZES.laneMargin]));
  });

  it('give each Service its own lane, all between the band and the nodes', () => {
    const lanes = new Map(topology.links.filter((l) => l.kind === 'endpoint').map((l) => [l.source, routeLink(l, layout)!.lane]));
    // edge, kubernetes and kube-dns after api, each a pitch further up.
    expect([...lanes]).toEqual([
      ['svc:default/api', -16],
      ['svc:default/edge', -24],
      ['svc:default/kubernetes', -32],
      ['svc:kube-system/kube-dns', -40],
    ]);
    const bandBottom = Math.max(...topology.elements.filter((e) => e.kind === 'services').map((e) => at(layout, e.id).absY + at(layout, e.id).height));
    for (const lane of lanes.values()) {
      expect(lane!).toBeGreaterThan(bandBottom);
      expect(lane!).toBeLessThan(at(layout, 'node:node-1').absY);
    }
  });

  it('drop into a pod beside the node’s addresses left of them, and onto a node endpoint above its name', () => {
    // The node's detail, 33 characters of 10.5px monospace estimated at 6.6px each, ends 12px in from its right; 10px more to spare.
    const node = at(layout, 'node:node-1');
    const detailStart = node.absX + node.width - 12 - 33 * 6.6 - 10;
    const kubeDns = topology.links.filter((l) => l.source === 'svc:kube-system/kube-dns').map((l) => routeLink(l, layout)!);
    const last = kubeDns.find((r) => at(layout, r.target).absX + at(layout, r.target).width > detailStart)!;
    const pod = at(layout, last.target);
    expect(pod.absX + pod.width / 2).toBeGreaterThan(detailStart);
    expect(pod.absX + last.targetPort.offset * pod.width).toBeCloseTo(detailStart, 6);
    // The API server's address is the node's own: its edge ends on the node's top border, above the start of its name (tag 36px and a 6px gap in from 12px of padding), not past it into a pod.
    const apiServer = routeLink(topology.links.find((l) => l.source === 'svc:default/kubernetes')!, layout)!;
    expect(apiServer.target).toBe('node:node-1');
    expect(node.absX + apiServer.targetPort.offset * node.width).toBe(12 + 36 + 6 + 12);
  });

  it('keep clear of the node’s name: the drop into its first pod moves right of it, the longer the name the further', () => {
    const text = `kind: Pod
metadata: {name: api-a, namespace: default, labels: {app: api}}
spec: {containers: [{name: api}]}
---
kind: Service
metadata: {name: api, namespace: default}
spec: {clusterIP: 10.96.50.5, selector: {app: api}, ports: [{port: 80}]}
`;
    for (const [name, titleEnd] of [
      // 12px of padding, the tag (36), a gap (6), the name at 10px a character, a gap (6), a fold button (30) and 10px to spare.
      ['node-1', 12 + 36 + 6 + 60 + 6 + 30 + 10],
      ['worker-pool-a1', 12 + 36 + 6 + 140 + 6 + 30 + 10],
    ] as const) {
      const t = buildTopology(buildCluster(parseManifests(text), { ...DEFAULT_SETTINGS, nodeNames: [name] }));
      const l = layoutTopology(t);
      const route = routeLink(t.links.find((k) => k.target === 'pod:default/api-a')!, l)!;
      const pod = at(l, 'pod:default/api-a');
      expect(pod.absX + pod.width / 2, name).toBeLessThan(titleEnd);
      expect(pod.absX + route.targetPort.offset * pod.width, name).toBe(titleEnd);
    }
  });

  it('widen the gap under the band when many Services need lanes', () => {
    const many = Array.from({ length: 10 }, (_, i) => `---
kind: Service
metadata: {name: api-${i}, namespace: default}
spec: {clusterIP: 10.96.70.${i + 1}, selector: {app: api}, ports: [{port: 80}]}
`).join('');
    const t = topologyOf(yaml(many));
    const l = layoutTopology(t);
    // 14 Services with endpoints: 13 pitches of 8 between the outer lanes, and 16 beyond each.
    const frames = t.elements.filter((e) => e.kind === 'services').map((e) => at(l, e.id));
    expect(Math.max(...frames.map((f) => f.absY + f.height))).toBe(-(2 * 16 + 13 * 8));
    const lanes = t.links.filter((k) => k.kind === 'endpoint').map((k) => routeLink(k, l)!.lane!);
    expect(Math.min(...lanes)).toBe(-16 - 13 * 8);
    expect(Math.max(...lanes)).toBe(-16);
  });

  it('are drawn as a path down to the lane, along it and down, with rounded corners', () => {
    expect(endpointPath(100, -80, 300, 38, -16)).toEqual({
      path: 'M 100,-80 L 100,-24 Q 100,-16 108,-16 L 292,-16 Q 300,-16 300,-8 L 300,38',
      labelX: 300,
      labelY: -16,
    });
    expect(endpointPath(300, -80, 100, 38, -16).path).toBe('M 300,-80 L 300,-24 Q 300,-16 292,-16 L 108,-16 Q 100,-16 100,-8 L 100,38');
    // Straight down when the pod is right under the Service.
    expect(endpointPath(100, -80, 100, 38, -16).path).toBe('M 100,-80 L 100,-16 L 100,-16 L 100,38');
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

describe('a flow to a name: kube-dns while the question travels, then the destination’s Service', () => {
  const cluster = buildCluster(parseManifests(yaml()));
  const topology = buildTopology(cluster);
  const layout = layoutTopology(topology);
  const flow: Flow = {
    from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: undefined },
    to: { kind: 'name', name: 'api.default.svc.cluster.local', port: 80, protocol: 'TCP' },
  };
  const result = traceFlow(cluster, flow);
  if (!result.ok) throw new Error(result.error.message);
  const steps = stepsOf(result);
  const corednsIps = cluster.pods.filter((p) => p.namespace === 'kube-system' && p.name.startsWith('coredns-')).map((p) => p.ip);
  const asked = result.trace.dns?.hops.find((h) => h.kind === 'deliver')?.packet.ip.dst;

  it('marks kube-dns and the CoreDNS pod the question was sent to, on every DNS step up to the answer', () => {
    expect(corednsIps).toContain(asked);
    const dnsSteps = steps.filter((s) => phaseOf(s.direction) === 'dns');
    expect(dnsSteps.map((s) => s.hop.kind).at(0)).toBe('dns-query');
    expect(dnsSteps.map((s) => s.hop.kind).at(-1)).toBe('dns-answer');
    expect(dnsSteps).toHaveLength(result.trace.dns!.hops.length + result.trace.dns!.reply.length);
    expect(serviceOf(result, 'dns')).toEqual({ service: { id: 'svc:kube-system/kube-dns', endpoint: asked } });
  });

  it('moves the mark to the Service the answer names from the connection’s first hop on', () => {
    const first = steps.find((s) => phaseOf(s.direction) === 'connection')!;
    expect(first.direction).toBe('forward');
    expect(first.hop.kind).toBe('socket-send');
    const delivered = result.trace.hops.find((h) => h.kind === 'deliver')!;
    expect(serviceOf(result, phaseOf(first.direction))).toEqual({ service: { id: 'svc:default/api', endpoint: delivered.packet.ip.dst } });
    expect(phaseOf(steps.at(-1)!.direction)).toBe('connection');
    expect(phaseOf(undefined)).toBe('connection');
  });

  it('draws the chosen edge from kube-dns in the DNS phase, and from api after it', () => {
    const chosen = (phase: 'dns' | 'connection') =>
      toFlowEdges(topology, layout, { path: new Set(), current: undefined, previous: undefined, ...serviceOf(result, phase) })
        .filter((e) => (e.className ?? '').split(' ').includes('chosen'))
        .map((e) => e.id);
    const corednsPod = cluster.pods.find((p) => p.namespace === 'kube-system' && p.ip === asked)!;
    expect(chosen('dns')).toEqual([`link:svc:kube-system/kube-dns~pod:kube-system/${corednsPod.name}`]);
    const endpoint = result.trace.service!.endpoints[result.trace.service!.chosen!]!;
    expect(chosen('connection')).toEqual([`link:svc:default/api~pod:${endpoint.pod}`]);
    const used = (phase: 'dns' | 'connection') =>
      toFlowNodes(topology, layout, { path: new Set(), current: undefined, previous: undefined, ...serviceOf(result, phase) }, new Set())
        .filter((n) => n.data.used === true)
        .map((n) => n.id);
    expect(used('dns')).toEqual(['svc:kube-system/kube-dns']);
    expect(used('connection')).toEqual(['svc:default/api']);
  });

  it('keeps both Services in the view’s context, and only the destination’s for a flow without a name', () => {
    expect(servicesOf(result)).toEqual(['svc:kube-system/kube-dns', 'svc:default/api']);
    expect(servicesOf(traceFlow(cluster, { ...flow, to: { kind: 'service', namespace: 'default', service: 'api', port: 80, protocol: 'TCP' } }))).toEqual(['svc:default/api']);
    expect(servicesOf(undefined)).toEqual([]);
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
