/** An edge's end on a box, where the layout put it (edgeRoutes.ts). */
import { Handle, Position } from '@xyflow/react';
import type { Port, Side } from './edgeRoutes';

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  bottom: Position.Bottom,
  left: Position.Left,
  right: Position.Right,
};

export function PortHandle({ port }: { readonly port: Port }) {
  const along = `${port.offset * 100}%`;
  const style = port.side === 'top' || port.side === 'bottom' ? { left: along } : { top: along };
  return <Handle id={port.id} type={port.type} position={POSITION[port.side]} isConnectable={false} style={style} />;
}
