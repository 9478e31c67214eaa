/**
 * A YAML writer that prints JSON-like values the way tools print Kubernetes objects.
 *
 * - `kubectl` style (the default): what `kubectl get -o yaml` prints. kubectl turns the JSON it
 *   receives into YAML with sigs.k8s.io/yaml, that is go-yaml v2: mapping keys sorted by
 *   go-yaml's "natural" order, block sequences not indented under their key, strings that
 *   would read as another type (`"true"`, `"1"`, timestamps) double-quoted, strings that cannot
 *   be plain (`{"VNI":1}`) single-quoted, multi-line strings as literal blocks.
 * - `person` style: keys in insertion order and sequences indented under their key, the way
 *   people write manifests by hand.
 *
 * Only what JSON has is supported: objects, arrays, strings, finite numbers, booleans, null.
 */

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface YamlStyle {
  /** Sort mapping keys like go-yaml v2 (kubectl). Default true. */
  readonly sortKeys?: boolean;
  /** Indent block sequences under their mapping key (`key:\n  - a`). Default false (kubectl). */
  readonly indentSequences?: boolean;
}

export const KUBECTL_STYLE: YamlStyle = { sortKeys: true, indentSequences: false };
export const PERSON_STYLE: YamlStyle = { sortKeys: false, indentSequences: true };

/** One YAML document for `value`, ending in a newline. */
export function toYaml(value: Json, style: YamlStyle = KUBECTL_STYLE): string {
  const writer = new Writer(style.sortKeys ?? true, style.indentSequences ?? false);
  writer.root(value);
  return writer.out.join('');
}

class Writer {
  readonly out: string[] = [];

  constructor(
    private readonly sortKeys: boolean,
    private readonly indentSequences: boolean,
  ) {}

  root(value: Json): void {
    if (isCollection(value) && !isEmptyCollection(value)) this.block(value, 0, false);
    else this.out.push(this.inline(value, 0), '\n');
  }

  /**
   * Writes a non-empty collection whose first line continues the current one when `inline`
   * is true (after `- `), else starts on a new line at `indent`.
   */
  private block(value: readonly Json[] | { readonly [key: string]: Json }, indent: number, inline: boolean): void {
    const pad = ' '.repeat(indent);
    let first = true;
    const lead = (): string => {
      const text = first && inline ? '' : pad;
      first = false;
      return text;
    };
    if (Array.isArray(value)) {
      for (const item of value as readonly Json[]) {
        if (isCollection(item) && !isEmptyCollection(item)) {
          this.out.push(lead(), '- ');
          this.block(item, indent + 2, true);
        } else {
          this.out.push(lead(), '- ', this.inline(item, indent + 2), '\n');
        }
      }
      return;
    }
    const object = value as { readonly [key: string]: Json };
    const keys = this.sortKeys ? sortedKeys(object) : Object.keys(object);
    for (const key of keys) {
      const item = object[key]!;
      const keyText = formatKey(key);
      if (isCollection(item) && !isEmptyCollection(item)) {
        this.out.push(lead(), keyText, ':\n');
        const nested = Array.isArray(item) && !this.indentSequences ? indent : indent + 2;
        this.block(item, nested, false);
      } else {
        this.out.push(lead(), keyText, ': ', this.inline(item, indent + 2), '\n');
      }
    }
  }

  /** A scalar or an empty collection; `indent` is where a literal block's lines go. */
  private inline(value: Json, indent: number): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
      return String(value);
    }
    if (typeof value === 'string') return formatScalarString(value, indent);
    return Array.isArray(value) ? '[]' : '{}';
  }
}

const sortedKeyCache = new Map<string, readonly string[]>();
const keyTextCache = new Map<string, string>();

/** Objects of one kind share their key sets, so the sorted order is computed once per set. */
function sortedKeys(object: { readonly [key: string]: Json }): readonly string[] {
  const keys = Object.keys(object);
  const id = keys.join('\u0000');
  let sorted = sortedKeyCache.get(id);
  if (sorted === undefined) {
    sorted = [...keys].sort(goYamlKeyCompare);
    if (sortedKeyCache.size < 100_000) sortedKeyCache.set(id, sorted);
  }
  return sorted;
}

function formatKey(key: string): string {
  let text = keyTextCache.get(key);
  if (text === undefined) {
    if (key.includes('\n')) throw new Error(`a mapping key cannot span lines: ${JSON.stringify(key)}`);
    text = formatScalarString(key, 0);
    if (keyTextCache.size < 100_000) keyTextCache.set(key, text);
  }
  return text;
}

function isCollection(value: Json): value is readonly Json[] | { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: readonly Json[] | { readonly [key: string]: Json }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** A string as go-yaml v2 writes it: plain, double-quoted, single-quoted or a literal block. */
export function formatScalarString(text: string, indent: number): string {
  if (text.includes('\n')) return literalBlock(text, indent);
  if (resolvesToNonString(text)) return doubleQuoted(text);
  if (!plainAllowed(text)) return `'${text.replace(/'/g, "''")}'`;
  return text;
}

function literalBlock(text: string, indent: number): string {
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? text : text.slice(0, -1);
  const indicator = /^[ \n]/.test(text) ? '2' : '';
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((line) => (line === '' ? '' : pad + line));
  return `|${indicator}${chomp}\n${lines.join('\n')}`;
}

function doubleQuoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const BOOL_OR_NULL = new Set([
  '', '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN',
]);
const INT = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*|0o[0-7]+)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)/;

/** Whether go-yaml v2 would read the plain text as something other than a string (so quotes it). */
function resolvesToNonString(text: string): boolean {
  return BOOL_OR_NULL.has(text) || INT.test(text) || FLOAT.test(text) || BASE60.test(text) || TIMESTAMP.test(text);
}

/** go-yaml v2's analysis of whether a scalar may be written plain in block context. */
function plainAllowed(text: string): boolean {
  if (text === '' || text.startsWith('---') || text.startsWith('...')) return false;
  if (/^\s|\s$/.test(text)) return false;
  const first = text[0]!;
  const followedBySpace = (i: number) => i + 1 >= text.length || text[i + 1] === ' ' || text[i + 1] === '\t';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && followedBySpace(0)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ':' && followedBySpace(i)) return false;
    if (c === '#' && i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) return false;
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** go-yaml v2's `keyList.Less`: letters after non-letters, digit runs compared as numbers. */
export function goYamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlLess(a, b) ? -1 : 1;
}

function goYamlLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
