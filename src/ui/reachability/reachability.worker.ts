/**
 * The reachability worker: computes the whole matrix off the main thread, so a large cluster
 * never freezes the page. One request in, one response out, matched by id.
 */
import { computeMatrix } from './computeMatrix';
import type { MatrixRequest } from './workerProtocol';

addEventListener('message', (event: MessageEvent<MatrixRequest>) => {
  postMessage(computeMatrix(event.data));
});
