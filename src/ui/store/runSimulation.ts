/**
 * Runs the core on the editor's text and the settings in effect. No networking here: this
 * only calls parseManifests → buildCluster → buildTopology and reports what came back.
 */
import { buildCluster, buildTopology, parseManifests } from '../../core';
import type { Cluster, ClusterSettings, Diagnostic, Topology } from '../../core';

/** What the diagram needs from one good run of the core. */
export interface Model {
  readonly cluster: Cluster;
  readonly topology: Topology;
}

export interface SimulationOutcome {
  /** Every diagnostic for this text, parse and cluster, in text order, each once. */
  readonly diagnostics: readonly Diagnostic[];
  /** Undefined when the text could not be built into a cluster. */
  readonly model: Model | undefined;
}

const isError = (d: Diagnostic): boolean => d.severity === 'error';

/** A diagnostic for a bug in the core, so the user sees something instead of a blank page. */
function internalError(error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  return {
    severity: 'error',
    code: 'internal-error',
    message: `The simulator failed on this input (a bug, please report it): ${message}`,
    span: { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 },
  };
}

const byPosition = (a: Diagnostic, b: Diagnostic): number => a.span.from - b.span.from;

/**
 * The parse diagnostics and the cluster's, each once: `buildCluster` passes the parse
 * diagnostics on in its own list, and the same object must not be listed twice.
 */
function merged(parsed: readonly Diagnostic[], cluster: readonly Diagnostic[]): Diagnostic[] {
  return [...new Set([...parsed, ...cluster])].sort(byPosition);
}

/**
 * Text with syntax errors is still built, so the problems of its good documents are
 * listed too (as `kpp check` does), but its model is not used: the diagram keeps the last good one.
 */
export function runSimulation(text: string, settings: ClusterSettings): SimulationOutcome {
  try {
    const parsed = parseManifests(text);
    const cluster = buildCluster(parsed, settings);
    const diagnostics = merged(parsed.diagnostics, cluster.diagnostics);
    if (parsed.diagnostics.some(isError)) return { diagnostics, model: undefined };
    return { diagnostics, model: { cluster, topology: buildTopology(cluster) } };
  } catch (error: unknown) {
    return { diagnostics: [internalError(error)], model: undefined };
  }
}
