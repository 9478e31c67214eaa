import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../src/core/manifest/parse';
import type { Diagnostic } from '../src/core/manifest/types';
import {
  buildConnlist,
  formatConnectionsMap,
  formatConnlist,
  readConnlistInput,
  type ConnlistFormat,
  type ConnlistInput,
} from '../src/core/policy/index';
import { conformanceDir, manifestFiles } from './locate';

/**
 * np-guard netpol-analyzer's own connlist expectations (see README.md beside the data): every
 * scenario's manifests, read as upstream reads a directory, must give byte-identical output in
 * every format the scenario has. A mismatch is our bug.
 *
 * Documented disagreements with upstream (none so far) would be listed here with the reason.
 */
const DOCUMENTED_DISAGREEMENTS: Readonly<Record<string, string>> = {};

const root = conformanceDir();
const dir = root === undefined ? undefined : join(root, 'netpol-analyzer');

function loadScenario(scenarioDir: string): { inputs: ConnlistInput[]; errors: string[] } {
  const inputs: ConnlistInput[] = [];
  const errors: string[] = [];
  for (const file of manifestFiles(scenarioDir)) {
    const parsed = parseManifests(readFileSync(file, 'utf8'));
    const diagnostics: Diagnostic[] = [...parsed.diagnostics];
    inputs.push(readConnlistInput(parsed.objects, diagnostics));
    const where = relative(scenarioDir, file);
    for (const d of diagnostics) if (d.severity === 'error') errors.push(`${where}:${d.span.line} ${d.code} ${d.message}`);
  }
  return { inputs, errors };
}

if (dir === undefined || !existsSync(dir)) {
  describe.skip('netpol-analyzer connlist conformance (../shared/conformance not found; set CONFORMANCE_DIR)', () => {
    it('is absent', () => {});
  });
} else {
  const scenarios = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  describe('netpol-analyzer connlist conformance', () => {
    it('finds all 38 scenarios', () => {
      expect(scenarios.length).toBeGreaterThanOrEqual(38);
    });

    const cases = scenarios.flatMap((scenario) =>
      readdirSync(join(dir, scenario, 'expected'))
        .map((file) => /^(.*)_connlist_output\.(txt|json|csv|md)$/.exec(file))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ scenario, file: m[0], format: m[2] as ConnlistFormat })),
    );

    const built = new Map<string, ReturnType<typeof buildConnlist>>();
    const connlistOf = (scenario: string) => {
      let result = built.get(scenario);
      if (result === undefined) {
        const { inputs, errors } = loadScenario(join(dir, scenario));
        expect(errors).toEqual([]);
        result = buildConnlist(inputs);
        built.set(scenario, result);
      }
      return result;
    };

    it.each(cases)('$scenario ($format)', ({ scenario, file, format }) => {
      const expected = readFileSync(join(dir, scenario, 'expected', file), 'utf8');
      const actual = formatConnlist(connlistOf(scenario).connections, format);
      if (DOCUMENTED_DISAGREEMENTS[scenario] !== undefined) {
        expect(actual).not.toBe(expected);
        return;
      }
      expect(actual).toBe(expected);
    });

    it('onlineboutique pod-level connections map', () => {
      const expected = readFileSync(join(dir, 'onlineboutique', 'expected', 'connections_map_output.txt'), 'utf8');
      expect(formatConnectionsMap(connlistOf('onlineboutique'))).toBe(expected);
    });
  });
}
