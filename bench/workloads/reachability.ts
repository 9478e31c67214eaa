/**
 * The whole-cluster reachability matrix under NetworkPolicies (issue 4): 1,000 pods with 100
 * policies, 5,000 with 500, 20,000 with 2,000, over the generated dumps' realistic label sets
 * (bench/generate/dump.ts makes N/10 policies). The cluster is built in setup; only the matrix
 * is timed. Pods fall into equivalence classes (what policies select them, which rules admit
 * them, what their named ports resolve to), so the work grows with the number of classes, not
 * with pods².
 *
 * `reachability matrix` is the compact matrix (`reachabilityMatrix`: every cell, as indexes into
 * the distinct cells). `reachability cells written out` is `reachability`, the same matrix with
 * one `cells[from][to]` entry per pair of workloads, as the UI reads it today: workloads² entries,
 * so only for the two smaller dumps.
 */
import { buildCluster, parseManifests, reachability, reachabilityMatrix } from '../../src/core/index';
import { cachedDump } from '../generate/dump';
import { defineWorkload } from '../harness';

const sizes = (pods: number) => `${pods.toLocaleString('en-US')} pods / ${(pods / 10).toLocaleString('en-US')} policies`;

const setup = (pods: number) => () => {
  const dump = cachedDump({ pods, managedFields: false, endpointSlices: false });
  return buildCluster(parseManifests(dump.yaml), dump.settings);
};

const matrix = (pods: number, iterations: number) =>
  defineWorkload({
    name: `reachability matrix ${sizes(pods)}`,
    iterations,
    warmup: 1,
    setup: setup(pods),
    run: (cluster) => reachabilityMatrix(cluster).distinctCells.length,
  });

const writtenOut = (pods: number, iterations: number) =>
  defineWorkload({
    name: `reachability cells written out ${sizes(pods)}`,
    iterations,
    warmup: 1,
    setup: setup(pods),
    run: (cluster) => reachability(cluster).workloads.length,
  });

export const reachabilityWorkloads = [
  matrix(1_000, 10),
  matrix(5_000, 5),
  matrix(20_000, 5),
  writtenOut(1_000, 5),
  writtenOut(5_000, 3),
];
