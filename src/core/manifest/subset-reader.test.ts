import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDump } from '../../../bench/generate/dump';
import { realisticFixture } from '../../../bench/generate/fixture';
import { toYaml, PERSON_STYLE, type Json } from '../../../bench/generate/kube-yaml';
import { conformanceDir, manifestFiles } from '../../../conformance/locate';
import * as policyScenarios from '../../../e2e/policy-scenarios';
import * as yamlSnippets from '../../../e2e/yaml-snippets';
import { splitDocuments } from './documents';
import { parseManifests } from './parse';
import { isJsWhitespace } from './positions';
import { compareDocuments, compareParses, firstDifference } from './reader-equivalence';
import { readSubsetDocument } from './subset-reader';
import { SubsetContext } from './subset-context';

/**
 * The subset reader must read every document it accepts exactly as js-yaml does: the same
 * values (types, key order, -0, NaN), the same source range for every field, and so the same
 * objects, spans and diagnostics from parseManifests. These tests run both readers on every
 * manifest in the repository and on generated and mutated documents; any difference fails.
 */

const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** The whole-repository and generated runs take seconds; on a busy two-core machine, more. */
const HEAVY = 180_000;

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : yamlFilesUnder(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

/** YAML-looking template literals in the repository's tests (interpolations replaced by a word). */
function yamlInTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .flatMap((file) => {
      const source = readFileSync(join(dir, file), 'utf8');
      return [...source.matchAll(/`([^`]*)`/g)]
        .map((match) => match[1]!.replace(/\$\{[^}]*\}/g, 'x').replace(/\\n/g, '\n'))
        .filter((text) => /^\s*[\w.-]+:/m.test(text) && text.includes('\n'));
    });
}

function expectSame(text: string): ReturnType<typeof compareDocuments> {
  const comparison = compareDocuments(text);
  compareParses(text);
  return comparison;
}

describe('the subset reader against js-yaml, on the repository', () => {
  it('reads the realistic dump fixtures itself, with the same values and positions', () => {
    for (const name of ['cluster.yaml', 'cluster-no-status.yaml']) {
      const text = readFileSync(join(repo, 'fixtures/realistic-dump', name), 'utf8');
      const { read, declined } = expectSame(text);
      expect(declined).toEqual([]);
      expect(read).toBe(splitDocuments(text).length);
    }
  });

  it('reads generated kubectl dumps itself (with and without managedFields)', () => {
    for (const managedFields of [false, true]) {
      const text = generateDump({ pods: 40, managedFields, seed: `subset-${managedFields}` }).yaml;
      const { read, declined } = expectSame(text);
      expect(declined).toEqual([]);
      expect(read).toBe(1);
    }
    const realistic = realisticFixture();
    expect(expectSame(realistic.dump).declined).toEqual([]);
    expect(expectSame(realistic.plain).declined).toEqual([]);
  }, HEAVY);

  it('agrees on the examples, the e2e snippets and the YAML inside the tests', () => {
    const texts = [
      ...yamlFilesUnder(join(repo, 'examples')).map((file) => readFileSync(file, 'utf8')),
      ...yamlFilesUnder(join(repo, 'fixtures')).map((file) => readFileSync(file, 'utf8')),
      ...(Object.values(yamlSnippets) as unknown[]).filter((v): v is string => typeof v === 'string'),
      ...(Object.values(policyScenarios) as unknown[]).filter((v): v is string => typeof v === 'string'),
      ...yamlInTests(join(repo, 'src')),
    ];
    expect(texts.length).toBeGreaterThan(50);
    let read = 0;
    for (const text of texts) read += expectSame(text).read;
    // Many of them are in the subset; the others (flow mappings, anchors, broken YAML) went to js-yaml.
    expect(read).toBeGreaterThan(40);
  }, HEAVY);

  const conformance = conformanceDir();
  it.runIf(conformance !== undefined)('agrees on every netpol-analyzer manifest (CRLF dumps, typed lists, JSON)', () => {
    const files = manifestFiles(join(conformance!, 'netpol-analyzer'));
    expect(files.length).toBeGreaterThan(50);
    let read = 0;
    for (const file of files) read += expectSame(readFileSync(file, 'utf8')).read;
    // JSON files and flow mappings are left to js-yaml; the rest (CRLF dumps too) is read by the subset reader.
    expect(read).toBeGreaterThan(150);
  }, HEAVY);
});

describe('the subset reader on chosen cases', () => {
  /** Reads `text` with both readers (which must agree) and says whether the subset reader took it. */
  const subset = (text: string): boolean => {
    const { read, declined } = expectSame(text);
    return read === 1 && declined.length === 0;
  };

  it('resolves plain scalars like js-yaml 5 (YAML 1.2 core schema)', () => {
    const text = [
      'a: 0x1F', 'b: 0o17', 'c: 1e3', 'd: .inf', 'e: -.Inf', 'f: .nan', 'g: ~', 'h: null', 'i: Null', 'j: yes', 'k: on', 'l: -0',
      'm: +12', 'n: 012', 'o: 1_000', 'p: 1.', 'q: True', 'r: FALSE', 's: -.nan', 't: 0b101', 'u: 12:30', 'v: 1e400', 'w: "0x1F"', "x: '~'",
    ].join('\n');
    expect(subset(text)).toBe(true);
    const [values] = [readSubsetDocument(new SubsetContext(text), 0, text.length)];
    expect(values.ok && values.value).toEqual({
      a: 31, b: 15, c: 1000, d: Infinity, e: -Infinity, f: NaN, g: null, h: null, i: null, j: 'yes', k: 'on', l: -0,
      m: 12, n: 12, o: '1_000', p: 1, q: true, r: false, s: '-.nan', t: '0b101', u: '12:30', v: '1e400', w: '0x1F', x: '~',
    });
  });

  it('keys resolve then become strings, and positions keep the key as written', () => {
    const text = '0x10: a\n~: b\n1.0: c\ntrue: d\n"q": e\n\'s\'\'q\': f\n';
    expect(subset(text)).toBe(true);
    const parsed = readSubsetDocument(new SubsetContext(text), 0, text.length);
    // Integer-like keys come first in a JavaScript object, as with js-yaml.
    expect(parsed.ok && Object.keys(parsed.value)).toEqual(['1', '16', 'null', 'true', 'q', "s'q"]);
    // Two keys written alike but read differently: js-yaml's position tree keeps the last.
    expect(subset('~: a\n"~": b\n0x1F: c\n\'0x1F\': d\n')).toBe(true);
  });

  it('takes what kubectl prints: indentless sequences, quoted strings, literal blocks, {} and []', () => {
    expect(subset('items:\n- a: 1\n  b: "2"\n  c: \'x\'\'y\'\n- {}\n- []\nmeta:\n  ann: |\n    {"a":1}\n    line two\n  x: |-\n    kept\n')).toBe(true);
    expect(subset('k: |2-\n    two more spaces\n  back\n')).toBe(true);
    expect(subset('k: >\n  folded\n  text\n\n  para\nn: 1\n')).toBe(true);
    expect(subset('k: |+\n  keep\n\n\nn: 1\n')).toBe(true);
    expect(subset('msg: "a long line that go-yaml \\\n  wrapped, and \\u00e9 escapes"\n')).toBe(true);
    expect(subset('msg: a long plain line\n  that continues\n\n  after a blank\nnext: 1\n')).toBe(true);
    expect(subset('list:\n-\n- \n  # comment\n- x # trailing\nempty:\nlast:\n')).toBe(true);
    expect(subset('--- # start\n# c\na: 1 # c\n')).toBe(true);
    // Tabs inside block scalars (scripts and configuration files in ConfigMaps).
    expect(subset('data:\n  Makefile: |\n    all:\n    \techo done\n  x: >\n    a\n    \tb\n')).toBe(true);
    // CRLF line endings, as Windows files and some real dumps have them.
    expect(subset('--- \r\na: 1\r\nb:\r\n- "x\r\n  y"\r\n- |\r\n  z\r\n\r\n  w\r\nc: p\r\n  q\r\n# c\r\n')).toBe(true);
    // Continuation lines need only be one column deeper than their key or dash.
    expect(subset('k: a\n b\nl:\n- "c\n  d"\n- e\n  f\n')).toBe(true);
  });

  it('declines what it does not read, and js-yaml reads it', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: {b: 1}\n',
      'a: [1, 2]\n',
      '? a\n: b\n',
      'a:\tb\n',
      'a: b\t# c\n',
      'a:\n\t- b\n',
      'a: "x\ty"\n',
      'a: |\n\tx\n',
      'a: 1\rb: 2\r',
      'a: 1\na: 2\n',
      '__proto__: 1\n',
      '- - a\n',
      'a:\n  "scalar on the next line"\n',
      '--- a: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '  a: 1\n',
      'a: x: y\n',
    ]) {
      expect(subset(text), text).toBe(false);
    }
  });

  it('matches js-yaml on the exact ranges of empty values, block scalars and quoted keys', () => {
    const text = 'a:\n  b:\n  c: |\n\n    x\n\n  "d e": \'\'\nf:\n- \n- |\n  y\n';
    expect(subset(text)).toBe(true);
  });

  it('isJsWhitespace is exactly /\\s/', () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isJsWhitespace(code) !== /\s/.test(String.fromCharCode(code))) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('firstDifference sees -0, NaN, key order and prototypes', () => {
    expect(firstDifference(-0, 0, '$')).toBeDefined();
    expect(firstDifference(NaN, NaN, '$')).toBeUndefined();
    expect(firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 }, '$')).toBeDefined();
    expect(firstDifference(Object.create(null), {}, '$')).toBeDefined();
    expect(firstDifference([1], { 0: 1 }, '$')).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Generated documents: kubectl-like trees written with every style the subset knows and many it
// does not, then mutated character by character. Whatever the text, either the subset reader
// declines it or both readers agree.

const trickyWords = [
  '', 'x', 'nginx', 'null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on', 'off', '0', '-0', '+1', '012', '0o17',
  '0x1F', '-0x1F', '1e3', '1E-3', '.5', '-.inf', '.NaN', '.nan', '1_000', '1.2.3', '12:30', '80', '8080', '1.5', '2024-09-02T08:14:05Z',
  'a: b', 'a #b', 'a#b', '- x', '-x', '--port=80', '? x', ': x', ':x', '[]', '{}', '{a: 1}', '[1, 2]', '&a x', '*a', '!!str x', '!x',
  '%x', '@x', '`x', '"x"', "'x'", "x'y", 'x"y', ' lead', 'trail ', 'é ü 漢字', '\u00a0nbsp\u00a0', 'end\u2028', 'emoji 😀', 'tab\there',
  'multi\nline', 'two\n\nblank', 'back\\slash', 'http://x:80/y', 'a,b', 'a, b', '#x', 'x #', '---', '...', 'a: ', 'q?', '\\u00e9',
];

const wordArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...trickyWords) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
);
const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('name', 'app', 'kind', 'spec', 'metadata', 'ports', 'app.kubernetes.io/name', 'a b', 'x') },
  { weight: 2, arbitrary: wordArb },
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', '0x10', '1.0', '~', 'true', '-x') },
);

