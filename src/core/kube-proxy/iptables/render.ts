import { ruleText, type IptablesRule, type IptablesRuleset, type IptablesTable } from './rules';
import { iptablesSave, type SaveOptions } from './save';

/**
 * kube-proxy's own text of a node's rules (what it hands `iptables-restore`), in the canonical
 * order kube-proxy's own tests compare in (`sortIPTablesRules` in proxier_test.go):
 * - tables alphabetically;
 * - chains KUBE-NODEPORTS, KUBE-SERVICES, then the other KUBE-* chains alphabetically, then the rest;
 * - rules grouped by chain in that order; in KUBE-NODEPORTS and KUBE-SERVICES stably sorted by
 *   the Service named at the start of their comment (the "must be the last rule" rule stays
 *   last); every other chain in kube-proxy's write order.
 * The node's view, as `iptables-save` prints it, is `nodeDump` (save.ts).
 */

/** Exactly what kube-proxy hands `iptables-restore`: its filter and nat chains and their rules. */
export function restorePayload(ruleset: IptablesRuleset): string {
  const lines: string[] = [];
  for (const table of [ruleset.tables.filter, ruleset.tables.nat]) {
    lines.push(`*${table.name}`);
    const chains = canonicalChains(table.chains);
    for (const chain of chains) lines.push(`:${chain} - [0:0]`);
    for (const chain of chains) for (const rule of chainRules(table, chain)) lines.push(ruleText(rule));
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What `iptables-save` shows of kube-proxy on the node, in iptables-save's own form (see
 * save.ts): the payload plus the hooks in the built-in chains and the canary chains. Rules of
 * the CNI plugin, Docker or a firewall are not simulated and not shown.
 */
export function nodeDump(ruleset: IptablesRuleset, options: SaveOptions = {}): string {
  return iptablesSave(ruleset, options);
}

export function canonicalChains(chains: readonly string[]): string[] {
  const rank = (chain: string) => (chain === 'KUBE-NODEPORTS' ? 0 : chain === 'KUBE-SERVICES' ? 1 : chain.startsWith('KUBE-') ? 2 : 3);
  return [...new Set(chains)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function chainRules(table: IptablesTable, chain: string): readonly IptablesRule[] {
  const rules = table.rules.get(chain) ?? [];
  if (chain !== 'KUBE-NODEPORTS' && chain !== 'KUBE-SERVICES') return rules;
  return sortByService(rules);
}

const LAST_RULE = 'kubernetes service nodeports';

/** Stable sort by the Service a rule's comment starts with; the nodeports tail rule stays last. */
function sortByService(rules: readonly IptablesRule[]): IptablesRule[] {
  const keyed = rules.map((rule, index) => ({ rule, index, key: serviceOf(rule) }));
  keyed.sort((a, b) => {
    const aLast = a.key.startsWith(LAST_RULE);
    const bLast = b.key.startsWith(LAST_RULE);
    if (aLast !== bLast) return aLast ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index;
  });
  return keyed.map((k) => k.rule);
}

/** The comment's text up to the first space or colon (`ns1/svc1` of `"ns1/svc1:p80 cluster IP"`), or the whole comment for the tail rule. */
function serviceOf(rule: IptablesRule): string {
  const at = rule.args.indexOf('--comment');
  if (at < 0) return '';
  const comment = rule.args[at + 1]!.replace(/^"|"$/g, '');
  if (comment.startsWith(LAST_RULE)) return comment;
  return comment.split(/[ :]/, 1)[0]!;
}

/**
 * The same canonical order applied to any `iptables-restore` / `iptables-save` text (kube-proxy's
 * expected dumps, ours): comments, counters and blank lines are dropped, chain declarations and
 * rules reordered as above, everything else kept as written.
 */
export function canonicalSort(text: string): string {
  const out: string[] = [];
  let table: { name: string; chains: Map<string, string>; rules: Map<string, string[]> } | undefined;
  const flush = () => {
    if (table === undefined) return;
    out.push(table.name);
    const order = canonicalChains([...table.chains.keys(), ...table.rules.keys()]);
    for (const chain of order) if (table.chains.has(chain)) out.push(table.chains.get(chain)!);
    for (const chain of order) {
      const rules = table.rules.get(chain) ?? [];
      const sorted = chain === 'KUBE-NODEPORTS' || chain === 'KUBE-SERVICES' ? sortLines(rules) : rules;
      out.push(...sorted);
    }
    out.push('COMMIT');
    table = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      flush();
      table = { name: line, chains: new Map(), rules: new Map() };
    } else if (line === 'COMMIT') flush();
    else if (table !== undefined && line.startsWith(':')) table.chains.set(line.slice(1).split(' ', 1)[0]!, line.replace(/\[\d+:\d+\]$/, '[0:0]'));
    else if (table !== undefined && line.startsWith('-A ')) {
      const chain = line.slice(3).split(' ', 1)[0]!;
      const rules = table.rules.get(chain) ?? [];
      rules.push(line);
      table.rules.set(chain, rules);
    } else out.push(line);
  }
  flush();
  // Tables alphabetically, each block kept together.
  const blocks: string[][] = [];
  for (const line of out) {
    if (line.startsWith('*') || blocks.length === 0) blocks.push([]);
    blocks[blocks.length - 1]!.push(line);
  }
  blocks.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return `${blocks.flat().join('\n')}\n`;
}

function sortLines(lines: readonly string[]): string[] {
  const keyOf = (line: string) => {
    const match = /--comment (?:"([^"]*)"|(\S+))/.exec(line);
    const comment = match === null ? '' : (match[1] ?? match[2] ?? '');
    return comment.startsWith(LAST_RULE) ? comment : comment.split(/[ :]/, 1)[0]!;
  };
  const keyed = lines.map((line, index) => ({ line, index, key: keyOf(line) }));
  keyed.sort((a, b) => {
    const aLast = a.key.startsWith(LAST_RULE);
    const bLast = b.key.startsWith(LAST_RULE);
    if (aLast !== bLast) return aLast ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index;
  });
  return keyed.map((k) => k.line);
}
