#!/usr/bin/env node
// Finds a Chromium for Playwright and prints its path (alone, on stdout).
//
// Order: $CHROMIUM_PATH (if executable), Debian's /usr/lib/chromium/chromium (the binary
// itself) or /usr/bin/chromium (its launcher script), a browser installed by
// `npx playwright install`. If none: as root on Debian/Ubuntu (apt-get present), installs
// Debian's `chromium` package non-interactively; otherwise says what to install and exits 1.
//
//   CHROMIUM_PATH="$(node scripts/find-chromium.mjs)"          # may install (root + apt)
//   node scripts/find-chromium.mjs --no-install                 # only look
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DEBIAN_CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** @param {string | undefined} path */
function isExecutableFile(path) {
  if (!path) return false;
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`find-chromium: ${message}\n`);
}

/**
 * The path of a usable Chromium already on this machine, or undefined. Never installs.
 * @returns {string | undefined}
 */
export function locateChromium() {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    log(`CHROMIUM_PATH=${fromEnv} is not an executable file; looking elsewhere`);
  }
  const debian = DEBIAN_CHROMIUM_PATHS.find((path) => isExecutableFile(path));
  if (debian) return debian;
  try {
    const bundled = chromium.executablePath();
    if (isExecutableFile(bundled)) return bundled;
  } catch {
    // No browser registered by `npx playwright install`.
  }
  return undefined;
}

/** Installs Debian's chromium package, without prompts. Returns whether it succeeded. */
function installDebianChromium() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // stdin from /dev/null; apt's output goes to stderr so stdout stays the path alone.
  /** @type {import('node:child_process').SpawnSyncOptions} */
  const options = { env, stdio: ['ignore', process.stderr, process.stderr] };
  log('no Chromium found; installing Debian package "chromium" (apt-get update && apt-get install -y chromium)');
  const update = spawnSync('apt-get', ['update'], options);
  if (update.status !== 0) {
    log(`apt-get update failed (exit ${update.status ?? update.signal})`);
    return false;
  }
  const install = spawnSync('apt-get', ['install', '-y', 'chromium'], options);
  if (install.status !== 0) {
    log(`apt-get install -y chromium failed (exit ${install.status ?? install.signal})`);
    return false;
  }
  return true;
}

function canInstallWithApt() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && isExecutableFile('/usr/bin/apt-get');
}

/**
 * Finds Chromium, installing Debian's package when allowed and possible.
 * @param {{ install?: boolean }} [options]
 * @returns {string} the executable's path
 * @throws {Error} with instructions when there is none
 */
export function findChromium({ install = true } = {}) {
  const found = locateChromium();
  if (found) return found;
  if (install && canInstallWithApt() && installDebianChromium()) {
    const installed = locateChromium();
    if (installed) return installed;
  }
  throw new Error(
    [
      'No Chromium found for the Playwright tests. Do one of:',
      '  - Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
      '  - set CHROMIUM_PATH to a Chromium or Chrome executable',
      '  - npx playwright install chromium (where downloads are possible)',
    ].join('\n'),
  );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  try {
    const path = findChromium({ install: !process.argv.includes('--no-install') });
    process.stdout.write(`${path}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
