import type { Cluster } from '../../cluster/types';
import type { KubeProxyBackend } from '../types';
import { generateIptables, type IptablesOptions } from './generate';
import { walkIptables } from './lookup';
import { nodeDump } from './render';
import type { IptablesRuleset } from './rules';

export { generateIptables, type IptablesOptions, type IptablesRevision } from './generate';
export { walkIptables } from './lookup';
export { canonicalSort, nodeDump, restorePayload } from './render';
export { ruleText, type IptablesRule, type IptablesRuleset, type IptablesTable, type RuleOwner } from './rules';

/**
 * kube-proxy in iptables mode as a backend. A node's rules are generated once per cluster
 * (clusters are immutable values) and reused by every dump and lookup on that node.
 */
export function iptablesBackend(options: IptablesOptions = {}): KubeProxyBackend {
  const cache = new WeakMap<Cluster, Map<string, IptablesRuleset>>();
  const rulesetOf = (cluster: Cluster, nodeName: string): IptablesRuleset => {
    let perNode = cache.get(cluster);
    if (perNode === undefined) {
      perNode = new Map();
      cache.set(cluster, perNode);
    }
    let ruleset = perNode.get(nodeName);
    if (ruleset === undefined) {
      ruleset = generateIptables(cluster, nodeName, options);
      perNode.set(nodeName, ruleset);
    }
    return ruleset;
  };
  return {
    mode: 'iptables',
    dump: (cluster, nodeName) => nodeDump(rulesetOf(cluster, nodeName)),
    lookup: (cluster, nodeName, packet, choice) => walkIptables(rulesetOf(cluster, nodeName), packet, choice),
  };
}
