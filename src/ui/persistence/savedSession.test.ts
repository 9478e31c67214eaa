import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core';
import { draftOf } from '../store/settingsDraft';
import { restoreSession, saveFlows, saveScenario, saveSettings } from './savedSession';
import { FLOWS_KEY, SCENARIO_KEY, SETTINGS_KEY, type KeyValueStorage } from './storageKeys';

const EXAMPLE = 'kind: Pod\n';

function memoryStorage(entries: Record<string, string> = {}): KeyValueStorage & { readonly data: Map<string, string> } {
  const data = new Map(Object.entries(entries));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const quotaError = (): Error => Object.assign(new Error('full'), { name: 'QuotaExceededError' });

describe('restoreSession', () => {
  it('starts from the example and the defaults when nothing is stored', () => {
    const session = restoreSession(memoryStorage(), EXAMPLE);
    expect(session).toEqual({ text: EXAMPLE, settings: DEFAULT_SETTINGS, draft: draftOf(DEFAULT_SETTINGS), notices: [] });
  });

  it('gives back what was saved, an empty text included', () => {
    const storage = memoryStorage();
    const settings = { ...DEFAULT_SETTINGS, clusterCIDR: '10.42.0.0/16' };
    const draft = { ...draftOf(settings), clusterDomain: 'Not Valid' };
    expect(saveScenario(storage, '')).toEqual({ ok: true });
    expect(saveSettings(storage, settings, draft)).toEqual({ ok: true });
    const session = restoreSession(storage, EXAMPLE);
    expect(session.text).toBe('');
    expect(session.settings).toEqual(settings);
    expect(session.draft).toEqual(draft);
    expect(session.notices).toEqual([]);
  });

  it('copies damaged JSON aside and says so', () => {
    const storage = memoryStorage({ [SCENARIO_KEY]: '{"text": "kind: Po' });
    const session = restoreSession(storage, EXAMPLE);
    expect(session.text).toBe(EXAMPLE);
    expect(session.notices.map((n) => n.id)).toEqual(['scenario-unreadable']);
    expect(storage.data.get(`${SCENARIO_KEY}:unreadable`)).toBe('{"text": "kind: Po');
  });

  it('refuses stored values of the wrong shape', () => {
    const storage = memoryStorage({ [SCENARIO_KEY]: '{"text": 42}', [SETTINGS_KEY]: '[1, 2]' });
    const session = restoreSession(storage, EXAMPLE);
    expect(session.text).toBe(EXAMPLE);
    expect(session.settings).toBe(DEFAULT_SETTINGS);
    expect(session.notices.map((n) => n.id)).toEqual(['scenario-unreadable', 'settings-unreadable']);
  });

  it('refuses stored settings the core rejects, and fills fields a later version added', () => {
    const invalid = memoryStorage({ [SETTINGS_KEY]: JSON.stringify({ settings: { clusterCIDR: '10.0.0.0/33' } }) });
    expect(restoreSession(invalid, EXAMPLE).notices.map((n) => n.id)).toEqual(['settings-unreadable']);
    const partial = memoryStorage({ [SETTINGS_KEY]: JSON.stringify({ settings: { clusterCIDR: '10.42.0.0/16', cni: 'kube-router' } }) });
    const session = restoreSession(partial, EXAMPLE);
    expect(session.settings).toEqual({ ...DEFAULT_SETTINGS, clusterCIDR: '10.42.0.0/16' });
    expect(session.draft).toEqual(draftOf(session.settings));
  });

  it('says when the browser refuses storage', () => {
    expect(restoreSession(undefined, EXAMPLE).notices.map((n) => n.id)).toEqual(['storage-unavailable']);
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
    };
    const session = restoreSession(refusing, EXAMPLE);
    expect(session.text).toBe(EXAMPLE);
    expect(session.notices.map((n) => n.id)).toEqual(['storage-unavailable']);
  });
});

describe('saving', () => {
  it('reports a full storage without throwing', () => {
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw quotaError();
      },
    };
    expect(saveScenario(full, 'x')).toEqual({ ok: false, quota: true });
    const broken: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('nope');
      },
    };
    expect(saveSettings(broken, DEFAULT_SETTINGS, draftOf(DEFAULT_SETTINGS))).toEqual({ ok: false, quota: false });
  });

  it('writes versioned keys', () => {
    const storage = memoryStorage();
    saveScenario(storage, 'kind: Pod');
    expect(SCENARIO_KEY).toBe('kpp:v1:scenario');
    expect(JSON.parse(storage.data.get(SCENARIO_KEY) ?? '')).toEqual({ text: 'kind: Pod' });
  });
});

describe('the list of flows', () => {
  const toBackend = {
    from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
    to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
  } as const;
  const toDb = { ...toBackend, to: { kind: 'name', name: 'db.default', port: 5432, protocol: 'TCP' } } as const;

  it('comes back as saved, endpoint choices and the shown flow included', () => {
    const storage = memoryStorage();
    expect(saveFlows(storage, [toBackend, { ...toDb, endpoint: 1 }], 1)).toEqual({ ok: true });
    expect(JSON.parse(storage.data.get(FLOWS_KEY) ?? '')).toEqual({ flows: [toBackend, { ...toDb, endpoint: 1 }], flowIndex: 1 });
    const session = restoreSession(storage, EXAMPLE);
    expect(session.flows).toEqual({ flows: [toBackend, { ...toDb, endpoint: 1 }], flowIndex: 1 });
    expect(session.notices).toEqual([]);
    expect(FLOWS_KEY).toBe('kpp:v1:flows');
  });

  it('is absent on a first visit', () => {
    expect(restoreSession(memoryStorage(), EXAMPLE).flows).toBeUndefined();
  });

  it('leaves out flows it cannot read, and keeps the shown one shown', () => {
    const stored = { flows: [{ from: { kind: 'satellite', orbit: 'leo' }, to: toDb.to }, toBackend, { nonsense: true }, toDb], flowIndex: 3 };
    const session = restoreSession(memoryStorage({ [FLOWS_KEY]: JSON.stringify(stored) }), EXAMPLE);
    expect(session.flows).toEqual({ flows: [toBackend, toDb], flowIndex: 1 });
    // The shown flow unreadable: the first readable one is shown.
    const lost = restoreSession(memoryStorage({ [FLOWS_KEY]: JSON.stringify({ ...stored, flowIndex: 0 }) }), EXAMPLE);
    expect(lost.flows?.flowIndex).toBe(0);
  });

  it('copies an unreadable list aside and says so, starting with one flow', () => {
    const storage = memoryStorage({ [FLOWS_KEY]: '{"flows": [' });
    const session = restoreSession(storage, EXAMPLE);
    expect(session.flows).toBeUndefined();
    expect(session.notices.map((n) => n.id)).toEqual(['flows-unreadable']);
    expect(storage.data.get(`${FLOWS_KEY}:unreadable`)).toBe('{"flows": [');
    const empty = restoreSession(memoryStorage({ [FLOWS_KEY]: '{"flows": [], "flowIndex": 0}' }), EXAMPLE);
    expect(empty.notices.map((n) => n.id)).toEqual(['flows-unreadable']);
  });
});
