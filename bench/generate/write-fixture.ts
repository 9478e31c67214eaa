/**
 * Rewrites fixtures/realistic-dump/cluster.yaml and cluster-no-status.yaml from the
 * description in fixture.ts: `npx tsx bench/generate/write-fixture.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { realisticFixture } from './fixture';

const folder = new URL('../../fixtures/realistic-dump/', import.meta.url);
const { dump, plain } = realisticFixture();
writeFileSync(fileURLToPath(new URL('cluster.yaml', folder)), dump);
writeFileSync(fileURLToPath(new URL('cluster-no-status.yaml', folder)), plain);
console.log(`cluster.yaml: ${dump.split('\n').length - 1} lines; cluster-no-status.yaml: ${plain.split('\n').length - 1} lines`);
