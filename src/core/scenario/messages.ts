/**
 * Every sentence the scenario reader can say, each with its code: what is wrong, then what
 * the person can do about it. The page adds that their own work is unchanged.
 */
import type { ScenarioProblem, ScenarioSource } from './types';

const the = (source: ScenarioSource): string => (source === 'link' ? 'the link' : 'the file');
const The = (source: ScenarioSource): string => (source === 'link' ? 'The link' : 'The file');
/** What to ask the sender for when what they sent cannot be read. */
const askAgain = (source: ScenarioSource): string =>
  source === 'link'
    ? 'Ask the sender to copy the whole link again, or to send the scenario file.'
    : 'Ask the sender to export the scenario file again.';

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;

export const scenarioMessages = {
  notALink: (): ScenarioProblem => ({
    code: 'not-a-link',
    message: 'This address holds no scenario: a shared scenario link ends in "#s=" followed by its data.',
  }),
  badVersion: (version: string): ScenarioProblem => ({
    code: 'bad-version',
    message: `The link is damaged: its format number "${version}" is not a number this page knows. ${askAgain('link')}`,
  }),
  newerVersion: (source: ScenarioSource, version: number, known: number): ScenarioProblem => ({
    code: 'newer-version',
    message: `${The(source)} was made by a newer version of Kube Packet Path (scenario format ${version}; this page reads format ${known} and older). Reload the page to get the newest version, then open ${the(source)} again.`,
  }),
  badCharacters: (character: string, position: number): ScenarioProblem => ({
    code: 'bad-characters',
    message: `The link is damaged: it holds "${character}" at position ${position} of its data, a character scenario links never contain. Chat tools sometimes add or change characters at the end of a link. ${askAgain('link')}`,
  }),
  badCompression: (): ScenarioProblem => ({
    code: 'bad-compression',
    message: `The link is incomplete or damaged: its data does not unpack. Chat tools and mail programs sometimes cut long links. ${askAgain('link')}`,
  }),
  tooLarge: (source: ScenarioSource, limit: number): ScenarioProblem => ({
    code: 'too-large',
    message: `${The(source)} holds more than ${mib(limit)} of scenario once unpacked, more than this page accepts (so that a malicious ${source} cannot freeze it). Load the manifests as YAML files instead.`,
  }),
  badText: (source: ScenarioSource): ScenarioProblem => ({
    code: 'bad-text',
    message: `${The(source)}'s data is not text (it is not valid UTF-8), so it is not a scenario. ${askAgain(source)}`,
  }),
  badJson: (source: ScenarioSource, reason: string): ScenarioProblem => ({
    code: 'bad-json',
    message: `${The(source)} is not a scenario: its data is not valid JSON (${reason}). ${askAgain(source)}`,
  }),
  notAScenarioFile: (): ScenarioProblem => ({
    code: 'not-a-scenario-file',
    message: 'The file is JSON but not a Kube Packet Path scenario: it has no "format": "kube-packet-path/scenario". To load Kubernetes manifests, open or drop them as YAML files.',
  }),
  badField: (source: ScenarioSource, field: string, expected: string, actual: string): ScenarioProblem => ({
    code: 'bad-field',
    message: `${The(source)} holds a scenario this page cannot use: \`${field}\` should be ${expected}, but it is ${actual}. ${askAgain(source)}`,
  }),
  badSettings: (source: ScenarioSource, problems: readonly string[]): ScenarioProblem => ({
    code: 'bad-settings',
    message: `${The(source)}'s cluster settings are not valid: ${problems.join(' ')} It may come from a newer version of Kube Packet Path; reload the page to get the newest version, then open ${the(source)} again.`,
  }),
  noCompression: (): ScenarioProblem => ({
    code: 'no-compression',
    message: 'This browser cannot unpack scenario links (it lacks the Compression Streams API, in every current browser since 2023). Open the link in a current Chrome, Edge, Firefox or Safari.',
  }),
};
