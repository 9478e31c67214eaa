import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse';

const twoPods = `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: team
spec:
  containers:
    - name: app
      image: nginx
      ports:
        - containerPort: 80
---
# a comment between documents
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
    - name: app
      image: nginx
`;

describe('parseManifests', () => {
  it('reads every document of a multi-document stream, in order', () => {
    const { objects, diagnostics } = parseManifests(twoPods);
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => [o.kind, o.namespace, o.name, o.documentIndex])).toEqual([
      ['Pod', 'team', 'a', 0],
      ['Pod', undefined, 'b', 1],
    ]);
  });

  it('maps a field path back to its line and column', () => {
    const [a, b] = parseManifests(twoPods).objects;
    const port = a!.spanOf(['spec', 'containers', 0, 'ports', 0, 'containerPort']);
    expect([port.line, port.column]).toEqual([11, 11]);
    expect(twoPods.slice(port.from, port.to)).toBe('containerPort: 80');
    // The second object starts at its first key, after the separator and the comment.
    expect(b!.span.line).toBe(14);
    // A path that is not written out falls back to its nearest written ancestor.
    expect(b!.spanOf(['spec', 'containers', 0, 'ports']).line).toBe(20);
  });

  it('expands kind: List and typed lists whose items omit their kind', () => {
    const text = `apiVersion: v1
kind: PodList
items:
  - metadata: {name: x, namespace: ns1}
    spec: {containers: [{name: c}]}
  - metadata: {name: y, namespace: ns1}
    spec: {containers: [{name: c}]}
`;
    const { objects } = parseManifests(text);
    expect(objects.map((o) => `${o.kind} ${o.name}`)).toEqual(['Pod x', 'Pod y']);
    expect(objects[1]!.span.line).toBe(6);
    expect(objects[1]!.spanOf(['metadata', 'name']).line).toBe(6);
  });

  it('reads JSON, as kubectl -o json prints it', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'j' }, spec: {} }] }, null, 2);
    expect(parseManifests(json).objects.map((o) => o.name)).toEqual(['j']);
  });

  it('accepts CRLF line endings and a trailing bare separator', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\n---';
    const { objects, diagnostics } = parseManifests(text);
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => o.name)).toEqual(['crlf']);
  });

  it('reports a syntax error at its line and still loads the other documents', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: good
---
apiVersion: v1
kind: Pod
metadata:
  name: "unterminated
---
apiVersion: v1
kind: Pod
metadata:
  name: also-good
`;
    const { objects, diagnostics } = parseManifests(text);
    expect(objects.map((o) => o.name)).toEqual(['good', 'also-good']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('yaml-syntax');
    expect(diagnostics[0]!.severity).toBe('error');
    expect(diagnostics[0]!.span.line).toBeGreaterThanOrEqual(9);
    expect(diagnostics[0]!.span.line).toBeLessThanOrEqual(10);
  });

  it('says which document is not an object and which object has no kind or name', () => {
    const text = `- just\n- a list\n---\nmetadata:\n  name: kindless\n---\nkind: Pod\nmetadata: {}\n`;
    const codes = parseManifests(text).diagnostics.map((d) => [d.code, d.span.line]);
    expect(codes).toEqual([
      ['not-an-object', 1],
      ['missing-kind', 4],
      ['missing-name', 8],
    ]);
  });

  it('warns about a missing or retired apiVersion, but not on items of typed lists', () => {
    const text = `kind: Pod
metadata: {name: a}
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: d}
---
apiVersion: v1
kind: PodList
items:
  - metadata: {name: b}
`;
    const { objects, diagnostics } = parseManifests(text);
    expect(objects.map((o) => o.name)).toEqual(['a', 'd', 'b']);
    expect(diagnostics.map((d) => [d.severity, d.code, d.span.line])).toEqual([
      ['warning', 'missing-api-version', 1],
      ['warning', 'api-version-mismatch', 4],
    ]);
    expect(diagnostics[0]!.message).toBe('Pod has no `apiVersion`; it should be v1. The API server requires it; it is simulated anyway.');
    expect(diagnostics[1]!.message).toBe(
      'no matches for kind "Deployment" in version "extensions/v1beta1" (extensions/v1beta1 was removed in Kubernetes 1.16 (1.22 for Ingress)); use apiVersion: apps/v1. It is simulated as if it said so.',
    );
  });

  it('gives quoted values and flow collections spans that cover their quotes and brackets', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "q", labels: {}}\n';
    const [pod] = parseManifests(text).objects;
    const at = (path: (string | number)[]) => { const s = pod!.spanOf(path); return text.slice(s.from, s.to); };
    expect(at(['metadata', 'name'])).toBe('name: "q"');
    expect(at(['metadata', 'labels'])).toBe('labels: {}');
    expect(at(['metadata'])).toBe('metadata: {name: "q", labels: {}}');
  });

  it('reports a namespace of the wrong type at that field', () => {
    const { diagnostics, objects } = parseManifests('kind: Pod\nmetadata:\n  name: a\n  namespace: 7\n');
    expect(objects).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.span.line, d.message])).toEqual([
      ['wrong-type', 4, '`metadata.namespace` must be a string, but it is the number 7.'],
    ]);
  });

  it('ignores empty documents and comment-only text', () => {
    expect(parseManifests('# nothing here\n---\n---\n').objects).toEqual([]);
    expect(parseManifests('').diagnostics).toEqual([]);
  });

  it('survives hostile input without throwing', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const aliases = 'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n';
    expect(() => parseManifests(deep)).not.toThrow();
    expect(parseManifests(deep).diagnostics[0]?.code).toBe('yaml-syntax');
    expect(() => parseManifests(aliases)).not.toThrow();
    expect(() => parseManifests('\u0000\uffff: [')).not.toThrow();
  });
});

describe('alias bombs', () => {
  const bomb = (levels: number) => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  };

  it('refuses a document whose aliases expand without bound, and keeps the others', () => {
    const { objects, diagnostics } = parseManifests(bomb(12));
    expect(objects.map((o) => o.name)).toEqual(['ok']);
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['yaml-excessive-aliasing', 4]]);
  });

  it('accepts ordinary anchors and aliases', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: &l {app: a}}\nspec:\n  containers:\n    - name: c\n      env: &e [{name: A, value: "1"}]\n    - name: d\n      env: *e\n';
    const { objects, diagnostics } = parseManifests(text);
    expect(diagnostics).toEqual([]);
    expect(objects).toHaveLength(1);
  });
});
