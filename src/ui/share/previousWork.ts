/**
 * Opening a shared link replaces what the page shows, and with it what this browser keeps.
 * Before that, the person's own work is copied aside (one copy, under its own key) so that one
 * click brings it back; and a link opened again, or a second link opened before any edit,
 * does not overwrite that copy with a scenario that was never theirs.
 */
import type { ClusterSettings, Scenario } from '../../core';
import { DEFAULT_SETTINGS } from '../../core';
import { readDraft, readSettings, isFields } from '../persistence/readStored';
import type { KeyValueStorage } from '../persistence/storageKeys';
import { sameSettings, type SettingsDraft } from '../store/settingsDraft';

/** The person's own work, copied aside when a link replaced it. */
export const PREVIOUS_WORK_KEY = 'kpp:v1:previous-work';
/** A fingerprint of the last scenario a link put on the page, to tell it from the person's own work. */
export const LAST_LINK_KEY = 'kpp:v1:last-link';

export interface Work {
  readonly text: string;
  readonly settings: ClusterSettings;
  readonly draft: SettingsDraft;
}

/** FNV-1a (32 bits) over the text and the settings: enough to tell one scenario from another here. */
export function fingerprint(text: string, settings: ClusterSettings): string {
  const input = `${JSON.stringify(settings)}\n${text}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i += 1) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${input.length}:${(hash >>> 0).toString(16)}`;
}

/**
 * Whether the work on the page is worth copying aside before a link replaces it: not when it
 * is empty or the untouched example, not when it is the link's own scenario, and not when it
 * is what the last link put there (the person has not changed it since).
 */
export function worthKeeping(current: Work, incoming: Scenario, exampleText: string, lastLink: string | null): boolean {
  if (current.text.trim() === '') return false;
  if (current.text === exampleText && sameSettings(current.settings, DEFAULT_SETTINGS)) return false;
  if (current.text === incoming.manifests && sameSettings(current.settings, incoming.settings)) return false;
  return fingerprint(current.text, current.settings) !== lastLink;
}

function read(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage, key: string, value: string): boolean {
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** The copy kept aside, if there is a readable one. */
export function readPreviousWork(storage: KeyValueStorage): Work | undefined {
  const raw = read(storage, PREVIOUS_WORK_KEY);
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (!isFields(value) || typeof value['text'] !== 'string') return undefined;
    const settings = readSettings(value['settings']);
    if (!settings) return undefined;
    return { text: value['text'], settings, draft: readDraft(value['draft'], settings) };
  } catch {
    return undefined;
  }
}

export const writePreviousWork = (storage: KeyValueStorage, work: Work): boolean =>
  write(storage, PREVIOUS_WORK_KEY, JSON.stringify({ text: work.text, settings: work.settings, draft: work.draft }));

export interface SetAsideResult {
  /** The copy a person can go back to (made now or for an earlier link), unless it is the link's own scenario. */
  readonly kept: Work | undefined;
  /** True when their work needed copying and the browser refused to store the copy. */
  readonly failed: boolean;
}

/**
 * Called as a link's scenario goes on the page: copies the current work aside when it is worth
 * it, and remembers the link's scenario.
 */
export function setAsideForLink(storage: KeyValueStorage, current: Work, incoming: Scenario, exampleText: string): SetAsideResult {
  const failed = worthKeeping(current, incoming, exampleText, read(storage, LAST_LINK_KEY)) && !writePreviousWork(storage, current);
  if (failed) return { kept: undefined, failed };
  write(storage, LAST_LINK_KEY, fingerprint(incoming.manifests, incoming.settings));
  const kept = readPreviousWork(storage);
  const own = kept && kept.text === incoming.manifests && sameSettings(kept.settings, incoming.settings);
  return { kept: own ? undefined : kept, failed: false };
}
