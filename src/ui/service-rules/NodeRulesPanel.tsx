/**
 * A node's Service rules as the real tool prints them (`iptables-save`, `ipvsadm -Ln`, `nft list
 * table`, `cilium-dbg service list`), with the lines this trace matched highlighted. The text
 * comes from the core's kube-proxy backend; the panel only finds the matched lines in it.
 */
import { useEffect, useMemo, useRef } from 'react';
import { kubeProxyBackend } from '../../core';
import { useAppStore } from '../store';
import { selectServiceStep } from '../store/selectors';

export function NodeRulesPanel() {
  const node = useAppStore((s) => s.rulesNode);
  const cluster = useAppStore((s) => s.model?.cluster);
  const step = useAppStore(selectServiceStep);
  const dump = useRef<HTMLPreElement | null>(null);
  const lines = useMemo(() => {
    if (!cluster || node === undefined) return [];
    return kubeProxyBackend(cluster.settings.kubeProxyMode).dump(cluster, node).split('\n');
  }, [cluster, node]);
  const matched = useMemo(() => new Set(step !== undefined && step.node === node ? step.rules.map((r) => r.text) : []), [step, node]);
  useEffect(() => {
    // A block body: newer Chromium returns a promise from scrollIntoView, which React would take for a cleanup.
    dump.current?.querySelector('[data-matched]')?.scrollIntoView({ block: 'center' });
  }, [lines, matched]);
  if (node === undefined || !cluster) return null;
  const close = (): void => useAppStore.getState().showRules(undefined);
  return (
    <div className="rules-backdrop" role="presentation" onClick={close}>
      <section
        className="rules-panel"
        role="dialog"
        aria-modal="true"
        aria-label={`Service rules on ${node}`}
        data-testid="node-rules"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <header>
          <h2>
            Service rules on {node} <span className="muted">({cluster.settings.kubeProxyMode === 'none' ? 'eBPF, no kube-proxy' : `kube-proxy ${cluster.settings.kubeProxyMode} mode`})</span>
          </h2>
          <span className="muted">{matched.size > 0 ? `${matched.size} rules matched by this trace are highlighted` : 'this trace matched no rule here'}</span>
          <button type="button" className="close" aria-label="Close" onClick={close} autoFocus>
            ×
          </button>
        </header>
        <pre className="rules-dump" data-testid="rules-dump" ref={dump}>
          {lines.map((line, i) => {
            const hit = matched.has(line);
            return (
              <code
                key={i}
                className={hit ? 'rule-line matched' : 'rule-line'}
                data-matched={hit ? 'true' : undefined}
              >
                {line}
                {'\n'}
              </code>
            );
          })}
        </pre>
      </section>
    </div>
  );
}
