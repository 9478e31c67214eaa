/**
 * The diagram's straight edges: React Flow's straight edge (the same path, label and hit area),
 * whose path is marked `current` while it is the edge the packet just crossed. The edge follows
 * the store itself (currentPlace.ts), so a step re-renders the two edges whose marking changes
 * rather than handing React Flow a new edge list.
 */
import { memo } from 'react';
import { BaseEdge, getStraightPath, type EdgeProps } from '@xyflow/react';
import { useIsCrossedNow } from './currentPlace';

export const StraightHopEdge = memo(function StraightHopEdge(props: EdgeProps) {
  const { source, target, sourceX, sourceY, targetX, targetY, label, labelStyle, labelShowBg, labelBgStyle, labelBgPadding, labelBgBorderRadius, style, markerStart, markerEnd, interactionWidth } = props;
  const crossed = useIsCrossedNow(source, target);
  const [path, labelX, labelY] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  return (
    <BaseEdge
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={label}
      labelStyle={labelStyle}
      labelShowBg={labelShowBg}
      labelBgStyle={labelBgStyle}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      style={style}
      markerStart={markerStart}
      markerEnd={markerEnd}
      interactionWidth={interactionWidth}
      {...(crossed ? { className: 'current' } : {})}
    />
  );
});
