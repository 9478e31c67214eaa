import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDump } from '../../../bench/generate/dump';
import { buildCluster } from '../cluster/build';
import { looksLikeJson, readJsonDocument } from './json-reader';
import { parseManifests } from './parse';
import { compareDocuments, compareParses } from './reader-equivalence';
import { SubsetContext } from './subset-context';

/**
 * JSON (`kubectl get -o json`) is read with JSON.parse plus a scan for positions. It must give
 * exactly what js-yaml gives for the same text: the same values, the same range for every field
 * (so the same line and column in every diagnostic), and the same diagnostics. Whatever the two
 * could disagree on is declined and read by js-yaml, which these tests also check.
 */

const HEAVY = 180_000;

/** Runs both readers on `text` (they must agree) and says whether the JSON reader read every document itself. */
function readByJson(text: string): boolean {
  const { read, declined } = compareDocuments(text, readJsonDocument);
  compareParses(text);
  return read > 0 && declined.length === 0;
}

function reason(text: string): string {
  const result = readJsonDocument(new SubsetContext(text), 0, text.length);
  return result.ok ? 'read' : result.reason;
}

describe('the JSON reader against js-yaml', () => {
  it('reads a generated `kubectl get -o json` dump itself, with the same values and positions', () => {
    const text = generateDump({ pods: 30, seed: 'json', format: 'json' }).yaml;
    expect(text.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n')).toBe(true);
    expect(readByJson(text)).toBe(true);
    const withManagedFields = generateDump({ pods: 8, seed: 'json-managed', format: 'json', managedFields: true }).yaml;
    expect(readByJson(withManagedFields)).toBe(true);
  }, HEAVY);

  it('agrees on any JSON value, compact or indented, with LF or CRLF line ends', () => {
    const root = fc.record({
      apiVersion: fc.constant('v1'),
      kind: fc.constant('ConfigMap'),
      metadata: fc.record({ name: fc.constant('x') }),
      data: fc.jsonValue({ maxDepth: 4 }),
    });
    fc.assert(
      fc.property(root, fc.constantFrom(0, 2, 4), fc.boolean(), (value, indent, crlf) => {
        const json = JSON.stringify(value, null, indent);
        compareDocuments(crlf ? json.replace(/\n/g, '\r\n') : json, readJsonDocument);
        compareParses(json);
      }),
      { numRuns: 400 },
    );
  }, HEAVY);

  it('reads escapes, unicode, numbers and empty collections as js-yaml does', () => {
    const text = String.raw`{"a": "x\"y\\z\/\b\f\n\r\t", "b": "\u00e9\u0000\ud83d\ude00 é 名", "c": [1, -2, 0, -0, 1.5, -0.25, 123456789012345, true, false, null],
  "d": {}, "e": [], "f": [{}, [[]]], "g": "\u003c\u0026\u003e", "h" : 1 , "":"empty key"}`;
    expect(readByJson(text)).toBe(true);
    const result = readJsonDocument(new SubsetContext(text), 0, text.length);
    expect(result.ok && result.value).toEqual({
      a: 'x"y\\z/\b\f\n\r\t',
      b: 'é\u0000😀 é 名',
      c: [1, -2, 0, -0, 1.5, -0.25, 123456789012345, true, false, null],
      d: {},
      e: [],
      f: [{}, [[]]],
      g: '<&>',
      h: 1,
      '': 'empty key',
    });
  });

  it('declines what JSON.parse and js-yaml could read differently, and js-yaml reads it', () => {
    const cases: [string, string][] = [
      ['{"a": 1, "a": 2}', 'a duplicate key'],
      ['{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k19":19,"k20":20,"k21":21,"k22":22,"k23":23,"k24":24,"k25":25,"k26":26,"k27":27,"k28":28,"k29":29,"k30":30,"k31":31,"k32":32,"k33":33,"k5":5}', 'a duplicate key'],
      ['{"a": 1e400}', 'a number js-yaml may read otherwise'],
      ['{"a": 1E3}', 'a number js-yaml may read otherwise'],
      ['{"a": 12345678901234567890}', 'a number js-yaml may read otherwise'],
      ['{"a": 1, "\\u0061": 2}', 'a duplicate key'],
      ['{"k:{\\"a\\"}": 1, "b": 2, "k:{\\"a\\"}": 3}', 'a duplicate key'],
      ['{"\\u005f_proto__": 1}', 'a __proto__ key'],
      ['{"__proto__": 1}', 'a __proto__ key'],
      ['{"a":\t1}', 'a tab'],
      ['{"a": "\u0085"}', 'an unusual character'],
      ['{"a": "😀"}', 'an unusual character'],
      ['{"a": 1,}', 'a key that is not a string'],
      ['{"a": 1} {"b": 2}', 'content after the root value'],
      [`{"${'k'.repeat(1025)}": 1}`, 'a key longer than YAML allows'],
      [`${'['.repeat(50)}${']'.repeat(50)}`, 'nesting deeper than the subset reads'],
    ];
    for (const [text, why] of cases) {
      expect(reason(text), text).toBe(why);
      compareParses(text);
    }
    // YAML flow syntax that is not JSON: JSON.parse refuses it, js-yaml reads it.
    expect(reason("{'a': 1}")).toMatch(/^JSON.parse: SyntaxError|^a key that is not a string$/);
    expect(reason('{a: 1}')).toBe('a key that is not a string');
    expect(reason('[1, 2,]')).toBe('a missing value');
    for (const text of ["{'a': 1}", '{a: 1}', '[1, 2,]', '{"a": [1, 2] # comment\n}']) compareParses(text);
  });

  it('keeps js-yaml’s error and its line for broken JSON', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "kind": "Service"\n}\n';
    const { diagnostics } = parseManifests(text);
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['yaml-syntax', 4]]);
    expect(diagnostics[0]!.message).toContain('duplicated mapping key');
    compareParses(text);
  });

  it('knows JSON when it sees it', () => {
    expect(looksLikeJson('\n  {"a": 1}', 0, 10)).toBe(true);
    expect(looksLikeJson('[1]', 0, 3)).toBe(true);
    expect(looksLikeJson('a: {}', 0, 5)).toBe(false);
    expect(looksLikeJson('# c\n{}', 0, 6)).toBe(false);
    expect(looksLikeJson('   ', 0, 3)).toBe(false);
  });
});