type Tree = { kind: 'scalar'; text: string } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] };

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: wordArb.map((text): Tree => ({ kind: 'scalar', text })) },
    { weight: 2, arbitrary: fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 5 }).map((entries): Tree => ({ kind: 'map', entries })) },
    { weight: 1, arbitrary: fc.array(tie('tree'), { maxLength: 4 }).map((items): Tree => ({ kind: 'seq', items })) },
  ),
})).tree;

interface Style {
  readonly step: number;
  readonly indentSequences: boolean;
  readonly comments: boolean;
  readonly blankLines: boolean;
  readonly trailingSpaces: boolean;
  readonly crlf: boolean;
  /** One choice per scalar, cycled: how it is written. */
  readonly scalarStyles: readonly number[];
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  step: fc.integer({ min: 1, max: 4 }),
  indentSequences: fc.boolean(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
  trailingSpaces: fc.boolean(),
  crlf: fc.boolean(),
  scalarStyles: fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 12 }),
});

/** Writes a tree as YAML text; not always valid YAML, on purpose. */
function render(tree: Tree, style: Style): string {
  let counter = 0;
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  const extra = () => {
    counter++;
    if (style.comments && counter % 5 === 0) lines.push(`${pad(counter % 7)}# comment ${counter}`);
    if (style.blankLines && counter % 4 === 0) lines.push(style.trailingSpaces ? pad(counter % 3) : '');
  };
  const tail = () => (style.trailingSpaces && counter % 3 === 0 ? '  ' : '') + (style.comments && counter % 6 === 1 ? ' # note' : '');
  const quoteDouble = (s: string) => JSON.stringify(s);
  const quoteSingle = (s: string) => `'${s.replace(/'/g, "''")}'`;
  /** Lines of a scalar that follows `lead` (the key or dash) at `indent`; continuation lines at `inner`. */
  const scalar = (text: string, lead: string, inner: number) => {
    const choice = style.scalarStyles[counter % style.scalarStyles.length]!;
    counter++;
    switch (choice) {
      case 0:
      case 1:
        return [`${lead} ${text}${tail()}`];
      case 2:
        return [`${lead} ${quoteDouble(text)}${tail()}`];
      case 3:
        return [`${lead} ${quoteSingle(text)}${tail()}`];
      case 4:
      case 5: {
        const header = ['|', '|-', '|+', '>', '>-', '|2', '>+', '|1-'][counter % 8]!;
        return [`${lead} ${header}${tail()}`, ...text.split('\n').map((line) => (line === '' ? '' : `${pad(inner)}${line}`))];
      }
      case 6: {
        const words = text.split(' ');
        return [`${lead} ${words[0] ?? ''}`, ...words.slice(1).map((w) => `${pad(inner)}${w}`)];
      }
      case 7: {
        const words = quoteDouble(text).split(' ');
        return [`${lead} ${words[0] ?? ''}`, ...words.slice(1).map((w) => `${pad(inner)}${w}`)];
      }
      case 8:
        return [`${lead}${text === '' ? '' : ' '}${text}`];
      case 9:
        return [`${lead} ${quoteDouble(text).replace(/ /g, ' \\\n' + pad(inner))}`];
      case 10:
        return [`${lead} ${quoteSingle(text).replace(/ /g, '\n\n' + pad(inner))}`];
      default:
        return [`${lead}`, `${pad(inner)}${text}`];
    }
  };
  const write = (node: Tree, indent: number) => {
    if (node.kind === 'map') {
      if (node.entries.length === 0) return;
      for (const [key, value] of node.entries) {
        extra();
        const keyText = counter % 9 === 0 ? quoteDouble(key) : counter % 11 === 0 ? quoteSingle(key) : key;
        const lead = `${pad(indent)}${keyText}:`;
        if (value.kind === 'scalar') lines.push(...scalar(value.text, lead, indent + style.step));
        else if (value.kind === 'map' && value.entries.length === 0) lines.push(`${lead} {}${tail()}`);
        else if (value.kind === 'seq' && value.items.length === 0) lines.push(`${lead} []${tail()}`);
        else {
          lines.push(`${lead}${tail()}`);
          write(value, value.kind === 'seq' && !style.indentSequences ? indent : indent + style.step);
        }
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        extra();
        const lead = `${pad(indent)}-`;
        if (item.kind === 'scalar') lines.push(...scalar(item.text, lead, indent + 2));
        else if (item.kind === 'map' && item.entries.length > 0 && counter % 4 !== 0) {
          // Compact: `- key: value` with the other keys under the first.
          const start = lines.length;
          write(item, indent + 2);
          lines[start] = `${lead} ${lines[start]!.slice(indent + 2)}`;
        } else if ((item.kind === 'map' && item.entries.length === 0) || (item.kind === 'seq' && item.items.length === 0)) {
          lines.push(`${lead} ${item.kind === 'map' ? '{}' : '[]'}`);
        } else {
          lines.push(lead);
          write(item, indent + style.step);
        }
      }
    } else {
      lines.push(...scalar(node.text, 'root:', style.step));
    }
  };
  write(tree, 0);
  const text = `${lines.join('\n')}\n`;
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}

