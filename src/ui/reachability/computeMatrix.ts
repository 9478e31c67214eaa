/**
 * What the worker runs, kept apart from the worker's message plumbing so that a Node test can
 * run it: the editor's text through parseManifests → buildCluster → reachabilityMatrix (compact: it
 * grows with the kinds of workload, not with their pairs, and crosses postMessage as typed arrays).
 */
import { buildCluster, parseManifests, reachabilityMatrix } from '../../core';
import type { MatrixRequest, MatrixResponse } from './workerProtocol';

export function computeMatrix(request: MatrixRequest): MatrixResponse {
  try {
    const parsed = parseManifests(request.text);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) {
      return { id: request.id, ok: false, message: `The YAML has ${errors} error${errors === 1 ? '' : 's'}; fix them to compute the matrix.` };
    }
    const cluster = buildCluster(parsed, request.settings);
    return { id: request.id, ok: true, reachability: reachabilityMatrix(cluster, request.query) };
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, message: `The simulator failed on this input (a bug, please report it): ${message}` };
  }
}