describe('diagnostics on JSON input', () => {
  const pod = [
    '{',
    '    "apiVersion": "v1",',
    '    "kind": "Pod",',
    '    "metadata": {"name": "web", "namespace": "default"},',
    '    "spec": {',
    '        "containers": [',
    '            {"name": "app", "image": "nginx", "ports": [{"containerPort": "80"}, {"containerPort": 70000}]}',
    '        ]',
    '    }',
    '}',
    '',
  ].join('\n');

  it('point at the offending field, at the line and column js-yaml gives', () => {
    const spans = (parsed: ReturnType<typeof parseManifests>) =>
      buildCluster(parsed)
        .diagnostics.filter((d) => d.severity !== 'info')
        .map((d) => [d.code, d.span.line, d.span.column, d.span.endLine, d.span.endColumn]);
    const fast = spans(parseManifests(pod));
    expect(fast).toEqual([
      // `"containerPort": "80"` and `"containerPort": 70000`, key to value.
      ['port-out-of-range', 7, 58, 7, 79],
      ['port-out-of-range', 7, 83, 7, 105],
    ]);
    expect(spans(parseManifests(pod, { yamlReader: 'js-yaml' }))).toEqual(fast);
    expect(readByJson(pod)).toBe(true);
  });

  it('a multi-document stream may mix YAML and JSON documents', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n${pod}---\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n`;
    const parsed = parseManifests(text);
    expect(parsed.objects.map((o) => [o.kind, o.name, o.span.line])).toEqual([
      ['Namespace', 'a', 1],
      ['Pod', 'web', 6],
      ['Namespace', 'b', 17],
    ]);
    compareParses(text);
  });
});
