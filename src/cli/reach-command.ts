import type { Diagnostic } from '../core/index';
import {
  CONNLIST_FORMATS,
  buildConnlist,
  evaluate,
  formatConnections,
  formatConnectionsMap,
  formatConnlist,
  readConnlistInput,
  allowedConnections,
  type Connlist,
  type ConnlistFormat,
  type PolicyEndpoint,
  type PolicyVerdict,
  type Protocol,
} from '../core/policy/index';
import { CliError } from './errors';
import { formatDiagnostic, readManifests } from './input';

export type ReachFormat = ConnlistFormat | 'map';

export interface ReachOptions {
  readonly manifests: string;
  /** txt (default), json, csv, md as netpol-analyzer's `list -o`; `map` for the pod-level matrix. */
  readonly format?: string;
  /** Match ipBlocks against pod IPs too (as Calico and Cilium do); off by default, as the analyzer. */
  readonly ipBlockMatchesPods?: boolean;
  /** Where problems in the manifests are reported; stderr by default. */
  readonly warn?: (line: string) => void;
}

/**
 * `reach`: which workloads (and outside address blocks) may open which connections to which,
 * in netpol-analyzer's `connlist` format. The text is returned exactly as the analyzer prints
 * it (txt, csv and md end with a newline, json does not): write it without adding one.
 */
export function reachCommand(options: ReachOptions): string {
  const format = (options.format ?? 'txt') as ReachFormat;
  if (format !== 'map' && !CONNLIST_FORMATS.includes(format)) {
    throw new CliError(`unknown format "${options.format}"; use one of ${[...CONNLIST_FORMATS, 'map'].join(', ')}`);
  }
  const connlist = loadConnlist(options);
  return format === 'map' ? formatConnectionsMap(connlist) : formatConnlist(connlist.connections, format);
}

function loadConnlist(options: { manifests: string; ipBlockMatchesPods?: boolean; warn?: (line: string) => void }): Connlist {
  const parsed = readManifests(options.manifests);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const input = readConnlistInput(parsed.objects, diagnostics);
  const connlist = buildConnlist([input], { ipBlockMatchesPods: options.ipBlockMatchesPods === true });
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const d of [...diagnostics, ...connlist.diagnostics]) {
    if (d.severity !== 'info') warn(formatDiagnostic(d, options.manifests));
  }
  return connlist;
}

export interface ExplainOptions {
  readonly manifests: string;
  /** `ns/pod`, `ns/workload`, `ns/workload[Kind]`, or an IP address outside the cluster. */
  readonly from: string;
  readonly to: string;
  /** `8080` or `8080/UDP`; without it, the whole allowed connection set is shown. */
  readonly port?: string;
  readonly json?: boolean;
  readonly ipBlockMatchesPods?: boolean;
  readonly warn?: (line: string) => void;
}

/** `explain`: the NetworkPolicy verdict for one connection, with every policy, rule, peer and port that decided. */
export function explainCommand(options: ExplainOptions): string {
  const connlist = loadConnlist(options);
  const from = endpointFor(connlist, options.from);
  const to = endpointFor(connlist, options.to);
  const allowed = allowedConnections(connlist.world, from, to);
  if (options.port === undefined) {
    const text = formatConnections(allowed);
    return options.json === true ? JSON.stringify({ from: options.from, to: options.to, allowed: text }, null, 2) : `${options.from} => ${options.to} : ${text}`;
  }
  const { port, protocol } = parsePort(options.port);
  const verdict = evaluate(connlist.world, from, to, port, protocol);
  return options.json === true ? JSON.stringify(verdict, null, 2) : renderVerdict(verdict, formatConnections(allowed));
}

function renderVerdict(verdict: PolicyVerdict, allowed: string): string {
  const side = (name: string, s: PolicyVerdict['egress']) => {
    const lines = [`${name}: ${s.kind}`];
    if (s.kind === 'allowed') lines.push(...s.allows.map((a) => `  ${a.message} (line ${a.ruleSpan.line})`));
    else if (s.kind === 'denied') lines.push(...s.denials.map((d) => `  ${d.message} (line ${d.policy.span.line})`));
    else lines.push(`  ${s.message}`);
    return lines.join('\n');
  };
  return [
    `verdict: ${verdict.allowed ? 'allowed' : 'denied'}`,
    verdict.message,
    '',
    side('egress (source side)', verdict.egress),
    side('ingress (destination side)', verdict.ingress),
    '',
    `all allowed connections: ${allowed}`,
  ].join('\n');
}

function parsePort(text: string): { port: number; protocol: Protocol } {
  const match = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(text.trim());
  const port = match === null ? NaN : Number(match[1]);
  if (match === null || port < 1 || port > 65535) throw new CliError(`--port must be PORT or PORT/PROTOCOL (TCP, UDP, SCTP), e.g. 8080/TCP; got "${text}"`);
  return { port, protocol: (match[2]?.toUpperCase() ?? 'TCP') as Protocol };
}

function endpointFor(connlist: Connlist, name: string): PolicyEndpoint {
  if (/^[0-9.]+$|:/.test(name)) return { kind: 'external', ip: name };
  for (const workload of connlist.workloads) {
    const bare = workload.peer.replace(/\[[^\]]*\]$/, '');
    const podIds = workload.podNames.map((pod) => `${workload.pod.namespace}/${pod}`);
    if (workload.peer === name || bare === name) return { kind: 'pod', pod: workload.pod };
    if (podIds.includes(name)) return { kind: 'pod', pod: { ...workload.pod, name: name.slice(name.indexOf('/') + 1) } };
  }
  throw new CliError(`"${name}" is neither a pod or workload in the manifests (ns/name or ns/name[Kind]) nor an IP address`);
}
