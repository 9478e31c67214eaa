/** What the page says about sharing, opening and loading scenarios. */
import { CHROMIUM_MAX_URL_LENGTH, FIREFOX_MAX_URL_LENGTH, RISKY_LINK_LENGTH, groupDigits } from './linkLength';

const list = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

export const UNCHANGED = 'Your own YAML and settings are unchanged.';

export const shareMessages = {
  linkUnreadable: (problem: string): string => `This shared link could not be opened. ${problem} ${UNCHANGED}`,
  noFiles: (): string => 'Nothing to load: drop or open YAML files (.yaml, .yml) or a scenario file (.json).',
  notText: (name: string): string =>
    `"${name}" is not a text file, so it holds no manifests. Drop or open YAML files (.yaml, .yml) or a scenario file (.json). ${UNCHANGED}`,
  filesTooLarge: (total: number, limit: number): string =>
    `These files hold ${mib(total)} of text, more than the ${mib(limit)} this page loads at once. ${UNCHANGED}`,
  scenarioNotAlone: (names: readonly string[]): string =>
    `${list(names)} ${names.length === 1 ? 'is a scenario file' : 'are scenario files'}: a scenario replaces everything, so open it on its own, not together with other files. ${UNCHANGED}`,
  fileUnreadable: (name: string, problem: string): string => `"${name}" could not be loaded. ${problem} ${UNCHANGED}`,
  readFailed: (name: string): string => `"${name}" could not be read (the browser refused it; it may have moved). ${UNCHANGED}`,
  notSetAside: (): string =>
    'The shared link was not opened: it would replace your own YAML and settings, and this browser refused to store a copy of them first (its storage for this page is full or blocked). Export your work (Export), or open the link in a private window.',
  linkRisky: (length: number): string =>
    `This link is ${groupDigits(length)} characters long. Browsers open it, but chat tools, ticket systems and link shorteners often cut or refuse links longer than about ${groupDigits(RISKY_LINK_LENGTH)} characters, and a cut link does not open. The scenario file always carries the whole scenario.`,
  linkTooLong: (length: number): string =>
    `This link is ${groupDigits(length)} characters long: longer than Firefox opens (${groupDigits(FIREFOX_MAX_URL_LENGTH)}) and close to Chrome's limit (${groupDigits(CHROMIUM_MAX_URL_LENGTH)}). Share the scenario file instead.`,
};
