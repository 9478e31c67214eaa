import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCluster, parseManifests } from '../src/core/index';
import { conformanceDir, manifestFiles } from './locate';

/**
 * The np-guard netpol-analyzer scenarios are real `kubectl` dumps and hand-written manifests:
 * PodLists without item kinds, CRLF files, bare trailing `---`, unknown fields. Until the policy
 * engine lands, they check that the manifest reader takes every one of them as a user would paste it.
 */
const root = conformanceDir();
const dir = root === undefined ? undefined : join(root, 'netpol-analyzer');

if (dir === undefined) {
  describe.skip('netpol-analyzer conformance data (../shared/conformance not found; set CONFORMANCE_DIR)', () => {
    it('is absent', () => {});
  });
} else {
  const scenarios = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

  describe('netpol-analyzer scenarios: manifests load', () => {
    it('finds the scenarios', () => {
      expect(scenarios.length).toBeGreaterThanOrEqual(38);
    });

    it.each(scenarios)('%s parses without a syntax error and every Pod builds', (scenario) => {
      const files = manifestFiles(join(dir, scenario));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const parsed = parseManifests(readFileSync(file, 'utf8'));
        const where = relative(dir, file);
        expect(parsed.diagnostics.map((d) => `${where}:${d.span.line} ${d.message}`)).toEqual([]);
        const podObjects = parsed.objects.filter((o) => o.kind === 'Pod');
        const cluster = buildCluster(parsed);
        const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${where}:${d.span.line} ${d.code} ${d.message}`)).toEqual([]);
        const notRunning = cluster.diagnostics.filter((d) => d.code === 'pod-not-running' || d.code === 'pod-unschedulable');
        expect(cluster.pods.filter((p) => !p.implicit && !p.generated).length).toBe(podObjects.length - notRunning.length);
      }
    });
  });
}
