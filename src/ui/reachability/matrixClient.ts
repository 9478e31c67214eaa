/**
 * The page's side of the reachability worker. The worker starts on the first request. At most
 * one request runs at a time; a newer one waits, and replaces any older one still waiting, whose
 * caller gets `superseded` (the store also ignores answers to requests that are not its latest).
 */
import type { MatrixRequest, MatrixResponse } from './workerProtocol';

export type MatrixOutcome = MatrixResponse | { readonly id: number; readonly ok: false; readonly superseded: true; readonly message: string };

interface Pending {
  readonly request: MatrixRequest;
  readonly resolve: (outcome: MatrixOutcome) => void;
}

let worker: Worker | undefined;
let running: Pending | undefined;
let waiting: Pending | undefined;

function failAll(message: string): void {
  for (const p of [running, waiting]) p?.resolve({ id: p.request.id, ok: false, message });
  running = undefined;
  waiting = undefined;
  worker?.terminate();
  worker = undefined;
}

function start(): Worker {
  const created = new Worker(new URL('./reachability.worker.ts', import.meta.url), { type: 'module', name: 'reachability' });
  created.addEventListener('message', (event: MessageEvent<MatrixResponse>) => {
    const done = running;
    running = undefined;
    if (done && done.request.id === event.data.id) done.resolve(event.data);
    next();
  });
  created.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    failAll(`The matrix could not be computed: ${event.message || 'the worker failed to start'}.`);
  });
  created.addEventListener('messageerror', () => failAll('The matrix could not be computed: the worker sent a message the page cannot read.'));
  return created;
}

function next(): void {
  if (running || !waiting) return;
  running = waiting;
  waiting = undefined;
  worker ??= start();
  worker.postMessage(running.request);
}

/** Computes the matrix in the worker. Never rejects: failures come back as `ok: false`. */
export function computeInWorker(request: MatrixRequest): Promise<MatrixOutcome> {
  return new Promise((resolve) => {
    waiting?.resolve({ id: waiting.request.id, ok: false, superseded: true, message: 'A newer request replaced this one.' });
    waiting = { request, resolve };
    next();
  });
}
