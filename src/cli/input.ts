import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mergeManifests, parseManifests, type ParsedManifests } from '../core/index';
import { CliError } from './errors';

/**
 * Reads a manifest file, or every YAML/JSON file under a directory (recursively, in name order,
 * skipping `expected/` folders of test data). Each file is parsed on its own, so a broken file
 * does not hide the others and every diagnostic names its file.
 */
export function readManifests(path: string): ParsedManifests {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const files = stat.isDirectory() ? manifestFilesUnder(path) : [path];
  if (files.length === 0) throw new CliError(`no .yaml, .yml or .json files under ${path}`);
  return mergeManifests(
    files.map((file) => parseManifests(readFileSync(file, 'utf8'), { source: stat.isDirectory() ? relative(path, file) || file : file })),
  );
}

function manifestFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'expected' && entry !== 'node_modules' && !entry.startsWith('.')) files.push(...manifestFilesUnder(path));
    } else if (/\.(ya?ml|json)$/i.test(entry)) files.push(path);
  }
  return files;
}

/** `file:line:column: severity: message [code]`, the format editors and CI annotate from. */
export function formatDiagnostic(d: { severity: string; code: string; message: string; span: { line: number; column: number; source?: string } }, fallback: string): string {
  return `${d.span.source ?? fallback}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
