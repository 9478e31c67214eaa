/** The line above the diagram that says what the marked pods are. Pure. */
import type { PodRef, PolicyAtCursor, RuleAtCursor } from '../../core';

const pods = (n: number): string => `${n} ${n === 1 ? 'pod' : 'pods'}`;

function on(rule: RuleAtCursor): string {
  return rule.ports.length === 0 ? 'on all ports' : `on ${rule.ports.join(', ')}`;
}

function ruleText(rule: RuleAtCursor): string {
  const name = `${rule.direction} rule ${rule.index}`;
  if (rule.peer !== undefined) {
    return `${name}, peer ${rule.peer.index} (${rule.peer.text}), admits ${pods(rule.peer.admits.length)} ${on(rule)}`;
  }
  if (rule.everyPeer) {
    return `${name} admits every ${rule.direction === 'ingress' ? 'source' : 'destination'} (${pods(rule.admits.length)} and all addresses) ${on(rule)}`;
  }
  const blocks = rule.ipBlocks.length === 0 ? '' : ` and addresses in ${rule.ipBlocks.join('; ')}`;
  return `${name} admits ${pods(rule.admits.length)}${blocks} ${on(rule)}`;
}

/** The two halves of the line: what the policy selects, and what the rule under the cursor admits. */
export function legendParts(found: PolicyAtCursor): { readonly selects: string; readonly admits: string | undefined } {
  return {
    selects: `policy ${found.name} selects ${pods(found.selects.length)}`,
    admits: found.rule === undefined ? undefined : ruleText(found.rule),
  };
}

/** "policy db-policy selects 1 pod; ingress rule 0 admits 2 pods on TCP 3306". */
export function legendText(found: PolicyAtCursor): string {
  const { selects, admits } = legendParts(found);
  return admits === undefined ? selects : `${selects}; ${admits}`;
}

const listed = (refs: readonly PodRef[]): string => (refs.length === 0 ? 'none' : refs.map((p) => `${p.namespace}/${p.name}`).join(', '));

/** The pods by name, for the line's tooltip. */
export function legendTitle(found: PolicyAtCursor): string {
  const admitted = found.rule?.peer?.admits ?? found.rule?.admits;
  const lines = [`selected: ${listed(found.selects)}`];
  if (admitted !== undefined) lines.push(`admitted: ${listed(admitted)}`);
  return lines.join('\n');
}
