import type { Diagnostic, ManifestObject } from '../manifest/types';
import { isMapping } from '../manifest/parse';
import { readStringMap, reporterFor } from './read-template';
import type { Namespace } from './types';

/** The namespaces the API server creates in every cluster. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Pasted Namespaces, plus those every cluster has and those that objects use without declaring.
 * Each carries `kubernetes.io/metadata.name`, which the API server always sets (and overwrites),
 * so namespaceSelectors can rely on it.
 */
export function assembleNamespaces(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): Namespace[] {
  const namespaces = new Map<string, Namespace>();
  for (const object of objects) {
    if (object.kind !== 'Namespace' || namespaces.has(object.name)) continue;
    const metadata = isMapping(object.body.metadata) ? object.body.metadata : {};
    const labels = readStringMap(metadata.labels, ['metadata', 'labels'], reporterFor(object, diagnostics));
    namespaces.set(object.name, {
      name: object.name,
      labels: { ...labels, 'kubernetes.io/metadata.name': object.name },
      implicit: false,
      span: object.span,
    });
  }
  const implicit = (name: string) => {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { 'kubernetes.io/metadata.name': name }, implicit: true, span: undefined });
  };
  SYSTEM_NAMESPACES.forEach(implicit);
  for (const object of objects) {
    if (object.kind !== 'Namespace' && object.kind !== 'Node' && object.namespace !== undefined) implicit(object.namespace);
  }
  return [...namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
