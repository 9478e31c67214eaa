import { buildCluster } from '../core/index';
import { formatDiagnostic, readManifests } from './input';

export interface CheckResult {
  readonly output: string;
  readonly errors: number;
}

/** `check`: every problem in the manifests, then what the simulator built from them. */
export function checkCommand(options: { manifests: string }): CheckResult {
  const cluster = buildCluster(readManifests(options.manifests));
  const order = { error: 0, warning: 1, info: 2 } as const;
  const diagnostics = [...cluster.diagnostics].sort(
    (a, b) =>
      (a.span.source ?? '').localeCompare(b.span.source ?? '') || a.span.line - b.span.line || order[a.severity] - order[b.severity],
  );
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const userPods = cluster.pods.filter((p) => !p.implicit);
  const generated = userPods.filter((p) => p.generated).length;
  const lines = [
    ...diagnostics.map((d) => formatDiagnostic(d, options.manifests)),
    `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
    `model: ${cluster.nodes.length} node(s), ${cluster.namespaces.length} namespace(s), ${userPods.length} pod(s) (${generated} from workload templates), ` +
      `${cluster.services.filter((s) => !s.implicit).length} service(s)` +
      (cluster.pods.some((p) => p.implicit) ? ', plus CoreDNS and kube-dns, which every cluster has' : ''),
  ];
  return { output: lines.join('\n'), errors: count('error') };
}
