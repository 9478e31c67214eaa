import { parseArgs } from 'node:util';
import { CNI_PLUGINS, DEFAULT_SETTINGS, validateSettings, withCni, type ClusterSettings, type CniPlugin } from '../core/index';
import { CliError } from './errors';
import { checkCommand } from './check-command';
import { iptablesCommand } from './iptables-command';
import { explainCommand, reachCommand } from './reach-command';
import { traceCommand } from './trace-command';

const USAGE = `usage:
  kpp trace --manifests FILE_OR_DIR --from NS/POD[/CONTAINER]|node/NAME|external[:IP] --to NS/POD:PORT[/PROTO]|svc/NS/NAME:PORT|NAME:PORT|IP:PORT|node/NAME:PORT [--json]
            [--cni flannel-vxlan|flannel-host-gw|bridge|calico-ipip|calico-vxlan|calico-bgp|weave|weave-sleeve|cilium-vxlan|cilium-native]
            [--nodes NAME,NAME,...] [--size BYTES [--df]]
  kpp check --manifests FILE_OR_DIR
  kpp iptables --manifests FILE_OR_DIR --node NODE [--cni …] [--nodes NAME,…] [--payload]
            [--kube-proxy-revision v1.31|v1.28]
  kpp reach --manifests FILE_OR_DIR [--format txt|json|csv|md|map] [--ip-block-matches-pods]
  kpp explain --manifests FILE_OR_DIR --from SOURCE --to DEST[:PORT[/PROTO]] [--json] [--ip-block-matches-pods]

  trace   follow one connection hop by hop, and its reply
          --json prints the trace (verdict, hops[], reply[]) as JSON
          --cni picks the CNI plugin (default flannel-vxlan); --nodes names the nodes
          when the manifests name none (pods are spread over them)
          --size gives the packet's IP total length in bytes; --df makes a UDP socket set
          don't-fragment (IP_PMTUDISC_DO), so a datagram over the path MTU fails with EMSGSIZE
  check   list every problem in the manifests (file:line:column) and what the model holds;
          exits 1 when there are errors
  iptables
          the rules kube-proxy (iptables mode) keeps on NODE, iptables-save style: its chains
          with their hashed names, and its hooks in the built-in chains; --payload prints only
          what kube-proxy hands iptables-restore; --node may be left out with one node
  reach   which workloads may connect to which under the NetworkPolicies, in the exact format of
          np-guard/netpol-analyzer's connlist (map: pod-level matrix)
  explain the NetworkPolicy verdict for one connection and the policies, rules, peers and ports
          that decided; SOURCE and DEST are ns/pod, ns/workload[Kind] or an outside IP address`;

interface Outcome {
  readonly output: string;
  readonly exitCode: number;
  /** Printed as is, without a final newline added (formats that must match another tool byte for byte). */
  readonly raw?: boolean;
}

