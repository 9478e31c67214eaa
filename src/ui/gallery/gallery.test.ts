/**
 * Every gallery example is a valid scenario whose manifests build without problems and whose
 * flow ends as the example says it does, showing the thing it is there to teach.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster, parseManifests, readScenarioFile, scenarioToFile, traceFlow, type Hop, type Trace } from '../../core';
import { GALLERY, GALLERY_VARIANTS, galleryVariant, isGalleryText, type GalleryVariant } from './gallery';

/** Every example file, as the page's bundle would import it. */
const EXAMPLE_FILES = import.meta.glob<string>('../../../examples/*.yaml', { query: '?raw', import: 'default', eager: true });

function traceOf(variant: GalleryVariant): Trace {
  const { manifests, settings, flows, flowIndex } = variant.scenario;
  const cluster = buildCluster(parseManifests(manifests), settings);
  const flow = flows[flowIndex];
  if (!flow) throw new Error(`${variant.id} has no flow ${flowIndex}`);
  const result = traceFlow(cluster, flow);
  if (!result.ok) throw new Error(`${variant.id}: ${result.error.message}`);
  return result.trace;
}

const trace = (id: string): Trace => {
  const variant = galleryVariant(id);
  if (!variant) throw new Error(`no gallery example ${id}`);
  return traceOf(variant);
};

const kinds = (hops: readonly Hop[]): string[] => hops.map((h) => h.kind);
const firstOf = (hops: readonly Hop[], kind: Hop['kind']): Hop | undefined => hops.find((h) => h.kind === kind);

describe('the gallery', () => {
  it('names every example and variant once', () => {
    const ids = GALLERY_VARIANTS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(GALLERY.map((e) => e.id)).size).toBe(GALLERY.length);
    expect(GALLERY.map((e) => e.id)).toEqual(['pod-localhost', 'same-node', 'cross-node', 'service', 'dns', 'loadbalancer', 'netpol']);
  });

  it.each(GALLERY_VARIANTS.map((v) => [v.id, v] as const))('%s reads back as a scenario, starts at its first hop and builds without problems', (_id, variant) => {
    const read = readScenarioFile(scenarioToFile(variant.scenario));
    expect(read).toEqual({ ok: true, scenario: variant.scenario });
    expect(variant.scenario.step).toBe(0);
    expect(variant.scenario.view.pane).toBe('diagram');
    const cluster = buildCluster(parseManifests(variant.scenario.manifests), variant.scenario.settings);
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message)).toEqual([]);
  });

  it('takes every example from its file, which opens with a comment that says what to look for', () => {
    for (const example of GALLERY) {
      const text = example.variants[0].scenario.manifests;
      expect(EXAMPLE_FILES[`../../../${example.file}`], example.file).toBe(text);
      expect(text.startsWith('# '), example.file).toBe(true);
      // The default example keeps its older header: browsers that saved it still recognise it as the example.
      if (example.id !== 'same-node') expect(text.split('\n').find((line) => line.startsWith('# Look at')), example.file).toBeDefined();
      expect(isGalleryText(text)).toBe(true);
    }
    expect(isGalleryText('apiVersion: v1\nkind: Pod\n')).toBe(false);
  });

  it('shows every file of examples/', () => {
    const shown = GALLERY.map((e) => `../../../${e.file}`).sort();
    expect(Object.keys(EXAMPLE_FILES).sort()).toEqual(shown);
  });
});

