/**
 * What a set of opened or dropped files is: YAML manifests to load into the editor (any text
 * that is not a scenario file, JSON manifests included, since YAML reads JSON), or one
 * scenario file; or why it cannot be loaded.
 */
import { looksLikeScenarioFile, MAX_SCENARIO_BYTES, readScenarioFile, type Scenario } from '../../core';
import { shareMessages } from './messages';

export interface TextFile {
  readonly name: string;
  readonly text: string;
}

export type Loadable =
  | { readonly kind: 'yaml'; readonly files: readonly TextFile[] }
  | { readonly kind: 'scenario'; readonly name: string; readonly scenario: Scenario }
  | { readonly kind: 'refused'; readonly message: string };

/** Parsed JSON when the text is a JSON object, else undefined (cheap for YAML: it does not start with `{`). */
function jsonObject(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function classifyFiles(files: readonly TextFile[]): Loadable {
  if (files.length === 0) return { kind: 'refused', message: shareMessages.noFiles() };
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  if (total > MAX_SCENARIO_BYTES) return { kind: 'refused', message: shareMessages.filesTooLarge(total, MAX_SCENARIO_BYTES) };
  // A NUL character never appears in YAML or JSON text; it marks an image, an archive, a binary.
  const binary = files.find((f) => f.text.includes('\u0000'));
  if (binary) return { kind: 'refused', message: shareMessages.notText(binary.name) };
  const scenarios = files.filter((f) => looksLikeScenarioFile(jsonObject(f.text)));
  if (scenarios.length === 0) return { kind: 'yaml', files };
  const [only] = scenarios;
  if (files.length > 1 || !only) return { kind: 'refused', message: shareMessages.scenarioNotAlone(scenarios.map((f) => f.name)) };
  const read = readScenarioFile(only.text);
  if (!read.ok) return { kind: 'refused', message: shareMessages.fileUnreadable(only.name, read.problem.message) };
  return { kind: 'scenario', name: only.name, scenario: read.scenario };
}
