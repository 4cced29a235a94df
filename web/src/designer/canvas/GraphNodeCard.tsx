import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { NodeRunState, Problem } from '../../api/graphTypes';
import { outputHandles } from '../catalogIndex';
import { TRIGGER_HANDLE } from '../graphModel';
import { useDesigner } from '../store';
import type { FlowNode } from './flowTypes';
import { NodeRunFooter } from './NodeRunFooter';

interface PortProps {
  nodeId: string;
  kind: 'target' | 'source';
  handleId: string;
  label: string;
  typeLabel?: string;
  required?: boolean;
}

function Port({ nodeId, kind, handleId, label, typeLabel, required }: PortProps) {
  return (
    <li className={`flow-port flow-port--${kind}`}>
      <Handle
        type={kind}
        id={handleId}
        position={kind === 'target' ? Position.Left : Position.Right}
        className="flow-port__handle"
        data-testid={`handle-${nodeId}-${kind}-${handleId}`}
      />
      <span className="flow-port__label">
        {label}
        {required && <span className="flow-port__required" aria-label="required">*</span>}
      </span>
      {typeLabel && <span className="flow-port__type">{typeLabel}</span>}
    </li>
  );
}

function problemTooltip(problems: readonly Problem[] | undefined): string | undefined {
  return problems?.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('\n');
}

/**
 * Whether a header line may overflow its 220 px and so needs clipping with an ellipsis. A clip is a paint property of
 * its own; two on every node made each frame of a drag or pan over 300 nodes markedly slower, so short text (nearly
 * all of it) goes unclipped. Wide characters count double; the limits leave a margin for wide Latin glyphs.
 */
function mayOverflow(text: string, limit: number): boolean {
  if (text.length <= limit / 2) return false;
  let units = 0;
  for (const ch of text) units += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return units > limit;
}

/** Stable placeholder so every node shows a status once a run is on the canvas, even before the first event. */
const PENDING: NodeRunState = {
  nodeId: '',
  type: '',
  status: 'pending',
  attempts: 0,
  startedAt: null,
  endedAt: null,
  durationMs: null,
  input: null,
  output: null,
  firedHandles: [],
  error: null,
};

/** A graph node drawn from its catalog entry: one input handle per param (plus run-after), one per output. */
export const GraphNodeCard = memo(function GraphNodeCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { node, info } = data;
  const problems = useDesigner((s) => s.problemsByNode.get(id));
  const runState = useDesigner((s) => (s.run ? (s.run.nodes[id] ?? PENDING) : undefined));
  const updateNodeInternals = useUpdateNodeInternals();

  const outputs = useMemo(() => (info ? outputHandles(info, node) : ['out']), [info, node]);
  const outputsKey = outputs.join('|');
  const measuredOutputs = useRef(outputsKey);
  // React Flow caches handle positions; it must re-read them when a switch case or the error branch appears
  // (not on mount, where it measures anyway: 300 extra measurements would slow opening a large graph).
  useEffect(() => {
    if (measuredOutputs.current === outputsKey) return;
    measuredOutputs.current = outputsKey;
    updateNodeInternals(id);
  }, [id, outputsKey, updateNodeInternals]);

  const title = node.label || info?.entry.title || node.type;
  const typeLine = `${node.type} · ${id}`;

  const classes = ['flow-node'];
  if (selected) classes.push('flow-node--selected');
  if (problems) classes.push('flow-node--invalid');
  if (runState) classes.push(`flow-node--${runState.status}`);
  if (!info) classes.push('flow-node--unknown');

  return (
    <div className={classes.join(' ')} data-testid={`node-${id}`} title={problemTooltip(problems)}>
      <header className="flow-node__header">
        <span className={`flow-node__title${mayOverflow(title, problems ? 18 : 24) ? ' flow-node__clip' : ''}`}>{title}</span>
        {problems && (
          <span className="flow-node__problems" aria-label={`${problems.length} problems`}>
            ⚠ {problems.length}
          </span>
        )}
        <span className={`flow-node__type${mayOverflow(typeLine, 32) ? ' flow-node__clip' : ''}`}>
          {node.type} · <span className="flow-node__id">{id}</span>
        </span>
      </header>
      <div className="flow-node__ports">
        <ul className="flow-node__inputs">
          <Port nodeId={id} kind="target" handleId={TRIGGER_HANDLE} label="run after" />
          {info?.fields.map((field) => (
            <Port
              key={field.name}
              nodeId={id}
              kind="target"
              handleId={field.name}
              label={field.name}
              typeLabel={field.typeLabel}
              required={field.required}
            />
          ))}
        </ul>
        <ul className="flow-node__outputs">
          {outputs.map((handle) => (
            <Port key={handle} nodeId={id} kind="source" handleId={handle} label={handle} />
          ))}
        </ul>
      </div>
      {runState && <NodeRunFooter nodeId={id} state={runState} />}
    </div>
  );
});
