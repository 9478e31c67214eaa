/**
 * Small marks for the hops between nodes: a closed envelope for encapsulation, an open one
 * for decapsulation, a cable for the wire, an arrow out of or into the node's interface.
 * Inline SVG, nothing to download. Other kinds have no mark (policy hops have the shield).
 */
import type { HopKind } from '../../core';

const PATHS: Partial<Record<HopKind, string>> = {
  encapsulate: 'M1.5 4h13v9h-13zM2.5 5v.4L8 9.2l5.5-3.8V5zM2.5 6.6V12h11V6.6L8 10.4z',
  decapsulate: 'M1.5 7 8 2.5 14.5 7v6h-13zM3 7.3 8 10.6l5-3.3L8 4.1zM2.5 8.3V12h11V8.3L8 11.8z',
  wire: 'M1 7h4V5h6v2h4v2h-4v2H5V9H1zM6 6v4h4V6z',
  'nic-transmit': 'M2 2h12v5h-1.5V3.5h-9V7H2zM7.2 5h1.6v6.2l2-2 1.1 1.1L8 14.2l-3.9-3.9 1.1-1.1 2 2z',
  'nic-receive': 'M2 9h1.5v3.5h9V9H14v5H2zM7.2 11.5V5.3l-2 2-1.1-1.1L8 2.3l3.9 3.9-1.1 1.1-2-2v6.2z',
};

export function HopKindIcon({ kind }: { readonly kind: HopKind }) {
  const path = PATHS[kind];
  if (path === undefined) return null;
  return (
    <svg className={`icon hop-icon hop-icon-${kind}`} viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d={path} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
