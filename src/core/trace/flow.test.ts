import { describe, expect, it } from 'vitest';
import { formatFlow, parseDestination, parseSource } from './flow';

describe('flow endpoints as typed on the command line', () => {
  it('reads sources with and without namespace and container', () => {
    expect(parseSource('prod/web/nginx')).toEqual({ ok: true, value: { kind: 'pod', namespace: 'prod', pod: 'web', container: 'nginx' } });
    expect(parseSource('web')).toEqual({ ok: true, value: { kind: 'pod', namespace: 'default', pod: 'web', container: undefined } });
    expect(parseSource('a/b/c/d').ok).toBe(false);
    expect(parseSource('Bad_Name').ok).toBe(false);
  });

  it('reads destinations, defaulting the protocol to TCP', () => {
    expect(parseDestination('prod/db:5432')).toEqual({ ok: true, value: { kind: 'pod', namespace: 'prod', pod: 'db', port: 5432, protocol: 'TCP' } });
  });

  it('reads Services, DNS names and addresses', () => {
    expect(parseDestination('svc/prod/backend:80')).toEqual({ ok: true, value: { kind: 'service', namespace: 'prod', service: 'backend', port: 80, protocol: 'TCP' } });
    expect(parseDestination('svc/backend:53/udp')).toEqual({ ok: true, value: { kind: 'service', namespace: 'default', service: 'backend', port: 53, protocol: 'UDP' } });
    expect(parseDestination('backend:80')).toEqual({ ok: true, value: { kind: 'name', name: 'backend', port: 80, protocol: 'TCP' } });
    expect(parseDestination('backend.prod.svc.cluster.local:80')).toEqual({ ok: true, value: { kind: 'name', name: 'backend.prod.svc.cluster.local', port: 80, protocol: 'TCP' } });
    expect(parseDestination('App.MyApp.com.:443')).toEqual({ ok: true, value: { kind: 'name', name: 'app.myapp.com.', port: 443, protocol: 'TCP' } });
    expect(parseDestination('10.96.0.10:53/UDP')).toEqual({ ok: true, value: { kind: 'address', address: '10.96.0.10', port: 53, protocol: 'UDP' } });
    expect(parseDestination('-bad-:80')).toMatchObject({ ok: false, error: { code: 'bad-destination' } });
    expect(parseDestination('a/b/c:80')).toMatchObject({ ok: false, error: { code: 'bad-destination' } });
  });

  it('rejects what is not a destination, saying why', () => {
    expect(parseDestination('db')).toMatchObject({ ok: false, error: { code: 'bad-destination' } });
    expect(parseDestination('db:0')).toMatchObject({ ok: false, error: { code: 'bad-port' } });
    expect(parseDestination('db:70000')).toMatchObject({ ok: false, error: { code: 'bad-port' } });
    expect(parseDestination('db:53/icmp')).toMatchObject({ ok: false, error: { code: 'bad-protocol' } });
  });

  it('formats a flow the way it is read', () => {
    const from = parseSource('prod/web/nginx');
    const to = parseDestination('prod/db:5432/TCP');
    if (!from.ok || !to.ok) throw new Error('parse failed');
    expect(formatFlow({ from: from.value, to: to.value })).toBe('prod/web/nginx → prod/db:5432/TCP');
    for (const text of ['svc/prod/backend:80/TCP', 'backend.prod:80/TCP', '10.96.0.10:53/UDP']) {
      const parsed = parseDestination(text);
      if (!parsed.ok) throw new Error(text);
      expect(formatFlow({ from: from.value, to: parsed.value })).toBe(`prod/web/nginx → ${text}`);
    }
  });
});

describe('localhost destinations', () => {
  it('resolve to the source pod itself', () => {
    const from = parseSource('prod/web/helper');
    if (!from.ok) throw new Error('parse failed');
    expect(parseDestination('localhost:80', from.value)).toEqual({ ok: true, value: { kind: 'pod', namespace: 'prod', pod: 'web', port: 80, protocol: 'TCP', localhost: true } });
    expect(parseDestination('localhost:80')).toMatchObject({ ok: false });
    const to = parseDestination('localhost:53/udp', from.value);
    if (!to.ok) throw new Error('parse failed');
    expect(formatFlow({ from: from.value, to: to.value })).toBe('prod/web/helper → localhost:53/UDP');
  });
});
