import { ipv4ToInt } from '../../net/ipv4';
import type { Hook, KeyPart, MapVerdict, Match, NftChain, NftElement, NftRule, NftSet, NftTable, Statement } from './model';

/**
 * The table as `nft list table ip kube-proxy` prints it (nft 1.0.x): tabs for indentation,
 * priorities by standard name where nft uses one, set elements sorted and wrapped the way nft
 * sorts and wraps them.
 */
export function renderNftTable(table: NftTable): string {
  const blocks = [...table.sets.map(renderSet), ...table.chains.map(renderChain)];
  return `table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n${blocks.join('\n')}}\n`;
}

function renderSet(set: NftSet): string {
  const lines = [`\t${set.map ? 'map' : 'set'} ${set.name} {`, `\t\ttype ${set.type}`];
  for (const property of set.properties ?? []) lines.push(`\t\t${property}`);
  if (set.comment !== undefined) lines.push(`\t\tcomment "${set.comment}"`);
  if (set.elements.length > 0) {
    const sorted = [...set.elements].sort((a, b) => compareKeys(a.key, b.key));
    // nft puts two addresses on a line, and one element per line for concatenations.
    const perLine = set.type === 'ipv4_addr' ? 2 : 1;
    const texts = sorted.map(renderElement);
    const rows: string[] = [];
    for (let i = 0; i < texts.length; i += perLine) rows.push(texts.slice(i, i + perLine).join(', '));
    lines.push(`\t\telements = { ${rows.join(',\n\t\t\t     ')} }`);
  }
  lines.push('\t}', '');
  return lines.join('\n');
}

export function renderElement(element: NftElement): string {
  const key = element.key.map(renderKeyPart).join(' . ');
  const comment = element.comment === undefined ? '' : ` comment "${element.comment}"`;
  return element.verdict === undefined ? `${key}${comment}` : `${key}${comment} : ${renderMapVerdict(element.verdict)}`;
}

function renderKeyPart(part: KeyPart): string {
  return String(part.value);
}

function renderMapVerdict(verdict: MapVerdict): string {
  return verdict.kind === 'drop' ? 'drop' : `goto ${verdict.chain}`;
}

/**
 * nft 1.0.x sorts the elements it lists. A single address sorts by its value; a concatenation
 * is sorted as one number made of its fields' bytes (address 4, protocol 1, port 2, each in
 * network order) read in host byte order, which on x86 means from the last byte backwards
 * (src/mergesort.c `concat_expr_msort_value`). That is why `1.2.3.4`, `5.6.7.8` and
 * `192.168.99.22` come before `172.30.0.41` in a verdict map.
 */
export function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  if (a.length === 1 && b.length === 1) return keyValue(a[0]!) - keyValue(b[0]!);
  const x = keyBytes(a);
  const y = keyBytes(b);
  for (let i = Math.max(x.length, y.length) - 1; i >= 0; i--) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function keyValue(part: KeyPart): number {
  return part.kind === 'ip' ? ipv4ToInt(part.value) : part.kind === 'port' ? part.value : PROTOCOL_NUMBERS[part.value];
}

const PROTOCOL_NUMBERS = { tcp: 6, udp: 17, sctp: 132 } as const;

function keyBytes(key: readonly KeyPart[]): number[] {
  const bytes: number[] = [];
  for (const part of key) {
    if (part.kind === 'ip') {
      const n = ipv4ToInt(part.value);
      bytes.push(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    } else if (part.kind === 'proto') bytes.push(PROTOCOL_NUMBERS[part.value]);
    else bytes.push(part.value >>> 8, part.value & 255);
  }
  return bytes;
}

function renderChain(chain: NftChain): string {
  const lines = [`\tchain ${chain.name} {`];
  if (chain.base !== undefined) {
    const { type, hook, priority } = chain.base;
    lines.push(`\t\ttype ${type} hook ${hook} priority ${priorityText(hook, priority)}; policy accept;`);
  }
  if (chain.comment !== undefined) lines.push(`\t\tcomment "${chain.comment}"`);
  for (const rule of chain.rules) lines.push(`\t\t${renderRule(rule)}`);
  lines.push('\t}', '');
  return lines.join('\n');
}

/**
 * nft names a priority by the nearest standard one valid for the hook when it is within 10 of
 * it (`dstnat - 10` in prerouting), else prints the number (`-110` in output, where dstnat is
 * not a name nft uses).
 */
export function priorityText(hook: Hook, priority: number): string {
  const names: [string, number, readonly Hook[] | 'all'][] = [
    ['raw', -300, 'all'],
    ['mangle', -150, 'all'],
    ['dstnat', -100, ['prerouting']],
    ['filter', 0, 'all'],
    ['security', 50, 'all'],
    ['srcnat', 100, ['postrouting', 'input']],
  ];
  for (const [name, value, hooks] of names) {
    if (hooks !== 'all' && !hooks.includes(hook)) continue;
    const offset = priority - value;
    if (offset === 0) return name;
    if (Math.abs(offset) <= 10) return `${name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
  }
  return String(priority);
}

export function renderRule(rule: NftRule): string {
  const parts = [...rule.matches.map(renderMatch), renderStatement(rule.statement)];
  if (rule.comment !== undefined) parts.push(`comment "${rule.comment}"`);
  return parts.join(' ');
}

const hex = (mark: number) => `0x${mark.toString(16).padStart(8, '0')}`;

function renderMatch(match: Match): string {
  switch (match.kind) {
    case 'ip': {
      const value = match.values.length === 1 ? match.values[0]! : `{ ${match.values.join(', ')} }`;
      return `ip ${match.field} ${match.negate ? '!= ' : ''}${value}`;
    }
    case 'ip-set':
      return `ip ${match.field} @${match.set}`;
    case 'fib-saddr-local':
      return 'fib saddr type local';
    case 'ct-new':
      return 'ct state new';
    case 'mark-clear':
      return `meta mark & ${hex(match.mark)} == 0x00000000`;
    case 'l4proto':
      return `meta l4proto ${match.proto}`;
  }
}

function renderStatement(statement: Statement): string {
  switch (statement.kind) {
    case 'jump':
    case 'goto':
      return `${statement.kind} ${statement.chain}`;
    case 'vmap':
      return statement.key === 'daddr-proto-port' ? `ip daddr . meta l4proto . th dport vmap @${statement.map}` : `meta l4proto . th dport vmap @${statement.map}`;
    case 'numgen':
      return `numgen random mod ${statement.targets.length} vmap { ${statement.targets.map((t, i) => `${i} : goto ${t}`).join(', ')} }`;
    case 'return':
    case 'drop':
    case 'reject':
      return statement.kind;
    case 'masquerade':
      return 'masquerade fully-random';
    case 'mark-or':
      return `meta mark set meta mark | ${hex(statement.mark)}`;
    case 'mark-xor':
      return `meta mark set meta mark ^ ${hex(statement.mark)}`;
    case 'dnat':
      return `dnat to ${statement.ip}:${statement.port}`;
    case 'update-affinity':
      return `update @${statement.set} { ip saddr }`;
  }
}
