/**
 * PROTOTYPE, for measurement only (bench/generate/profile-parse.ts): a reader for the block-YAML
 * subset that `kubectl get -o yaml` prints (go-yaml v2): block mappings and sequences with
 * sequences at their key's indentation, plain / double-quoted / single-quoted scalars on one
 * line, literal blocks, `{}` and `[]`. It records every value's [from, to) in typed arrays as it
 * goes, and gives up (returns undefined) on anything else: anchors, tags, flow collections,
 * folded or multi-line scalars, so a real implementation would fall back to js-yaml there.
 * Scalars resolve like js-yaml's core schema for what kubectl prints (ints, floats, true/false,
 * null); the profile script checks the value is deep-equal to js-yaml's.
 */

type V = unknown;
export interface Positions { from: Int32Array; to: Int32Array; count: number }
class Unsupported extends Error {}

export function readKubectlYaml(text: string): { value: V; positions: Positions } | undefined {
  let cap = 1 << 20;
  let from = new Int32Array(cap), to = new Int32Array(cap);
  let count = 0;
  const record = (f: number, t: number) => {
    if (count === cap) { cap *= 2; const nf = new Int32Array(cap); nf.set(from); from = nf; const nt = new Int32Array(cap); nt.set(to); to = nt; }
    from[count] = f; to[count] = t; count++;
  };
  let pos = 0;
  const n = text.length;
  // current line facts
  let lineStart = 0, indent = 0, contentStart = 0, lineEnd = 0;
  const loadLine = () => {
    while (pos < n) {
      lineStart = pos;
      let i = pos; while (i < n && text.charCodeAt(i) === 32) i++;
      let e = text.indexOf('\n', i); if (e < 0) e = n;
      if (i === e || text.charCodeAt(i) === 35) { pos = e + 1; continue; } // blank or comment line
      indent = i - lineStart; contentStart = i; lineEnd = e; return true;
    }
    return false;
  };
  const scalar = (s: number, e: number): V => {
    const c = text.charCodeAt(s);
    if (c === 34) { // "..."
      if (text.charCodeAt(e - 1) !== 34) throw new Unsupported();
      const body = text.slice(s + 1, e - 1);
      return body.includes('\\') ? JSON.parse(text.slice(s, e)) : body;
    }
    if (c === 39) { if (text.charCodeAt(e - 1) !== 39) throw new Unsupported(); return text.slice(s + 1, e - 1).replace(/''/g, "'"); }
    if (c === 123 || c === 91) { const t = text.slice(s, e); if (t === '{}') return {}; if (t === '[]') return []; throw new Unsupported(); }
    if (c === 124 || c === 62 || c === 38 || c === 42 || c === 33) throw new Unsupported();
    const t = text.slice(s, e);
    if (c >= 48 && c <= 57 || c === 45) { if (/^-?(0|[1-9][0-9]*)$/.test(t)) return Number(t); if (/^-?[0-9.]+([eE][-+]?[0-9]+)?$/.test(t) && !/\..*\./.test(t)) return Number(t); }
    if (t === 'true') return true; if (t === 'false') return false; if (t === 'null' || t === '~') return null;
    if (t === 'True' || t === 'TRUE' || t === 'False' || t === 'FALSE' || t === 'Null' || t === 'NULL' || t.startsWith('0x') || t.startsWith('0o') || t.startsWith('.')) throw new Unsupported();
    return t;
  };
  /** Finds `key: ` in [s, e): returns the colon index or -1. */
  const keyColon = (s: number, e: number) => {
    const c = text.charCodeAt(s);
    if (c === 34 || c === 39) { const close = text.indexOf(c === 34 ? '"' : "'", s + 1); if (close < 0 || close >= e) throw new Unsupported(); return text.charCodeAt(close + 1) === 58 && (close + 2 === e || text.charCodeAt(close + 2) === 32) ? close + 1 : -1; }
    for (let i = s; i < e; i++) if (text.charCodeAt(i) === 58 && (i + 1 === e || text.charCodeAt(i + 1) === 32)) return i;
    return -1;
  };
  const keyText = (s: number, colon: number): string => { const c = text.charCodeAt(s); return c === 34 || c === 39 ? (scalar(s, colon) as string) : text.slice(s, colon); };
  const literal = (parentIndent: number, header: string): string => {
    const chomp = header.length > 1 ? header[1] : '';
    if (header.length > 2 || (chomp !== '' && chomp !== '-' && chomp !== '+')) throw new Unsupported();
    const lines: string[] = []; let blockIndent = -1;
    while (pos < n) {
      let e = text.indexOf('\n', pos); if (e < 0) e = n;
      let i = pos; while (i < e && text.charCodeAt(i) === 32) i++;
      if (i === e) { lines.push(''); pos = e + 1; continue; }
      if (blockIndent < 0) blockIndent = i - pos;
      if (i - pos < blockIndent || i - pos <= parentIndent) break;
      lines.push(text.slice(pos + blockIndent, e)); pos = e + 1;
    }
    while (chomp !== '+' && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const body = lines.join('\n');
    return chomp === '-' ? body : `${body}\n`;
  };
  // A value after `key:` or `- `: inline scalar, or a block on following lines.
  const valueAfter = (s: number, e: number, ownerIndent: number, seqItem: boolean): V => {
    if (s < e) {
      const c = text.charCodeAt(s);
      if (c === 124) { pos = lineEnd + 1; const v = literal(ownerIndent, text.slice(s, e)); record(s, pos); return v; }
      if (c === 62) throw new Unsupported();
      pos = lineEnd + 1; record(s, e); return scalar(s, e);
    }
    pos = lineEnd + 1;
    if (!loadLine()) { record(s, s); return null; }
    if (indent > ownerIndent || (!seqItem && indent === ownerIndent && text.charCodeAt(contentStart) === 45 && text.charCodeAt(contentStart + 1) === 32)) {
      const start = contentStart; const v = block(indent); record(start, pos); return v;
    }
    record(s, s); return null;
  };
  // A mapping or sequence whose lines start at `at`, with the current line loaded.
  const block = (at: number): V => {
    if (text.charCodeAt(contentStart) === 45 && (contentStart + 1 === lineEnd || text.charCodeAt(contentStart + 1) === 32)) {
      const list: V[] = [];
      while (indent === at && text.charCodeAt(contentStart) === 45) {
        const itemStart = contentStart + 2;
        if (itemStart >= lineEnd) throw new Unsupported();
        const colon = keyColon(itemStart, lineEnd);
        if (colon < 0) list.push(valueAfter(itemStart, lineEnd, at, true));
        else { indent = at + 2; contentStart = itemStart; list.push(mapping(at + 2)); }
        if (!loadLine()) break;
      }
      return list;
    }
    return mapping(at);
  };
  const mapping = (at: number): V => {
    const map: Record<string, V> = {};
    for (;;) {
      const colon = keyColon(contentStart, lineEnd);
      if (colon < 0) throw new Unsupported();
      const key = keyText(contentStart, colon);
      let vs = colon + 1; while (vs < lineEnd && text.charCodeAt(vs) === 32) vs++;
      let ve = lineEnd; while (ve > vs && text.charCodeAt(ve - 1) === 32) ve--;
      const keyFrom = contentStart;
      map[key] = valueAfter(vs, ve, at, false);
      record(keyFrom, pos);
      if (pos >= n || !loadLine() || indent !== at || (text.charCodeAt(contentStart) === 45 && text.charCodeAt(contentStart + 1) === 32)) {
        if (pos < n && indent > at) throw new Unsupported(); // a continuation line (folded scalar)
        return map;
      }
    }
  };
  try {
    if (!loadLine()) return { value: null, positions: { from, to, count } };
    const value = block(indent);
    if (pos < n && loadLine()) return undefined;
    return { value, positions: { from, to, count } };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
