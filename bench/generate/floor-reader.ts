import { UNREAD_FIELDS } from '../../src/core/manifest/unread-fields';

/**
 * A measuring stick, not a reader to use: the least a JavaScript reader of `kubectl get -o yaml`
 * output can do. Block mappings and sequences, one-line plain and double-quoted scalars, `{}` and
 * `[]`; the keys unread-fields.ts leaves out of pods left out wherever they stand (passed over by
 * indentation alone). No source positions, no check that js-yaml would read the text the same
 * way, no multi-line or block scalars: wrong on anything but the generated dump. Its time on that
 * dump is a floor under what parseManifests (positions for every field, js-yaml's exact values
 * and errors) can reach; profile-parse.ts prints both.
 */
/**
 * The last key of each path unread-fields.ts leaves out of a pod, left out here wherever it
 * stands; but `items`, which is also the List's own (a volume's `configMap.items` is kept then).
 */
const LEFT_OUT = new Set(UNREAD_FIELDS.Pod!.map((path) => path.split('.').at(-1)!).filter((key) => key !== 'items'));

const DASH = 45;
const COLON = 58;
const SPACE = 32;
const HASH = 35;

export function readFloor(text: string): unknown {
  const n = text.length;
  let lineStart = 0;
  let indent = 0;
  let content = 0;
  let eol = 0;
  let has = true;

  const seek = (q: number): void => {
    while (q < n) {
      let i = q;
      while (text.charCodeAt(i) === SPACE) i++;
      let newline = text.indexOf('\n', i);
      if (newline < 0) newline = n;
      if (i === newline || text.charCodeAt(i) === HASH) {
        q = newline + 1;
        continue;
      }
      lineStart = q;
      indent = i - q;
      content = i;
      eol = newline;
      has = true;
      return;
    }
    has = false;
    indent = -1;
  };

  const scalar = (v: number, e: number): unknown => {
    const c = text.charCodeAt(v);
    if (c === 34) return text.slice(v + 1, e - 1);
    if (c === 123) return {};
    if (c === 91) return [];
    const s = text.slice(v, e);
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (s === 'null') return null;
    if (c >= 48 && c <= 57) {
      const number = Number(s);
      if (!Number.isNaN(number)) return number;
    }
    return s;
  };

  const passOver = (column: number): void => {
    seek(eol + 1);
    while (has && (indent > column || (indent === column && text.charCodeAt(content) === DASH))) seek(eol + 1);
  };

  const value = (column: number, afterColon: number): unknown => {
    let v = afterColon;
    while (v < eol && text.charCodeAt(v) === SPACE) v++;
    if (v < eol) {
      const read = scalar(v, eol);
      seek(eol + 1);
      return read;
    }
    seek(eol + 1);
    if (has && indent > column) return text.charCodeAt(content) === DASH ? sequence(indent) : mapping(indent);
    if (has && indent === column && text.charCodeAt(content) === DASH) return sequence(column);
    return null;
  };

  const mapping = (column: number): Record<string, unknown> => {
    const map: Record<string, unknown> = {};
    for (;;) {
      let i = content;
      while (text.charCodeAt(i) !== COLON) i++;
      const key = text.slice(content, i);
      if (LEFT_OUT.has(key)) passOver(column);
      else map[key] = value(column, i + 1);
      if (!has || indent < column || text.charCodeAt(content) === DASH) break;
    }
    return map;
  };

  const sequence = (column: number): unknown[] => {
    const list: unknown[] = [];
    for (;;) {
      const q = content + 2;
      let i = q;
      while (i < eol && text.charCodeAt(i) !== COLON) i++;
      if (i < eol) {
        content = q;
        indent = q - lineStart;
        list.push(mapping(indent));
      } else {
        list.push(scalar(q, eol));
        seek(eol + 1);
      }
      if (!has || indent !== column || text.charCodeAt(content) !== DASH) break;
    }
    return list;
  };

  seek(0);
  return mapping(0);
}
