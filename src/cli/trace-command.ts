import {
  buildCluster,
  parseDestination,
  parseSource,
  traceFlow,
  type Hop,
  type Packet,
  type Trace,
  type ClusterSettings,
} from '../core/index';
import { renderTable } from './table';
import { CliError } from './errors';
import { formatDiagnostic, readManifests } from './input';

export interface TraceOptions {
  readonly manifests: string;
  readonly settings?: ClusterSettings;
  readonly from: string;
  readonly to: string;
  readonly json: boolean;
  /** `--size BYTES`: the packet's IP total length; `--df`: a UDP socket with IP_PMTUDISC_DO. */
  readonly size?: number;
  readonly dontFragment?: boolean;
}

/** `trace`: follow one connection through the cluster the manifests describe. */
export function traceCommand(options: TraceOptions): string {
  const cluster = buildCluster(readManifests(options.manifests), options.settings);
  const warnings = cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, options.manifests));

  const source = parseSource(options.from);
  if (!source.ok) throw new CliError(source.error.message);
  const destination = parseDestination(nodeAddressed(options.to, cluster.nodes), source.value);
  if (!destination.ok) throw new CliError(destination.error.message);
  const packet = { ...(options.size === undefined ? {} : { size: options.size }), ...(options.dontFragment === true ? { dontFragment: true } : {}) };
  const result = traceFlow(cluster, { from: source.value, to: destination.value, ...packet });
  if (!result.ok) throw new CliError([...warnings, result.error.message].join('\n'));
  for (const warning of warnings) process.stderr.write(`${warning}\n`);

  return options.json ? JSON.stringify(result.trace, null, 2) : renderTrace(result.trace);
}

/**
 * `node/NAME:PORT[/PROTO]`: a port in a node's own network namespace (kubelet, a hostNetwork
 * pod), written as the node's address, which the core resolves to the node.
 */
function nodeAddressed(text: string, nodes: readonly { readonly name: string; readonly internalIP: string }[]): string {
  const match = /^\s*node\/([^:/\s]+):(.+)$/.exec(text);
  if (match === null) return text;
  const node = nodes.find((n) => n.name === match[1]);
  if (node === undefined) throw new CliError(`There is no node ${match[1] ?? ''} (nodes: ${nodes.map((n) => n.name).join(', ')}).`);
  return `${node.internalIP}:${match[2] ?? ''}`;
}

function renderTrace(trace: Trace): string {
  const rows = (hops: readonly Hop[], offset: number) =>
    hops.map((hop, i) => [String(offset + i + 1), hop.kind, hop.where, headers(hop.packet), hop.summary]);
  const header = ['#', 'kind', 'where', 'packet', 'what happens'];
  // A name is looked up first: its question's way to CoreDNS and back, numbered before the connection.
  const dns = trace.dns === undefined ? [] : [...trace.dns.hops, ...trace.dns.reply];
  return [
    `verdict: ${trace.verdict}`,
    trace.explanation,
    ...(dns.length === 0 ? [] : ['', 'dns lookup', renderTable(header, rows(dns, 0))]),
    '',
    'forward',
    renderTable(header, rows(trace.hops, dns.length)),
    '',
    'reply',
    renderTable(header, rows(trace.reply, dns.length + trace.hops.length)),
  ].join('\n');
}

function headers(packet: Packet): string {
  const l4 = packet.l4;
  const ports =
    l4.protocol === 'ICMP'
      ? `ICMP ${l4.type}/${l4.code}`
      : `${l4.protocol} ${l4.srcPort}→${l4.dstPort}${l4.flags === undefined ? '' : ` ${l4.flags}`}`;
  return `${packet.ip.src}→${packet.ip.dst} ttl ${packet.ip.ttl}${packet.ip.length === undefined ? '' : ` len ${packet.ip.length}`} ${ports}`;
}
