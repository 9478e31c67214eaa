import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../cluster/build';
import { DEFAULT_SETTINGS } from '../cluster/settings';
import { readConnlistInput } from '../policy/connlist/read-input';
import { parseManifests } from './parse';
import type { ManifestObject, ParsedManifests } from './types';
import { dropUnreadFields, UNREAD_FIELDS } from './unread-fields';

const FIXTURES = ['fixtures/realistic-dump/cluster.yaml', 'fixtures/realistic-dump/cluster-no-status.yaml'];
const CNIS = ['flannel-vxlan', 'bridge', 'calico-ipip', 'calico-bgp', 'weave', 'cilium-vxlan'] as const;

type Access = { readonly kind: string; readonly path: readonly (string | number)[]; readonly how: 'get' | 'keys' };

/** A body that records every field read (and every listing of a mapping's keys) below it. */
function recording(value: unknown, kind: string, path: (string | number)[], log: Access[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const array = Array.isArray(value);
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || (array && (key === 'length' || typeof child === 'function'))) return child;
      const at = [...path, array && /^\d+$/.test(key) ? Number(key) : key];
      log.push({ kind, path: at, how: 'get' });
      return recording(child, kind, at, log);
    },
    has(target, key) {
      if (typeof key === 'string') log.push({ kind, path: [...path, key], how: 'get' });
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      log.push({ kind, path, how: 'keys' });
      return Reflect.ownKeys(target);
    },
  });
}

/** Whether `path` names an unread field (or something inside one) of `kind`. */
function insideUnread(kind: string, path: readonly (string | number)[]): boolean {
  return (UNREAD_FIELDS[kind] ?? []).some((pattern) => {
    const parts = pattern.split('.');
    return parts.length <= path.length && parts.every((part, i) => part === '*' ? typeof path[i] === 'number' : part === path[i]);
  });
}

/** Whether listing the keys of the mapping at `path` would see an unread field go missing. */
function listsUnread(kind: string, path: readonly (string | number)[]): boolean {
  return (UNREAD_FIELDS[kind] ?? []).some((pattern) => {
    const parts = pattern.split('.');
    return parts.length === path.length + 1 && parts.slice(0, -1).every((part, i) => part === '*' ? typeof path[i] === 'number' : part === path[i]);
  });
}

function accessesOf(parsed: ParsedManifests): Access[] {
  const log: Access[] = [];
  const objects: ManifestObject[] = parsed.objects.map((o) => ({ ...o, body: recording(o.body, o.kind, [], log) as ManifestObject['body'] }));
  const recorded = { objects, diagnostics: parsed.diagnostics };
  for (const cni of CNIS) buildCluster(recorded, { ...DEFAULT_SETTINGS, cni });
  readConnlistInput(objects, []);
  return log;
}

describe('fields left out of the bodies (unread-fields.ts)', () => {
  it.each(FIXTURES)('no reader of the model looks at them: %s', (file) => {
    const accesses = accessesOf(parseManifests(readFileSync(file, 'utf8'), { fields: 'all' }));
    // The recording works: the readers do look at bodies, containers' ports among them.
    expect(accesses.some((a) => a.path.join('.').endsWith('spec.containers.0.ports'))).toBe(true);
    const offending = accesses
      .filter((a) => (a.how === 'get' ? insideUnread(a.kind, a.path) : listsUnread(a.kind, a.path)))
      .map((a) => `${a.kind} ${a.how} ${a.path.join('.')}`);
    expect([...new Set(offending)]).toEqual([]);
  });

  it.each(FIXTURES)('the model is the same with and without them: %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const all = parseManifests(text, { fields: 'all' });
    const model = parseManifests(text);
    const replacer = (_key: string, value: unknown) => (value instanceof Map ? [...value] : value instanceof Set ? [...value] : value);
    for (const cni of CNIS) {
      expect(JSON.stringify(buildCluster(model, { ...DEFAULT_SETTINGS, cni }), replacer)).toBe(JSON.stringify(buildCluster(all, { ...DEFAULT_SETTINGS, cni }), replacer));
    }
    expect(model.diagnostics).toEqual(all.diagnostics);
  });

  it('leaves out what the list names, and keeps unknown fields', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '  annotations:',
      '    note: x',
      '  managedFields:',
      '  - manager: kubectl',
      'spec:',
      '  containers:',
      '  - name: app',
      '    env:',
      '    - name: A',
      '      value: "1"',
      '    ports:',
      '    - containerPort: 80',
      '    someFutureField: kept',
      'status:',
      '  podIP: 10.244.1.5',
      '  conditions:',
      '  - type: Ready',
      '    status: "True"',
      '    lastTransitionTime: "2024-09-02T10:45:06Z"',
      '  containerStatuses:',
      '  - name: app',
      '    ready: true',
      '',
    ].join('\n');
    const body = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }], someFutureField: 'kept' }] },
      status: { podIP: '10.244.1.5', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(parseManifests(text).objects[0]!.body).toEqual(body);
    expect(parseManifests(text, { yamlReader: 'js-yaml' }).objects[0]!.body).toEqual(body);
    // The kind after the fields: the subset reader cannot leave them out as it reads; parse.ts does after.
    const late = text.replace('kind: Pod\n', '') + 'kind: Pod\n';
    expect(parseManifests(late).objects[0]!.body).toEqual(body);
    const copy = JSON.parse(JSON.stringify(parseManifests(text, { fields: 'all' }).objects[0]!.body)) as unknown;
    dropUnreadFields(copy);
    expect(copy).toEqual(body);
  });
});
