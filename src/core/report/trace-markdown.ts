/**
 * A trace as Markdown to paste into a ticket (GitHub-flavoured: tables, fenced code): the flow,
 * the verdict, why it ended so, the suggested fix, every hop with where / what / rule, and the
 * capture commands to check each hop on the real nodes. Plain text out; nothing is recomputed:
 * every sentence is one the trace already carries.
 */
import type { ClusterSettings } from '../cluster/types';
import { formatFlow } from '../trace/flow';
import type { Hop, Trace } from '../trace/types';

export interface TraceMarkdownOptions {
  /** The settings the trace ran under; named in the report so a reader can compare with their cluster. */
  readonly settings?: ClusterSettings;
}

/** One hop with its number as the page shows it: forward hops first, then the reply, counted on. */
interface NumberedHop {
  readonly number: number;
  readonly hop: Hop;
}

export function traceMarkdown(trace: Trace, options: TraceMarkdownOptions = {}): string {
  const forward = trace.hops.map((hop, i) => ({ number: i + 1, hop }));
  const reply = trace.reply.map((hop, i) => ({ number: trace.hops.length + i + 1, hop }));
  const sections = [
    `### Packet path: ${formatFlow(trace.flow)}`,
    `**Verdict: ${trace.verdict}.** ${trace.explanation}`,
    ...(options.settings ? [settingsLine(options.settings)] : []),
    ...endingSection([...forward, ...reply]),
    ...fixSection(trace),
    `#### Hops\n\n${hopTable(forward)}`,
    ...(reply.length > 0 ? [`#### Reply\n\n${hopTable(reply)}`] : []),
    `#### Capture commands\n\n${captureBlock([...forward, ...reply])}`,
    '_Simulated by Kube Packet Path from the manifests, not captured: the commands above show the real packets on the nodes._',
  ];
  return `${sections.join('\n\n')}\n`;
}

function settingsLine(settings: ClusterSettings): string {
  const parts = [
    `CNI ${code(settings.cni)}`,
    `kube-proxy ${code(settings.kubeProxyMode)}`,
    `cluster CIDR ${code(settings.clusterCIDR)}`,
    `service CIDR ${code(settings.serviceCIDR)}`,
    `NetworkPolicy ${settings.enforceNetworkPolicy ? 'enforced' : 'not enforced'}`,
  ];
  return `Cluster: ${parts.join(', ')}.`;
}

/** Where and why the packet stopped short of the listening socket, when it did. */
function endingSection(hops: readonly NumberedHop[]): string[] {
  const ending = hops.find(({ hop }) => hop.kind === 'drop' || hop.kind === 'refuse');
  if (ending === undefined) return [];
  const heading = ending.hop.kind === 'drop' ? 'Why it was dropped' : 'Why it was refused';
  const lines = [`#### ${heading}`, `At hop ${ending.number}, ${code(ending.hop.where)}: ${ending.hop.summary}`];
  if (ending.hop.rule) lines.push(`Rule: ${code(ending.hop.rule.text)}`);
  return [lines.join('\n\n')];
}

function fixSection(trace: Trace): string[] {
  if (!trace.fix) return [];
  return [`#### Suggested fix\n\n${trace.fix.summary}\n\n${fence('yaml', trace.fix.yaml)}`];
}

function hopTable(hops: readonly NumberedHop[]): string {
  const rows = hops.map(({ number, hop }) => {
    const changes = hop.changes.map((c) => `${code(c.field)} ${c.before} → ${c.after}`);
    const what = [`**${hop.kind}**: ${hop.summary}`, ...(changes.length > 0 ? [`changed ${changes.join(', ')}`] : [])].join('<br>');
    const rule = hop.rule ? `${hop.rule.kind}: ${code(hop.rule.text)}` : '';
    return `| ${number} | ${cell(code(hop.where))} | ${cell(what)} | ${cell(rule)} |`;
  });
  return ['| # | Where | What | Rule |', '|---:|---|---|---|', ...rows].join('\n');
}

/** Each distinct command once, headed by the hops it shows, in the order the packet meets them. */
function captureBlock(hops: readonly NumberedHop[]): string {
  const groups = new Map<string, { readonly numbers: number[]; readonly hop: Hop }>();
  for (const { number, hop } of hops) {
    const group = groups.get(hop.capture.command);
    if (group) group.numbers.push(number);
    else groups.set(hop.capture.command, { numbers: [number], hop });
  }
  const lines: string[] = [];
  const notes = new Set<string>();
  for (const [command, { numbers, hop }] of groups) {
    lines.push(`# ${numbers.length === 1 ? 'hop' : 'hops'} ${numbers.join(', ')}: ${hop.where}`);
    // A note (how to find the pod's PID) is said once, before the first command that needs it.
    const { note } = hop.capture;
    if (note !== undefined && !notes.has(note)) lines.push(`# ${note}`);
    if (note !== undefined) notes.add(note);
    lines.push(command);
  }
  return fence('sh', lines.join('\n'));
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  if (!text.includes('`')) return `\`${text}\``;
  return `\`\` ${text} \`\``;
}

/** A table cell: a pipe would end the cell (even inside code), a newline the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A fenced block long enough not to be closed by a fence inside the text. */
function fence(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${text.replace(/\n$/, '')}\n${marks}`;
}
