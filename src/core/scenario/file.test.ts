import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../cluster/settings';
import { readScenarioFile, scenarioToFile } from './file';
import type { Scenario } from './types';

const SCENARIO: Scenario = {
  manifests: 'kind: Pod\nmetadata:\n  name: a\n',
  settings: { ...DEFAULT_SETTINGS, kubeProxyMode: 'ipvs' },
  flows: [
    {
      from: { kind: 'pod', namespace: 'prod', pod: 'a', container: undefined },
      to: { kind: 'service', namespace: 'prod', service: 'db', port: 3306, protocol: 'TCP' },
      endpoint: 1,
    },
  ],
  flowIndex: 0,
  step: 3,
  view: { pane: 'reachability' },
};

describe('scenario files', () => {
  it('are readable JSON that names its format and version, then the scenario', () => {
    const text = scenarioToFile(SCENARIO);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '{',
      '  "format": "kube-packet-path/scenario",',
      '  "version": 1,',
      '  "manifests": "kind: Pod\\nmetadata:\\n  name: a\\n",',
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(readScenarioFile(text)).toEqual({ ok: true, scenario: SCENARIO });
  });

  it('round-trip any manifests text and step', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.nat({ max: 1000 }), (manifests, step) => {
        const scenario = { ...SCENARIO, manifests, step };
        expect(readScenarioFile(scenarioToFile(scenario))).toEqual({ ok: true, scenario });
      }),
    );
  });

  it('tell a JSON manifest from a scenario file', () => {
    const read = readScenarioFile('{"apiVersion": "v1", "kind": "Pod"}');
    expect(read.ok || read.problem.code).toBe('not-a-scenario-file');
  });

  it('from a newer version say so; a damaged one says what is wrong', () => {
    const newer = readScenarioFile(JSON.stringify({ format: 'kube-packet-path/scenario', version: 3 }));
    expect(newer.ok || newer.problem.message).toBe(
      'The file was made by a newer version of Kube Packet Path (scenario format 3; this page reads format 1 and older). Reload the page to get the newest version, then open the file again.',
    );
    const cut = readScenarioFile(scenarioToFile(SCENARIO).slice(0, 80));
    expect(cut.ok || cut.problem.code).toBe('bad-json');
    const wrong = readScenarioFile(scenarioToFile({ ...SCENARIO }).replace('"ipvs"', '"userspace"'));
    expect(wrong.ok || wrong.problem.message).toContain('Unknown kube-proxy mode "userspace".');
    expect(wrong.ok || wrong.problem.message).toMatch(/^The file's cluster settings are not valid/);
  });
});
