/** netpol-analyzer-compatible `connlist` over manifests. */
export type { ConnlistInput, WorkloadPod } from './read-input';
export type { Connlist, ConnlistConnection } from './connlist';
export type { ConnlistFormat } from './format';
export { readConnlistInput } from './read-input';
export { buildConnlist, joinConnlistInputs, externalAtoms } from './connlist';
export { formatConnlist, formatConnectionsMap, CONNLIST_FORMATS } from './format';
