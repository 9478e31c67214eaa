import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, scenarioToFile, type Scenario } from '../../core';
import { classifyFiles } from './droppedFiles';

const SCENARIO: Scenario = {
  manifests: 'kind: Pod\n',
  settings: DEFAULT_SETTINGS,
  flows: [],
  flowIndex: 0,
  step: 2,
  view: { pane: 'diagram' },
};

describe('opened and dropped files', () => {
  it('YAML files, and JSON manifests, load as YAML in their order', () => {
    const files = [
      { name: 'a.yaml', text: 'kind: Pod\n' },
      { name: 'pod.json', text: '{"apiVersion": "v1", "kind": "Pod"}' },
    ];
    expect(classifyFiles(files)).toEqual({ kind: 'yaml', files });
  });

  it('a scenario file is recognised by its format field, whatever its name', () => {
    expect(classifyFiles([{ name: 'shared.txt', text: scenarioToFile(SCENARIO) }])).toEqual({ kind: 'scenario', name: 'shared.txt', scenario: SCENARIO });
  });

  it('refuses binaries, a scenario among other files, and a damaged scenario', () => {
    const binary = classifyFiles([{ name: 'diagram.png', text: '\u0089PNG\r\n\u001a\n\u0000\u0000' }]);
    expect(binary).toEqual({
      kind: 'refused',
      message: '"diagram.png" is not a text file, so it holds no manifests. Drop or open YAML files (.yaml, .yml) or a scenario file (.json). Your own YAML and settings are unchanged.',
    });
    const mixed = classifyFiles([{ name: 's.json', text: scenarioToFile(SCENARIO) }, { name: 'a.yaml', text: 'kind: Pod' }]);
    expect(mixed.kind === 'refused' && mixed.message).toMatch(/^"s\.json" is a scenario file: a scenario replaces everything, so open it on its own/);
    const damaged = classifyFiles([{ name: 's.json', text: scenarioToFile(SCENARIO).replace('"step": 2', '"step": "two"') }]);
    expect(damaged.kind === 'refused' && damaged.message).toBe(
      '"s.json" could not be loaded. The file holds a scenario this page cannot use: `step` should be a whole number from 0 to 100000, but it is the string "two". Ask the sender to export the scenario file again. Your own YAML and settings are unchanged.',
    );
    expect(classifyFiles([]).kind).toBe('refused');
  });
});
