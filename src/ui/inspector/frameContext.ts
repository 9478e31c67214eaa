/**
 * Why a packet has no Ethernet header at a step: not framed yet (still in the socket), or
 * framed earlier on its way and now on a device that carries bare IP (to or from Calico's tunl0).
 */
import type { Step } from '../store';
import type { FrameContext } from './headerRows';

export function frameContext(steps: readonly Step[], index: number): FrameContext {
  const step = steps[index];
  if (!step) return 'socket';
  const framedBefore = steps.slice(0, index).some((s) => s.direction === step.direction && s.hop.packet.eth !== undefined);
  return framedBefore ? 'routed' : 'socket';
}
