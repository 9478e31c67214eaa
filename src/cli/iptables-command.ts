import { buildCluster, generateIptables, nodeDump, restorePayload, type ClusterSettings, type IptablesRevision } from '../core/index';
import { CliError } from './errors';
import { formatDiagnostic, readManifests } from './input';

export interface IptablesCommandOptions {
  readonly manifests: string;
  readonly settings?: ClusterSettings;
  /** The node whose rules to print; may be left out when the cluster has one node. */
  readonly node: string | undefined;
  /** Only kube-proxy's `iptables-restore` payload (no built-in chain hooks, no canaries). */
  readonly payload: boolean;
  readonly revision: string | undefined;
}

const REVISIONS: readonly IptablesRevision[] = ['v1.31', 'v1.28'];

/**
 * `iptables`: the rules kube-proxy in iptables mode keeps on one node, as that node's
 * `iptables-save` prints them (stamped with the current time, as iptables-save does), or with
 * `--payload` exactly what kube-proxy hands `iptables-restore`.
 */
export function iptablesCommand(options: IptablesCommandOptions, now: Date = new Date()): string {
  const cluster = buildCluster(readManifests(options.manifests), options.settings);
  for (const d of cluster.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(`${formatDiagnostic(d, options.manifests)}\n`);
  const names = cluster.nodes.map((n) => n.name);
  const node = options.node ?? (names.length === 1 ? names[0] : undefined);
  if (node === undefined) throw new CliError(`iptables needs --node (one of ${names.join(', ')})`);
  if (!names.includes(node)) throw new CliError(`there is no node "${node}" in the cluster; its nodes are ${names.join(', ')}`);
  const revision = options.revision ?? 'v1.31';
  if (!REVISIONS.includes(revision as IptablesRevision)) throw new CliError(`--kube-proxy-revision must be one of ${REVISIONS.join(', ')}`);
  const ruleset = generateIptables(cluster, node, { revision: revision as IptablesRevision });
  return options.payload ? restorePayload(ruleset) : nodeDump(ruleset, { generatedAt: now });
}
