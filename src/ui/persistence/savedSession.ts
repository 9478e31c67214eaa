/**
 * The user's work in this browser: the editor's text and the cluster settings, read once at
 * start and written as they change. Nothing here throws: a damaged value is copied aside and
 * reported, a full storage is reported, and the page goes on with what it has.
 */
import { DEFAULT_SETTINGS } from '../../core';
import type { ClusterSettings, ScenarioFlow } from '../../core';
import type { Notice } from '../store/noticesSlice';
import { draftOf, type SettingsDraft } from '../store/settingsDraft';
import { storageMessages } from './messages';
import { isFields, readDraft, readFlows, readScenario, readSettings, type StoredFlows } from './readStored';
import { FLOWS_KEY, SCENARIO_KEY, SETTINGS_KEY, unreadableCopyKey, type KeyValueStorage } from './storageKeys';

export interface RestoredSession {
  readonly text: string;
  readonly settings: ClusterSettings;
  readonly draft: SettingsDraft;
  /** The flows of the last visit; undefined when none were kept (the page starts with its default flow). */
  readonly flows?: StoredFlows;
  readonly notices: readonly Notice[];
}

export type SaveResult = { readonly ok: true } | { readonly ok: false; readonly quota: boolean };

type Stored =
  | { readonly kind: 'absent' }
  | { readonly kind: 'json'; readonly value: unknown; readonly raw: string }
  | { readonly kind: 'unreadable'; readonly raw: string };

function readJson(storage: KeyValueStorage, key: string): Stored {
  const raw = storage.getItem(key);
  if (raw === null) return { kind: 'absent' };
  try {
    return { kind: 'json', value: JSON.parse(raw) as unknown, raw };
  } catch {
    return { kind: 'unreadable', raw };
  }
}

/** Copies a value the page cannot read aside, so saving over it loses nothing. */
function keepAside(storage: KeyValueStorage, key: string, raw: string): string {
  const copyKey = unreadableCopyKey(key);
  try {
    storage.setItem(copyKey, raw);
  } catch {
    // The notice still says what happened; the copy is best effort.
  }
  return copyKey;
}

function restoreText(storage: KeyValueStorage, exampleText: string, notices: Notice[]): string {
  const stored = readJson(storage, SCENARIO_KEY);
  if (stored.kind === 'absent') return exampleText;
  const text = stored.kind === 'json' ? readScenario(stored.value) : undefined;
  if (text !== undefined) return text;
  notices.push(storageMessages.scenarioUnreadable(keepAside(storage, SCENARIO_KEY, stored.raw)));
  return exampleText;
}

function restoreSettings(storage: KeyValueStorage, notices: Notice[]): Pick<RestoredSession, 'settings' | 'draft'> {
  const defaults = { settings: DEFAULT_SETTINGS, draft: draftOf(DEFAULT_SETTINGS) };
  const stored = readJson(storage, SETTINGS_KEY);
  if (stored.kind === 'absent') return defaults;
  const value = stored.kind === 'json' && isFields(stored.value) ? stored.value : undefined;
  const settings = value ? readSettings(value['settings']) : undefined;
  if (!value || !settings) {
    notices.push(storageMessages.settingsUnreadable(keepAside(storage, SETTINGS_KEY, stored.raw)));
    return defaults;
  }
  return { settings, draft: readDraft(value['draft'], settings) };
}

function restoreFlows(storage: KeyValueStorage, notices: Notice[]): StoredFlows | undefined {
  const stored = readJson(storage, FLOWS_KEY);
  if (stored.kind === 'absent') return undefined;
  const flows = stored.kind === 'json' ? readFlows(stored.value) : undefined;
  if (!flows) notices.push(storageMessages.flowsUnreadable(keepAside(storage, FLOWS_KEY, stored.raw)));
  return flows;
}

/** What to start with: the stored work when there is some, else the example and the defaults. */
export function restoreSession(storage: KeyValueStorage | undefined, exampleText: string): RestoredSession {
  const fresh = { text: exampleText, settings: DEFAULT_SETTINGS, draft: draftOf(DEFAULT_SETTINGS) };
  if (!storage) return { ...fresh, notices: [storageMessages.unavailable()] };
  try {
    const notices: Notice[] = [];
    const text = restoreText(storage, exampleText, notices);
    const settings = restoreSettings(storage, notices);
    const flows = restoreFlows(storage, notices);
    return { text, ...settings, ...(flows ? { flows } : {}), notices };
  } catch {
    // getItem itself refused (storage disabled by the browser's settings).
    return { ...fresh, notices: [storageMessages.unavailable()] };
  }
}

const isQuotaError = (error: unknown): boolean =>
  error instanceof Error && /quota/i.test(error.name);

function write(storage: KeyValueStorage, key: string, value: unknown): SaveResult {
  try {
    storage.setItem(key, JSON.stringify(value));
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, quota: isQuotaError(error) };
  }
}

export const saveScenario = (storage: KeyValueStorage, text: string): SaveResult =>
  write(storage, SCENARIO_KEY, { text });

export const saveSettings = (storage: KeyValueStorage, settings: ClusterSettings, draft: SettingsDraft): SaveResult =>
  write(storage, SETTINGS_KEY, { settings, draft });

export const saveFlows = (storage: KeyValueStorage, flows: readonly ScenarioFlow[], flowIndex: number): SaveResult =>
  write(storage, FLOWS_KEY, { flows, flowIndex });
