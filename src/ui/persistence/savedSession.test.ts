import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core';
import { draftOf } from '../store/settingsDraft';
import { restoreSession, saveScenario, saveSettings } from './savedSession';
import { SCENARIO_KEY, SETTINGS_KEY, type KeyValueStorage } from './storageKeys';

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
