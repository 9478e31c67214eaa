/**
 * A kube-proxy rule's arguments read back as matches and a target, the way the kernel
 * evaluates them. Only the options kube-proxy writes are understood; anything else is kept as
 * an `unknown` match, which never matches, so a rule we cannot read is never silently taken.
 */

export type Match =
  | { readonly kind: 'protocol'; readonly protocol: string; readonly negate: boolean }
  | { readonly kind: 'source'; readonly cidr: string; readonly negate: boolean }
  | { readonly kind: 'destination'; readonly cidr: string; readonly negate: boolean }
  | { readonly kind: 'dport'; readonly port: number; readonly negate: boolean }
  | { readonly kind: 'addrtype'; readonly side: 'src' | 'dst'; readonly type: string; readonly negate: boolean }
  | { readonly kind: 'statistic'; readonly probability: number; readonly text: string }
  | { readonly kind: 'recent-check'; readonly name: string; readonly seconds: number }
  | { readonly kind: 'recent-set'; readonly name: string }
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number; readonly negate: boolean }
  | { readonly kind: 'ctstate'; readonly states: readonly string[]; readonly negate: boolean }
  | { readonly kind: 'unknown'; readonly option: string };

export interface Target {
  readonly name: string;
  readonly options: ReadonlyMap<string, string>;
}

export interface ParsedRule {
  readonly matches: readonly Match[];
  /** Undefined for a rule without `-j` (it only counts packets; the walk goes on). */
  readonly target: Target | undefined;
}

/** Options that carry no meaning for a packet (comments, counters, module names). */
const SKIP_WITH_VALUE = new Set(['--comment', '--nfacct-name', '--mode', '-m']);

export function parseRule(args: readonly string[]): ParsedRule {
  const matches: Match[] = [];
  let recentName = '';
  let recentSeconds = 0;
  let recentCheck = false;
  let negate = false;
  for (let i = 0; i < args.length; i++) {
    const option = args[i]!;
    const value = args[i + 1] ?? '';
    if (option === '!') {
      negate = true;
      continue;
    }
    if (option === '-j') {
      const options = new Map<string, string>();
      for (let j = i + 2; j < args.length; j++) {
        const name = args[j]!;
        const next = args[j + 1];
        if (next !== undefined && !next.startsWith('--')) {
          options.set(name, next);
          j++;
        } else options.set(name, '');
      }
      return { matches: finishRecent(matches, recentCheck, recentName, recentSeconds), target: { name: value, options } };
    }
    if (SKIP_WITH_VALUE.has(option)) {
      i++;
    } else if (option === '-p') {
      matches.push({ kind: 'protocol', protocol: value, negate });
      i++;
    } else if (option === '-s' || option === '-d') {
      matches.push({ kind: option === '-s' ? 'source' : 'destination', cidr: value, negate });
      i++;
    } else if (option === '--dport') {
      matches.push({ kind: 'dport', port: Number(value), negate });
      i++;
    } else if (option === '--src-type' || option === '--dst-type') {
      matches.push({ kind: 'addrtype', side: option === '--src-type' ? 'src' : 'dst', type: value, negate });
      i++;
    } else if (option === '--probability') {
      matches.push({ kind: 'statistic', probability: Number(value), text: value });
      i++;
    } else if (option === '--name') {
      recentName = value;
      i++;
    } else if (option === '--seconds') {
      recentSeconds = Number(value);
      i++;
    } else if (option === '--rcheck') {
      recentCheck = true;
    } else if (option === '--set') {
      matches.push({ kind: 'recent-set', name: recentName });
    } else if (option === '--reap') {
      // Part of --rcheck: expire old entries.
    } else if (option === '--mark') {
      const [v, m] = value.split('/');
      matches.push({ kind: 'mark', value: Number(v), mask: m === undefined ? 0xffffffff : Number(m), negate });
      i++;
    } else if (option === '--ctstate') {
      matches.push({ kind: 'ctstate', states: value.split(','), negate });
      i++;
    } else {
      matches.push({ kind: 'unknown', option });
    }
    negate = false;
  }
  return { matches: finishRecent(matches, recentCheck, recentName, recentSeconds), target: undefined };
}

function finishRecent(matches: Match[], check: boolean, name: string, seconds: number): Match[] {
  if (check) matches.push({ kind: 'recent-check', name, seconds });
  return matches;
}
