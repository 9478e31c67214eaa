/**
 * A scenario as a file: readable JSON that names its format and version, with the same
 * fields as a link and the same checks on reading.
 */
import { MAX_SCENARIO_BYTES } from './link';
import { scenarioMessages } from './messages';
import { describeValue, readScenario, scenarioFields } from './read';
import type { Scenario, ScenarioRead } from './types';

/** The value of a scenario file's `format` field. */
export const SCENARIO_FILE_FORMAT = 'kube-packet-path/scenario';
export const SCENARIO_FILE_VERSION = 1;

/** The file's text: pretty-printed JSON, the manifests as one string, a final newline. */
export function scenarioToFile(scenario: Scenario): string {
  const file = { format: SCENARIO_FILE_FORMAT, version: SCENARIO_FILE_VERSION, ...scenarioFields(scenario) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Whether parsed JSON says it is a scenario file (of any version), so callers can tell it from a JSON manifest. */
export const looksLikeScenarioFile = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>)['format'] === SCENARIO_FILE_FORMAT;

/** Reads a scenario file's text. Never throws. */
export function readScenarioFile(text: string): ScenarioRead {
  if (text.length > MAX_SCENARIO_BYTES) return { ok: false, problem: scenarioMessages.tooLarge('file', MAX_SCENARIO_BYTES) };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error: unknown) {
    return { ok: false, problem: scenarioMessages.badJson('file', error instanceof Error ? error.message : String(error)) };
  }
  if (!looksLikeScenarioFile(value)) return { ok: false, problem: scenarioMessages.notAScenarioFile() };
  const version = (value as Record<string, unknown>)['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, problem: scenarioMessages.badField('file', 'version', 'a whole number from 1', describeValue(version)) };
  }
  if (version > SCENARIO_FILE_VERSION) return { ok: false, problem: scenarioMessages.newerVersion('file', version, SCENARIO_FILE_VERSION) };
  return readScenario(value, 'file');
}
