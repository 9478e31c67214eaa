import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the external test data lives: `CONFORMANCE_DIR`, or `../shared/conformance` beside
 * the repository. The data is written by other projects and read in place, never copied here.
 */
export function conformanceDir(): string | undefined {
  const candidates = [
    process.env.CONFORMANCE_DIR,
    resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/conformance'),
  ];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(dir));
}

/** Every manifest file under `dir`, recursively, skipping the `expected/` outputs. */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'expected') files.push(...manifestFiles(path));
    } else if (/\.(ya?ml|json)$/i.test(entry)) {
      files.push(path);
    }
  }
  return files;
}
