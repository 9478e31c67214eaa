import { describe, expect, it } from 'vitest';
import { classifyHost } from './host';

describe('a flow destination’s host: a name to resolve or an address', () => {
  it.each([
    ['backend', { kind: 'name', name: 'backend', absolute: false }],
    ['backend.prod', { kind: 'name', name: 'backend.prod', absolute: false }],
    ['backend.prod.svc.cluster.local', { kind: 'name', name: 'backend.prod.svc.cluster.local', absolute: false }],
    ['pod-b.default.svc.cluster.local', { kind: 'name', name: 'pod-b.default.svc.cluster.local', absolute: false }],
    ['app.myapp.com', { kind: 'name', name: 'app.myapp.com', absolute: false }],
    ['backend.prod.svc.cluster.local.', { kind: 'name', name: 'backend.prod.svc.cluster.local.', absolute: true }],
    ['10-244-1-5.default.pod', { kind: 'name', name: '10-244-1-5.default.pod', absolute: false }],
    ['10.96.0.15', { kind: 'address', address: '10.96.0.15' }],
    [' 203.0.113.10 ', { kind: 'address', address: '203.0.113.10' }],
    ['localhost', { kind: 'loopback', address: '127.0.0.1' }],
  ])('%s', (text, expected) => {
    expect(classifyHost(text)).toEqual(expected);
  });

  it.each([
    ['', 'The destination has no host: give a name (backend, backend.prod) or an IPv4 address.'],
    ['10.96.0', '"10.96.0" is not a complete IPv4 address (four numbers from 0 to 255, such as 10.96.0.15).'],
    ['10.96.0.300', '"10.96.0.300" is not a complete IPv4 address (four numbers from 0 to 255, such as 10.96.0.15).'],
    ['fd00::1', '"fd00::1" looks like an IPv6 address; the simulated cluster is IPv4 only.'],
    ['backend..prod', '"backend..prod" is not a DNS name: labels of letters, digits, \'-\' and \'_\' (at most 63 each) joined by dots, such as backend.prod.'],
    ['-backend', '"-backend" is not a DNS name: labels of letters, digits, \'-\' and \'_\' (at most 63 each) joined by dots, such as backend.prod.'],
  ])('refuses %j', (text, message) => {
    expect(classifyHost(text)).toEqual({ kind: 'invalid', message });
  });
});
