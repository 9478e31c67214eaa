import { constructFromEvents, parseEvents, YAMLException } from 'js-yaml';
import { expandedNodeCount } from './alias-limit';
import { splitDocuments, type DocumentSlice } from './documents';
import { collectPositions, type FieldPath } from './positions';
import { treePositions, type DocumentPositions } from './position-index';
import { readSubsetDocument } from './subset-reader';
import { SubsetContext } from './subset-context';
import { looksLikeJson, readJsonDocument } from './json-reader';
import { TextIndex } from './text-index';
import { dropUnreadFields } from './unread-fields';
import { apiVersionProblem, SERVED_VERSIONS } from './api-versions';
import { describeValue, manifestMessages } from './messages';
import type { Diagnostic, ManifestObject, ParsedManifests, SourceSpan } from './types';

type Body = Record<string, unknown>;

/**
 * Aliases may multiply a document's size by at most this much, beyond a floor that any sane
 * use of anchors stays under (Kubernetes' YAML reader applies a similar ratio).
 */
const ALIAS_EXPANSION_RATIO = 10;
const ALIAS_EXPANSION_FLOOR = 100_000;

/** Several files read as one input (a directory of manifests): objects and diagnostics keep their file in `span.source`. */
export function mergeManifests(parts: readonly ParsedManifests[]): ParsedManifests {
  return { objects: parts.flatMap((p) => p.objects), diagnostics: parts.flatMap((p) => p.diagnostics) };
}

export interface ParseOptions {
  /** The file the text came from, kept in every span (the CLI reads several). */
  readonly source?: string;
  /**
   * `subset-first` (the default) reads each document with the fast reader of subset-reader.ts
   * (or, for a JSON document, json-reader.ts) and falls back to js-yaml for documents outside
   * what they read; `js-yaml` reads every document with js-yaml. Both give the same objects,
   * spans and diagnostics (subset-reader.test.ts, json-reader.test.ts).
   */
  readonly yamlReader?: 'subset-first' | 'js-yaml';
  /**
   * `model` (the default) leaves out of each body the fields that nothing reads (unread-fields.ts),
   * in YAML documents, whichever reader reads them; a JSON document is kept whole (JSON.parse builds
   * it natively, and deleting fields afterwards would cost more than keeping them). `all` keeps
   * every field as written.
   */
  readonly fields?: 'model' | 'all';
}

/**
 * Reads the text a person pasted: multi-document YAML, JSON, and `kind: List` / `PodList`
 * dumps. Never throws on bad input: each broken document becomes a diagnostic at its line,
 * and the other documents still load.
 */
export function parseManifests(text: string, options: ParseOptions = {}): ParsedManifests {
  const index = new TextIndex(text, options.source);
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const dropUnread = options.fields !== 'all';
  const subset = options.yamlReader === 'js-yaml' ? undefined : new SubsetContext(text, dropUnread);

  splitDocuments(text, index).forEach((slice, documentIndex) => {
    const end = slice.offset + slice.text.length;
    const json = looksLikeJson(text, slice.offset, end);
    const fast =
      subset && (json ? readJsonDocument(subset, slice.offset, end) : readSubsetDocument(subset, slice.offset, end));
    const read: ReadDocument | undefined =
      fast?.ok === true ? { values: [fast.value], positions: subset!.index.document(fast.root) } : readWithJsYaml(slice, index, diagnostics);
    if (read === undefined) return;
    const { values, positions } = read;
    const value = values.find((v) => v !== null && v !== undefined);
    if (value === undefined) return;
    // The subset reader leaves them out as it reads, unless an object's kind came late.
    if (dropUnread && !json && !(fast?.ok === true && fast.unreadLeftOut === true)) dropUnreadFields(value);
    const documentSpan = spanAt(positions, [], index) ?? index.span(slice.offset, slice.offset + slice.text.length);
    if (!isMapping(value)) {
      diagnostics.push({ severity: 'error', ...manifestMessages.notAnObject(describeValue(value)), span: documentSpan });
      return;
    }
    const reader = new ObjectReader(index, positions, documentIndex, objects, diagnostics);
    reader.read(value, [], undefined);
  });

  return { objects, diagnostics };
}

interface ReadDocument {
  readonly values: readonly unknown[];
  readonly positions: DocumentPositions | undefined;
}

/** js-yaml reads any YAML; a syntax error or an alias bomb becomes a diagnostic and gives undefined. */
function readWithJsYaml(slice: DocumentSlice, index: TextIndex, diagnostics: Diagnostic[]): ReadDocument | undefined {
  try {
    const events = parseEvents(slice.text, {});
    const expanded = expandedNodeCount(events, slice.text);
    if (expanded > Math.max(ALIAS_EXPANSION_FLOOR, ALIAS_EXPANSION_RATIO * events.length)) {
      const line = index.position(slice.offset).line;
      diagnostics.push({ severity: 'error', ...manifestMessages.excessiveAliasing(expanded), span: index.lineSpan(line) });
      return undefined;
    }
    // One parse serves both: the values are built from the same events the positions come from.
    const values = constructFromEvents(events, { source: slice.text });
    return { values, positions: treePositions(collectPositions(slice.text, slice.offset, events)) };
  } catch (error) {
    diagnostics.push(syntaxDiagnostic(error, slice.offset, index));
    return undefined;
  }
}

