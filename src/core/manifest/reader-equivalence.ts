/**
 * Test support: checks that the subset reader and js-yaml read a text the same way, document by
 * document (values, and the source range of every field) and as a whole (parseManifests' objects,
 * spans and diagnostics). Used by subset-reader.test.ts; not part of the app.
 */
import { constructFromEvents, parseEvents } from 'js-yaml';
import { splitDocuments } from './documents';
import { parseManifests } from './parse';
import { collectPositions, lookup, type FieldPath, type PositionNode } from './positions';
import { readSubsetDocument, type SubsetResult } from './subset-reader';
import { SubsetContext } from './subset-context';

export interface Comparison {
  /** Documents the subset reader read (and that matched js-yaml). */
  readonly read: number;
  /** Why it declined the others. */
  readonly declined: readonly string[];
}

/**
 * Throws with the first difference between a fast reader (the subset reader unless told, or the
 * JSON reader) and js-yaml on any document of `text`.
 */
export function compareDocuments(
  text: string,
  readDocument: (context: SubsetContext, from: number, to: number) => SubsetResult = readSubsetDocument,
): Comparison {
  const context = new SubsetContext(text);
  let read = 0;
  const declined: string[] = [];
  for (const slice of splitDocuments(text)) {
    const result = readDocument(context, slice.offset, slice.offset + slice.text.length);
    if (!result.ok) {
      if (result.reason.startsWith('unexpected')) throw new Error(`the fast reader failed: ${result.reason}\n--- document:\n${slice.text}`);
      declined.push(result.reason);
      continue;
    }
    read++;
    let events;
    let values;
    try {
      events = parseEvents(slice.text, {});
      values = constructFromEvents(events, { source: slice.text });
    } catch (error) {
      throw new Error(`the subset reader read a document that js-yaml refuses (${String(error)}):\n${slice.text}`, { cause: error });
    }
    if (values.length !== 1) throw new Error(`js-yaml read ${values.length} documents from one slice:\n${slice.text}`);
    const difference = firstDifference(result.value, values[0], '$');
    if (difference !== undefined) throw new Error(`values differ: ${difference}\n--- document:\n${slice.text}`);
    const tree = collectPositions(slice.text, slice.offset, events);
    const positions = context.index.document(result.root);
    for (const path of pathsToProbe(tree, result.value)) {
      const fast = positions.lookup(path);
      const slow = lookup(tree, path);
      if (fast?.from !== slow?.from || fast?.to !== slow?.to) {
        throw new Error(
          `positions differ at ${JSON.stringify(path)}: subset ${JSON.stringify(fast)}, js-yaml ${JSON.stringify(slow && { from: slow.from, to: slow.to })}\n--- document:\n${slice.text}`,
        );
      }
    }
  }
  return { read, declined };
}

/**
 * Throws unless parseManifests gives the same objects, spans and diagnostics with either reader,
 * with every field kept and with the unread ones left out (which the subset reader does as it
 * reads, and js-yaml's values afterwards).
 */
export function compareParses(text: string): void {
  compareParsesWith(text, 'model');
  compareParsesWith(text, 'all');
}

function compareParsesWith(text: string, fields: 'model' | 'all'): void {
  const fast = parseManifests(text, { fields });
  const slow = parseManifests(text, { yamlReader: 'js-yaml', fields });
  const diagnostics = firstDifference(fast.diagnostics, slow.diagnostics, 'diagnostics');
  if (diagnostics !== undefined) throw new Error(`${diagnostics}\n--- text:\n${text}`);
  if (fast.objects.length !== slow.objects.length) throw new Error(`${fast.objects.length} objects vs ${slow.objects.length}\n--- text:\n${text}`);
  fast.objects.forEach((object, i) => {
    const other = slow.objects[i]!;
    const { body, spanOf, ...facts } = object;
    const { body: otherBody, spanOf: otherSpanOf, ...otherFacts } = other;
    const difference = firstDifference(facts, otherFacts, `objects[${i}]`) ?? firstDifference(body, otherBody, `objects[${i}].body`);
    if (difference !== undefined) throw new Error(`${difference}\n--- text:\n${text}`);
    for (const path of valuePaths(body, [])) {
      const a = spanOf(path);
      const b = otherSpanOf(path);
      const spans = firstDifference(a, b, `objects[${i}].spanOf(${JSON.stringify(path)})`);
      if (spans !== undefined) throw new Error(`${spans}\n--- text:\n${text}`);
    }
  });
}

/**
 * Strict structural equality: same prototypes, same keys in the same order, numbers compared
 * with Object.is (so -0 is not 0 and NaN is NaN). Undefined when equal, else where they differ.
 */
export function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${at}: ${describe(a)} vs ${describe(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: different prototypes`;
  const aKeys = Reflect.ownKeys(a);
  const bKeys = Reflect.ownKeys(b);
  if (aKeys.length !== bKeys.length || aKeys.some((key, i) => key !== bKeys[i])) {
    return `${at}: keys [${aKeys.map(String).join(', ')}] vs [${bKeys.map(String).join(', ')}]`;
  }
  for (const key of aKeys) {
    const difference = firstDifference((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], `${at}.${String(key)}`);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return `${typeof value} ${String(value)}`;
}

/** Every path of the js-yaml position tree and of the value, plus paths that must miss. */
function pathsToProbe(tree: PositionNode | undefined, value: unknown): FieldPath[] {
  const paths: FieldPath[] = [];
  const walkTree = (node: PositionNode, path: (string | number)[]) => {
    paths.push(path);
    node.keys?.forEach((child, key) => walkTree(child, [...path, key]));
    node.items?.forEach((child, i) => walkTree(child, [...path, i]));
    const size = node.items?.length ?? node.keys?.size ?? 0;
    paths.push([...path, 'no such key'], [...path, size], [...path, -1], [...path, 0], [...path, 'x'], [...path, 0.5], [...path, 0, 'deeper']);
  };
  if (tree !== undefined) walkTree(tree, []);
  paths.push(...valuePaths(value, []));
  return paths;
}

function valuePaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...valuePaths(item, [...path, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) paths.push(...valuePaths(child, [...path, key]));
  }
  return paths;
}