function run(argv: readonly string[]): Outcome {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { output: USAGE, exitCode: 0 };
  if (command === 'check') {
    const { manifests } = options(rest, {});
    if (manifests === undefined) throw new CliError(`check needs --manifests\n\n${USAGE}`);
    const result = checkCommand({ manifests });
    return { output: result.output, exitCode: result.errors > 0 ? 1 : 0 };
  }
  if (command === 'reach') {
    const v = options(rest, { format: { type: 'string' }, 'ip-block-matches-pods': { type: 'boolean', default: false } });
    if (v.manifests === undefined) throw new CliError(`reach needs --manifests\n\n${USAGE}`);
    const format = typeof v.format === 'string' ? v.format : undefined;
    // The analyzer's formats end exactly as it prints them; nothing is appended.
    return { output: reachCommand({ manifests: v.manifests, ...(format === undefined ? {} : { format }), ipBlockMatchesPods: v['ip-block-matches-pods'] === true }), exitCode: 0, raw: true };
  }
  if (command === 'explain') {
    const v = options(rest, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false }, 'ip-block-matches-pods': { type: 'boolean', default: false } });
    if (v.manifests === undefined || typeof v.from !== 'string' || typeof v.to !== 'string') throw new CliError(`explain needs --manifests, --from and --to\n\n${USAGE}`);
    // `--to ns/pod:8080/TCP` names the port with the destination, as `trace` does.
    const match = /^(.*):(\d+(?:\/[A-Za-z]+)?)$/.exec(v.to);
    const to = match?.[1] ?? v.to;
    const port = match?.[2];
    return {
      output: explainCommand({ manifests: v.manifests, from: v.from, to, ...(port === undefined ? {} : { port }), json: v.json === true, ipBlockMatchesPods: v['ip-block-matches-pods'] === true }),
      exitCode: 0,
    };
  }
  if (command === 'iptables') {
    const v = options(rest, { node: { type: 'string' }, cni: { type: 'string' }, nodes: { type: 'string' }, payload: { type: 'boolean', default: false }, 'kube-proxy-revision': { type: 'string' } });
    if (v.manifests === undefined) throw new CliError(`iptables needs --manifests\n\n${USAGE}`);
    const node = typeof v.node === 'string' ? v.node : undefined;
    const revision = typeof v['kube-proxy-revision'] === 'string' ? v['kube-proxy-revision'] : undefined;
    // The dump ends with its own newline, as iptables-save's does.
    return { output: iptablesCommand({ manifests: v.manifests, settings: settingsFrom(v.cni, v.nodes), node, payload: v.payload === true, revision }), exitCode: 0, raw: true };
  }
  if (command !== 'trace') throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  const { manifests, from, to, json, cni, nodes, size, df } = options(rest, {
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    cni: { type: 'string' },
    nodes: { type: 'string' },
    size: { type: 'string' },
    df: { type: 'boolean', default: false },
  });
  const missing = [manifests === undefined && '--manifests', from === undefined && '--from', to === undefined && '--to'].filter(Boolean);
  if (manifests === undefined || typeof from !== 'string' || typeof to !== 'string') {
    throw new CliError(`trace needs ${missing.join(', ')}\n\n${USAGE}`);
  }
  const settings = settingsFrom(cni, nodes);
  // --size BYTES: the packet's IP total length (the core checks the range for the protocol).
  const bytes = typeof size === 'string' ? Number(size) : undefined;
  if (bytes !== undefined && !/^\d+$/.test(String(size))) throw new CliError(`--size takes a whole number of bytes, not "${String(size)}"`);
  return { output: traceCommand({ manifests, from, to, json: json === true, settings, ...(bytes === undefined ? {} : { size: bytes }), dontFragment: df === true }), exitCode: 0 };
}

/** Cluster settings from `--cni` and `--nodes`, checked as the UI checks them. */
function settingsFrom(cni: unknown, nodes: unknown): ClusterSettings {
  const settings: ClusterSettings = {
    ...DEFAULT_SETTINGS,
    // A known plugin brings its own defaults (Weave's 10.32.0.0/12, Cilium's ipBlock matching); an unknown one is reported below.
    ...(typeof cni === 'string' ? (CNI_PLUGINS.includes(cni as CniPlugin) ? withCni(DEFAULT_SETTINGS, cni as CniPlugin) : { cni: cni as CniPlugin }) : {}),
    ...(typeof nodes === 'string' ? { nodeNames: nodes.split(',').map((n) => n.trim()).filter(Boolean) } : {}),
  };
  const problems = validateSettings(settings);
  if (problems.length > 0) {
    const hint = problems.some((p) => p.field === 'cni') ? ` (one of ${CNI_PLUGINS.join(', ')})` : '';
    throw new CliError(`${problems.map((p) => `--${p.field === 'nodeNames' ? 'nodes' : p.field}: ${p.message}`).join('\n')}${hint}`);
  }
  return settings;
}

type OptionSpec = Record<string, { type: 'string' } | { type: 'boolean'; default: boolean }>;

/** Parses `--name value` flags; `--manifests` is common to every command. */
function options(args: readonly string[], spec: OptionSpec): Record<string, string | boolean | undefined> & { manifests?: string } {
  try {
    const { values } = parseArgs({ args: [...args], options: { manifests: { type: 'string' }, ...spec }, strict: true });
    return values as Record<string, string | boolean | undefined> & { manifests?: string };
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

try {
  const outcome = run(process.argv.slice(2));
  process.stdout.write(outcome.raw === true ? outcome.output : `${outcome.output}\n`);
  process.exitCode = outcome.exitCode;
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
