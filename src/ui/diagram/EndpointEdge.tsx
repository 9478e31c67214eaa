/** A Service's edge to one of its endpoints: down to the Service's lane, along it, and down into the endpoint (servicesLayout.ts). */
import { memo } from 'react';
import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import { endpointPath } from './servicesLayout';

type EndpointEdgeType = Edge<{ kind: string; lane: number }, 'endpoint'>;

export const EndpointEdge = memo(function EndpointEdge(props: EdgeProps<EndpointEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, data, label, labelStyle, labelShowBg, labelBgStyle, labelBgPadding, labelBgBorderRadius, interactionWidth } = props;
  // Without a lane (never from toFlow.ts), halfway down.
  const { path, labelX, labelY } = endpointPath(sourceX, sourceY, targetX, targetY, data?.lane ?? (sourceY + targetY) / 2);
  return (
    <BaseEdge
      id={id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={label}
      labelStyle={labelStyle}
      labelShowBg={labelShowBg}
      labelBgStyle={labelBgStyle}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      interactionWidth={interactionWidth}
    />
  );
});

