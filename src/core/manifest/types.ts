/** Where something sits in the text the user pasted. Lines and columns are 1-based. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Offsets into the whole text, end-exclusive; what an editor selects. */
  readonly from: number;
  readonly to: number;
  /** The file the text came from, when there is more than one (the CLI); absent for the editor. */
  readonly source?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** An expected problem with the input: collected and reported, never thrown. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly span: SourceSpan;
}

/**
 * One Kubernetes object as pasted, with a way back to the text: `spanOf` maps a
 * field path (`spec.containers.0.ports.1.containerPort`) to its place in the source.
 */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** As written; undefined when the object does not say (cluster-scoped or defaulted later). */
  readonly namespace: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
  /** Index of the YAML document this object came from (items of a `List` share it). */
  readonly documentIndex: number;
  readonly span: SourceSpan;
  spanOf(path: readonly (string | number)[]): SourceSpan;
  /**
   * True for objects every cluster has that the simulator adds itself (CoreDNS, kube-dns);
   * their spans point into the simulator's own text, not into what the user pasted.
   */
  readonly builtin?: true;
}

export interface ParsedManifests {
  readonly objects: readonly ManifestObject[];
  readonly diagnostics: readonly Diagnostic[];
}
