import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Scenario } from '../../core';
import type { KeyValueStorage } from '../persistence/storageKeys';
import { draftOf } from '../store/settingsDraft';
import { LAST_LINK_KEY, PREVIOUS_WORK_KEY, readPreviousWork, setAsideForLink, type Work } from './previousWork';

const EXAMPLE = 'kind: Pod\nmetadata: {name: example}\n';

function memoryStorage(): KeyValueStorage & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

const keptFor = (...args: Parameters<typeof setAsideForLink>): Work | undefined => setAsideForLink(...args).kept;

const work = (text: string, settings = DEFAULT_SETTINGS): Work => ({ text, settings, draft: draftOf(settings) });

const link = (manifests: string): Scenario => ({
  manifests,
  settings: { ...DEFAULT_SETTINGS, cni: 'calico-vxlan' },
  flows: [],
  flowIndex: 0,
  step: 0,
  view: { pane: 'diagram' },
});

describe('setting the person’s work aside for a link', () => {
  it('keeps their own work, and gives it back', () => {
    const storage = memoryStorage();
    const mine = work('kind: Pod\nmetadata: {name: mine}\n', { ...DEFAULT_SETTINGS, clusterCIDR: '10.42.0.0/16' });
    expect(keptFor(storage, mine, link('shared A'), EXAMPLE)).toEqual(mine);
    expect(readPreviousWork(storage)).toEqual(mine);
  });

  it('keeps nothing for an empty editor or the untouched example', () => {
    const storage = memoryStorage();
    expect(keptFor(storage, work('  \n'), link('shared A'), EXAMPLE)).toBeUndefined();
    expect(keptFor(storage, work(EXAMPLE), link('shared B'), EXAMPLE)).toBeUndefined();
    expect(storage.data.has(PREVIOUS_WORK_KEY)).toBe(false);
    expect(storage.data.has(LAST_LINK_KEY)).toBe(true);
  });

  it('the example with changed settings is their work', () => {
    const storage = memoryStorage();
    const mine = work(EXAMPLE, { ...DEFAULT_SETTINGS, kubeProxyMode: 'ipvs' });
    expect(keptFor(storage, mine, link('shared A'), EXAMPLE)).toEqual(mine);
  });

  it('a second link opened before any edit does not overwrite their copy with the first link', () => {
    const storage = memoryStorage();
    const mine = work('mine');
    const a = link('shared A');
    setAsideForLink(storage, mine, a, EXAMPLE);
    const onPage = work(a.manifests, a.settings);
    expect(keptFor(storage, onPage, link('shared B'), EXAMPLE)).toEqual(mine);
    expect(readPreviousWork(storage)).toEqual(mine);
  });

  it('the same link opened again (a reload) keeps the copy and offers it', () => {
    const storage = memoryStorage();
    const mine = work('mine');
    const a = link('shared A');
    setAsideForLink(storage, mine, a, EXAMPLE);
    expect(keptFor(storage, work(a.manifests, a.settings), a, EXAMPLE)).toEqual(mine);
  });

  it('an edited link scenario is their work now, and is kept when the next link comes', () => {
    const storage = memoryStorage();
    const a = link('shared A');
    setAsideForLink(storage, work('mine'), a, EXAMPLE);
    const edited = work(`${a.manifests}\n# my note`, a.settings);
    expect(keptFor(storage, edited, link('shared B'), EXAMPLE)).toEqual(edited);
  });

  it('offers no copy that is the link’s own scenario', () => {
    const storage = memoryStorage();
    const a = link('shared A');
    setAsideForLink(storage, work(a.manifests, DEFAULT_SETTINGS), a, EXAMPLE);
    expect(readPreviousWork(storage)?.text).toBe('shared A');
    expect(keptFor(storage, work(a.manifests, a.settings), a, EXAMPLE)).toEqual(work(a.manifests, DEFAULT_SETTINGS));
    storage.data.set(PREVIOUS_WORK_KEY, JSON.stringify(work(a.manifests, a.settings)));
    expect(keptFor(storage, work(a.manifests, a.settings), a, EXAMPLE)).toBeUndefined();
  });

  it('says when the browser refuses the copy, and then leaves the stored work alone', () => {
    const storage = memoryStorage();
    const full: KeyValueStorage = {
      getItem: storage.getItem,
      setItem: () => {
        throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      },
    };
    expect(setAsideForLink(full, work('mine'), link('shared A'), EXAMPLE)).toEqual({ kept: undefined, failed: true });
    expect(setAsideForLink(full, work(EXAMPLE), link('shared A'), EXAMPLE)).toEqual({ kept: undefined, failed: false });
  });

  it('ignores a damaged copy', () => {
    const storage = memoryStorage();
    storage.data.set(PREVIOUS_WORK_KEY, '{"text": 4');
    expect(readPreviousWork(storage)).toBeUndefined();
    storage.data.set(PREVIOUS_WORK_KEY, JSON.stringify({ text: 'x', settings: 'none' }));
    expect(readPreviousWork(storage)).toBeUndefined();
  });
});