describe('what each example shows', () => {
  it('containers of one pod talk over the loopback, never leaving the pod', () => {
    const t = trace('pod-localhost');
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops)).toEqual(['socket-send', 'loopback', 'deliver']);
    expect(t.hops[1]?.packet.ip).toMatchObject({ src: '127.0.0.1', dst: '127.0.0.1' });
    expect(t.hops.at(-1)?.where).toBe('ctr:default/web/nginx');
  });

  it('pods on one node meet on the cni0 bridge', () => {
    const t = trace('same-node');
    expect(t.verdict).toBe('delivered');
    expect(firstOf(t.hops, 'bridge-forward')?.where).toBe('bridge:node-1/cni0');
    expect(t.hops.some((h) => h.packet.outer !== undefined)).toBe(false);
  });

  // The outer headers between node-1 (192.168.1.11) and node-2 (192.168.1.12), per plugin.
  it.each([
    ['flannel-vxlan', 'tun:node-1/flannel.1', { protocol: 'UDP', udp: 8472, vni: 1 }],
    ['calico-ipip', 'tun:node-1/tunl0', { protocol: 'IPIP', udp: undefined, vni: undefined }],
    ['calico-vxlan', 'tun:node-1/vxlan.calico', { protocol: 'UDP', udp: 4789, vni: 4096 }],
    ['cilium-vxlan', 'tun:node-1/cilium_vxlan', { protocol: 'UDP', udp: 8472, vni: undefined }],
    ['weave', 'tun:node-1/vxlan-6784', { protocol: 'UDP', udp: 6784, vni: undefined }],
    ['weave-sleeve', 'router:node-1/weaver', { protocol: 'UDP', udp: 6783, vni: undefined }],
  ] as const)('across nodes with %s the packet is wrapped on %s', (cni, device, outer) => {
    const t = trace(`cross-node-${cni}`);
    expect(t.verdict).toBe('delivered');
    const wrap = firstOf(t.hops, 'encapsulate');
    expect(wrap?.where).toBe(device);
    const o = wrap?.packet.outer;
    expect(o?.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.12', protocol: outer.protocol });
    expect(o?.udp?.dstPort).toBe(outer.udp);
    if (outer.vni !== undefined) expect(o?.vxlan?.vni).toBe(outer.vni);
    expect(firstOf(t.hops, 'decapsulate')?.where).toBe(device.replace('node-1', 'node-2'));
    expect(t.hops.at(-1)?.where).toBe('ctr:default/echo/echo');
  });

  it.each(['flannel-host-gw', 'calico-bgp', 'cilium-native'])('across nodes with %s the packet crosses unwrapped', (cni) => {
    const t = trace(`cross-node-${cni}`);
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops)).toContain('wire');
    expect(kinds(t.hops)).not.toContain('encapsulate');
    expect(t.hops.some((h) => h.packet.outer !== undefined)).toBe(false);
    // On the wire the pods' own addresses, as the client sent them.
    const sent = t.hops[0]?.packet.ip;
    expect(firstOf(t.hops, 'wire')?.packet.ip).toMatchObject({ src: sent?.src, dst: sent?.dst });
    expect(sent?.dst).toMatch(/^10\.244\.1\./);
  });

  it('the Service is DNATed by kube-proxy to a pod on the named target port, and conntrack undoes it on the reply', () => {
    const t = trace('service-iptables');
    expect(t.verdict).toBe('delivered');
    const dnat = t.hops.find((h) => h.kind === 'service-rule' && h.rule?.text.includes('-j DNAT'));
    // The endpoint's own chain, its Service port's comment, and the rewrite to the pod's named port.
    const text = dnat?.rule?.text ?? '';
    expect(text).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} /);
    expect(text).toContain('default/api:web');
    expect(text).toMatch(/ -j DNAT --to-destination 10\.244\.0\.\d:8080$/);
    expect(t.service?.endpoints.map((e) => e.port)).toEqual([8080, 8080, 8080]);
    expect(t.service?.backend).toBe('iptables');
    const clusterIp = t.service?.address;
    expect(firstOf(t.reply, 'conntrack')?.packet.ip.src).toBe(clusterIp);
    expect(t.reply.at(-1)?.packet.ip.src).toBe(clusterIp);
  });

  it.each([
    ['service-ipvs', 'ipvs'],
    ['service-nftables', 'nftables'],
    ['service-cilium', 'none'],
  ] as const)('%s reaches an api pod on 8080 through the %s backend', (id, backend) => {
    const t = trace(id);
    expect(t.verdict).toBe('delivered');
    expect(t.service?.backend).toBe(backend);
    expect(t.hops.at(-1)?.packet.l4).toMatchObject({ dstPort: 8080 });
  });

  it('api.shop from namespace web walks the search path: NXDOMAIN for api.shop.web.svc…, then the Service', () => {
    const t = trace('dns-search-path');
    expect(t.verdict).toBe('delivered');
    const lookup = t.dns?.lookup;
    expect(lookup?.resolvConf.searches).toEqual(['web.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
    const asked = [...new Set(lookup?.queries.map((q) => q.name))];
    expect(asked).toEqual(['api.shop.web.svc.cluster.local.', 'api.shop.svc.cluster.local.']);
    expect(lookup?.queries[0]?.response?.rcode).toBe('NXDOMAIN');
    expect(lookup?.result).toMatchObject({ ok: true, name: 'api.shop.svc.cluster.local.' });
    expect(t.service).toMatchObject({ namespace: 'shop', name: 'api' });
  });

  it('the short name api does not resolve from namespace web', () => {
    const t = trace('dns-short-name');
    expect(t.verdict).toBe('unresolved');
    expect(t.dns?.lookup.result).toMatchObject({ ok: false, reason: 'nxdomain' });
    expect(t.dns?.lookup.queries[0]?.name).toBe('api.web.svc.cluster.local.');
    expect(t.hops).toEqual([]);
  });

  it('a client outside reaches app.myapp.com through the load balancer, a node’s KUBE-EXT chain, DNAT and SNAT', () => {
    const t = trace('loadbalancer');
    expect(t.verdict).toBe('delivered');
    expect(t.hops[0]?.packet.ip).toMatchObject({ src: '198.51.100.10', dst: '203.0.113.10' });
    expect(firstOf(t.hops, 'load-balancer')?.where).toBe('lb:myapp/web');
    const ext = t.hops.find((h) => h.kind === 'service-rule' && h.rule?.text.startsWith('-A KUBE-SERVICES '));
    expect(ext?.summary).toMatch(/jumps to KUBE-EXT-[A-Z2-7]{16}\.$/);
    const snat = firstOf(t.hops, 'masquerade');
    expect(snat?.changes.map((c) => c.field)).toContain('ip.src');
    expect(t.hops.at(-1)?.packet.l4).toMatchObject({ dstPort: 8080 });
    expect(t.reply.at(-1)?.packet.ip).toMatchObject({ src: '203.0.113.10', dst: '198.51.100.10' });
  });

  it('the policy admits the frontend to mysql on 3306 and drops reports at mysql’s side', () => {
    const allowed = trace('netpol-allowed');
    expect(allowed.verdict).toBe('delivered');
    const ingress = allowed.hops.find((h) => h.kind === 'network-policy' && h.policy?.direction === 'ingress');
    expect(ingress?.policy?.verdict.kind).toBe('allowed');
    expect(ingress?.summary).toContain('default/backend-database-policy');

    const dropped = trace('netpol-dropped');
    expect(dropped.verdict).toBe('dropped');
    const drop = dropped.hops.at(-1);
    expect(drop?.kind).toBe('drop');
    expect(drop?.policy?.direction).toBe('ingress');
    const verdict = drop?.policy?.verdict;
    expect(verdict?.kind === 'denied' ? verdict.denials.map((d) => `${d.policy.namespace}/${d.policy.name}`) : []).toEqual([
      'default/backend-database-policy',
    ]);
  });
});
