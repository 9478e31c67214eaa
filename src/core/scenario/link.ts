/**
 * A scenario as a URL fragment: `s=<format>.<data>`, where the data is the scenario's JSON,
 * UTF-8, raw DEFLATE, base64url. The fragment is never sent to a server, so the manifests stay
 * between the sender and whoever opens the link. The format number comes first so that a later
 * version can change everything after it and still tell its links apart.
 */
import { fromBase64url, toBase64url } from './base64url';
import { deflateRaw, inflateRaw } from './deflate';
import { scenarioMessages } from './messages';
import { utf8Decode, utf8Encode } from './platform';
import { readScenario, scenarioFields } from './read';
import type { Scenario, ScenarioRead } from './types';

/** The link format this code writes and reads (and every older one it still reads). */
export const SCENARIO_LINK_FORMAT = 1;

/** What starts the fragment of a scenario link, after its `#`. */
export const SCENARIO_LINK_KEY = 's=';

/**
 * The most a scenario may unpack to, in bytes of JSON. Far above any real scenario that fits
 * in a URL, yet small enough that a malicious link cannot exhaust memory or hang the page.
 */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

const withoutHash = (fragment: string): string => (fragment.startsWith('#') ? fragment.slice(1) : fragment);

/** Whether a URL fragment (`location.hash`, with or without its `#`) is meant as a scenario link. */
export const isScenarioFragment = (fragment: string): boolean => withoutHash(fragment).startsWith(SCENARIO_LINK_KEY);

/** The fragment for a scenario, without the `#`: `s=1.…`. */
export async function encodeScenario(scenario: Scenario): Promise<string> {
  const json = JSON.stringify(scenarioFields(scenario));
  const packed = await deflateRaw(utf8Encode(json));
  return `${SCENARIO_LINK_KEY}${SCENARIO_LINK_FORMAT}.${toBase64url(packed)}`;
}

/**
 * The scenario a fragment holds, or why it cannot be read. Never throws and never rejects:
 * every way a link can be broken (cut short, altered, from a newer version, a zip bomb) is
 * a problem with a message for the person who opened it.
 */
export async function decodeScenario(fragment: string): Promise<ScenarioRead> {
  try {
    return await decode(withoutHash(fragment));
  } catch (error: unknown) {
    // Only a bug in this module could get here; still a message, not a broken page.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: scenarioMessages.badJson('link', reason) };
  }
}

async function decode(fragment: string): Promise<ScenarioRead> {
  if (!fragment.startsWith(SCENARIO_LINK_KEY)) return { ok: false, problem: scenarioMessages.notALink() };
  const body = fragment.slice(SCENARIO_LINK_KEY.length);
  const dot = body.indexOf('.');
  const versionText = dot < 0 ? body : body.slice(0, dot);
  if (!/^[1-9]\d{0,5}$/.test(versionText)) return { ok: false, problem: scenarioMessages.badVersion(versionText.slice(0, 12)) };
  const version = Number(versionText);
  if (version > SCENARIO_LINK_FORMAT) {
    return { ok: false, problem: scenarioMessages.newerVersion('link', version, SCENARIO_LINK_FORMAT) };
  }
  if (dot < 0) return { ok: false, problem: scenarioMessages.badCompression() };
  const data = fromBase64url(body.slice(dot + 1));
  if (!data.ok) return { ok: false, problem: scenarioMessages.badCharacters(data.character, data.position) };
  const inflated = await inflateRaw(data.bytes, MAX_SCENARIO_BYTES);
  if (!inflated.ok) {
    if (inflated.reason === 'too-large') return { ok: false, problem: scenarioMessages.tooLarge('link', MAX_SCENARIO_BYTES) };
    if (inflated.reason === 'unsupported') return { ok: false, problem: scenarioMessages.noCompression() };
    return { ok: false, problem: scenarioMessages.badCompression() };
  }
  const json = utf8Decode(inflated.bytes);
  if (json === undefined) return { ok: false, problem: scenarioMessages.badText('link') };
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch (error: unknown) {
    return { ok: false, problem: scenarioMessages.badJson('link', error instanceof Error ? error.message : String(error)) };
  }
  return readScenario(value, 'link');
}
