import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesigner } from '../store';
import type { FlowEdge } from './flowTypes';

/** A wire that turns red with a tooltip when the validator names it, and green once its source handle fired. */
export const GraphEdgeView = memo(function GraphEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, source, sourceHandleId, selected, markerEnd } = props;
  const problems = useDesigner((s) => s.problemsByEdge.get(id));
  const fired = useDesigner((s) => s.run?.nodes[source]?.firedHandles.includes(sourceHandleId ?? 'out') ?? false);
  const [path, labelX, labelY] = getBezierPath(props);

  const classes = ['flow-edge'];
  if (problems) classes.push('flow-edge--invalid');
  if (fired) classes.push('flow-edge--fired');
  if (selected) classes.push('flow-edge--selected');

  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={classes.join(' ')} />
      {problems && (
        <EdgeLabelRenderer>
          <div
            className="flow-edge__problem nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={problems.map((p) => p.message).join('\n')}
            data-testid={`edge-problem-${id}`}
          >
            !
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