class ObjectReader {
  constructor(
    private readonly index: TextIndex,
    private readonly positions: DocumentPositions | undefined,
    private readonly documentIndex: number,
    private readonly objects: ManifestObject[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  read(body: Body, prefix: FieldPath, impliedKind: string | undefined): void {
    const span = this.spanOf(prefix);
    const kind = typeof body.kind === 'string' && body.kind !== '' ? body.kind : impliedKind;
    if (kind === undefined) {
      this.diagnostics.push({ severity: 'error', ...manifestMessages.missingKind(), span });
      return;
    }
    if (/List$/.test(kind) && Array.isArray(body.items)) {
      // `kubectl get -o yaml` prints a `List`; typed lists (`PodList`) may omit each item's kind.
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      body.items.forEach((item, i) => {
        const itemPath = [...prefix, 'items', i];
        if (isMapping(item)) this.read(item, itemPath, itemKind);
        else this.error(manifestMessages.notAnObject(describeValue(item)), itemPath);
      });
      return;
    }
    const metadata = body.metadata;
    if (metadata !== undefined && !isMapping(metadata)) {
      this.error(manifestMessages.wrongType('metadata', 'a mapping', describeValue(metadata)), [...prefix, 'metadata']);
      return;
    }
    const name = metadata?.name;
    if (typeof name !== 'string' || name === '') {
      this.error(manifestMessages.missingName(kind), metadata === undefined ? prefix : [...prefix, 'metadata']);
      return;
    }
    const namespace = metadata?.namespace;
    if (namespace !== undefined && typeof namespace !== 'string') {
      this.error(
        manifestMessages.wrongType('metadata.namespace', 'a string', describeValue(namespace)),
        [...prefix, 'metadata', 'namespace'],
      );
      return;
    }
    const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
    // Items of typed lists (`PodList`) legitimately leave apiVersion out; top-level objects need it.
    if (apiVersion === '' && impliedKind === undefined && prefix.length === 0) {
      this.diagnostics.push({ severity: 'warning', ...manifestMessages.missingApiVersion(kind, SERVED_VERSIONS[kind]?.[0]), span });
    } else if (apiVersion !== '') {
      const problem = apiVersionProblem(kind, apiVersion);
      if (problem !== undefined) {
        this.diagnostics.push({ severity: 'warning', ...manifestMessages.wrongApiVersion(problem), span: this.spanOf([...prefix, 'apiVersion']) });
      }
    }
    this.objects.push({
      apiVersion,
      kind,
      name,
      namespace,
      body,
      documentIndex: this.documentIndex,
      span,
      spanOf: this.objectSpanOf(prefix),
    });
  }

  /**
   * `spanOf` for the object at `prefix`: the same as `spanOf([...prefix, ...path])`, with the
   * object's own place found once rather than on every call (a big cluster asks millions).
   */
  private objectSpanOf(prefix: FieldPath): (path: FieldPath) => SourceSpan {
    let object: DocumentPositions | undefined | null = null;
    return (path) => {
      if (object === null) object = this.positions?.at(prefix);
      // Without the object's own node, no field inside it is written out: look at its ancestors.
      if (object === undefined) return this.spanOf(prefix);
      for (let length = path.length; length >= 0; length--) {
        const found = object.lookup(length === path.length ? path : path.slice(0, length));
        if (found !== undefined) return this.index.span(found.from, found.to);
      }
      // Unreachable: the object's own node answers the empty path.
      return this.spanOf(prefix);
    };
  }

  private error(text: { code: string; message: string }, path: FieldPath): void {
    this.diagnostics.push({ severity: 'error', ...text, span: this.spanOf(path) });
  }

  /** The span of the field, or of its nearest ancestor that is written out in the text. */
  private spanOf(path: FieldPath): SourceSpan {
    for (let length = path.length; length >= 0; length--) {
      const span = spanAt(this.positions, path.slice(0, length), this.index);
      if (span !== undefined) return span;
    }
    return this.index.span(0, 0);
  }
}

function spanAt(positions: DocumentPositions | undefined, path: FieldPath, index: TextIndex): SourceSpan | undefined {
  const found = positions?.lookup(path);
  return found === undefined ? undefined : index.span(found.from, found.to);
}

function syntaxDiagnostic(error: unknown, offset: number, index: TextIndex): Diagnostic {
  if (error instanceof YAMLException) {
    const at = offset + (error.mark?.position ?? 0);
    const lineSpan = index.lineSpan(index.position(at).line);
    return {
      severity: 'error',
      ...manifestMessages.yamlSyntax(error.reason),
      span: index.span(at, Math.max(at, lineSpan.to)),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { severity: 'error', ...manifestMessages.yamlSyntax(message), span: index.lineSpan(index.position(offset).line) };
}

export function isMapping(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
