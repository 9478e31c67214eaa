/** Labels for a NetworkPolicy check: which side was judged, and the verdict's tag. */
import type { HopKind, PolicyCheck, SideVerdict } from '../../core';

export function sideHeading(direction: PolicyCheck['direction']): string {
  return direction === 'egress' ? 'Egress, judged at the source pod' : 'Ingress, judged at the destination pod';
}

export function verdictTag(verdict: SideVerdict): string {
  switch (verdict.kind) {
    case 'allowed':
      return 'allowed';
    case 'denied':
      return 'denied';
    case 'unrestricted':
      return verdict.reason === 'not-isolated' ? 'not isolated' : 'unrestricted';
  }
}

/** How a hop stands out in the hop list, the inspector and the marker. */
export type HopTone = 'refuse' | 'drop' | 'policy' | undefined;

export function hopTone(kind: HopKind): HopTone {
  if (kind === 'refuse' || kind === 'drop') return kind;
  return kind === 'network-policy' ? 'policy' : undefined;
}