const insertable = [' ', '  ', '\n', '-', '- ', ':', ': ', '#', ' #', '"', "'", '|', '>', '{', '}', '[', ']', '\t', '\r', 'x', '!', '&', '*', '?', ',', '%', '\\', '---\n', '...\n', '\u00a0', '\ufeff'];

/** A few random edits: an insertion, a deletion, a duplicated line. */
const mutationArb = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom(...insertable), fc.integer({ min: 0, max: 2 })),
  { minLength: 1, maxLength: 3 },
);

function mutate(text: string, edits: readonly [number, string, number][]): string {
  let out = text;
  for (const [at, insert, kind] of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (kind === 0) out = out.slice(0, i) + insert + out.slice(i);
    else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1);
    else {
      const start = out.lastIndexOf('\n', i - 1) + 1;
      const end = out.indexOf('\n', i);
      const line = out.slice(start, end === -1 ? out.length : end + 1);
      out = out.slice(0, start) + line + out.slice(start);
    }
  }
  return out;
}

describe('the subset reader against js-yaml, on generated documents', () => {
  it('agrees on generated documents (and reads most of them itself)', () => {
    let read = 0;
    let total = 0;
    fc.assert(
      fc.property(treeArb, styleArb, (tree, style) => {
        const text = render(tree, style);
        const comparison = expectSame(text);
        read += comparison.read;
        total += comparison.read + comparison.declined.length;
      }),
      { numRuns: 1500 },
    );
    // The generator writes mostly valid subset YAML: the fast path is exercised, not just declined.
    expect(read).toBeGreaterThan(total / 3);
  }, HEAVY);

  it('agrees on several documents in one stream', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(treeArb, styleArb), { minLength: 1, maxLength: 4 }), (docs) => {
        expectSame(docs.map(([tree, style]) => render(tree, style)).join('---\n'));
      }),
      { numRuns: 300 },
    );
  }, HEAVY);

  it('agrees on mutated documents', () => {
    fc.assert(
      fc.property(treeArb, styleArb, mutationArb, (tree, style, edits) => {
        expectSame(mutate(render(tree, style), edits));
      }),
      { numRuns: 2000 },
    );
  }, HEAVY);

  it('agrees on generated values of the fields it leaves out (block-skipper.ts passes over them)', () => {
    const scalar = (text: string): Tree => ({ kind: 'scalar', text });
    const map = (...entries: [string, Tree][]): Tree => ({ kind: 'map', entries });
    const pod = (annotations: Tree, env: Tree, statuses: Tree, conditions: Tree): Tree =>
      map(
        ['apiVersion', scalar('v1')],
        ['kind', scalar('Pod')],
        ['metadata', map(['name', scalar('p')], ['annotations', annotations], ['labels', map(['app', scalar('a')])])],
        ['spec', map(['containers', { kind: 'seq', items: [map(['env', env], ['name', scalar('c')], ['resources', annotations])] }])],
        ['status', map(['conditions', { kind: 'seq', items: [map(['type', scalar('Ready')], ['message', conditions])] }], ['containerStatuses', statuses], ['podIP', scalar('10.1.0.7')])],
      );
    fc.assert(
      fc.property(treeArb, treeArb, treeArb, treeArb, styleArb, mutationArb, fc.boolean(), (a, b, c, d, style, edits, mutated) => {
        const text = render(pod(a, b, c, d), style);
        expectSame(mutated ? mutate(text, edits) : text);
      }),
      { numRuns: 1500 },
    );
  }, HEAVY);

  it('agrees on JSON values written the way kubectl and people write them', () => {
    const jsonArb = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;
    fc.assert(
      fc.property(jsonArb, fc.boolean(), (value, person) => {
        const root: Json = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: value };
        expectSame(person ? toYaml(root, PERSON_STYLE) : toYaml(root));
      }),
      { numRuns: 500 },
    );
  }, HEAVY);
});

describe('parseManifests with the subset reader', () => {
  it('still reports js-yaml syntax errors with js-yaml messages', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n';
    const { diagnostics } = parseManifests(text);
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['yaml-syntax', 5]]);
    expect(diagnostics[0]!.message).toContain('duplicated mapping key');
  });
});
