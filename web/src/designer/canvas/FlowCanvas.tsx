import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type OnDelete,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useState, type DragEvent, type RefObject } from 'react';
import type { CatalogIndex } from '../catalogIndex';
import { connectionRefusal, edgeFromConnection, type ProposedConnection } from '../connectionRules';
import { useDesignerStore } from '../store';
import { ConnectionRefusal } from './ConnectionRefusal';
import { NODE_DRAG_MIME, type FlowEdge, type FlowNode } from './flowTypes';
import { GraphEdgeView } from './GraphEdgeView';
import { GraphNodeCard } from './GraphNodeCard';
import { useFlowElements } from './useFlowElements';

// Module constants: React Flow re-mounts every node when these objects change identity.
const nodeTypes = { graphNode: GraphNodeCard };
const edgeTypes = { graphEdge: GraphEdgeView };
const DELETE_KEYS = ['Backspace', 'Delete'];
// Unmeasured (never rendered, off-screen) nodes count too, with their estimated size.
export const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2, includeHiddenNodes: true };

function miniMapColor(node: FlowNode): string {
  return node.data.info?.entry.kind === 'trigger' ? '#14b8a6' : '#9aa6b6';
}

/** Orients a finished drag (it may have started on either end) as source → target. */
function toConnection(state: FinalConnectionState): ProposedConnection | null {
  const { fromHandle, toHandle } = state;
  if (!fromHandle || !toHandle) return null;
  const [source, target] = fromHandle.type === 'source' ? [fromHandle, toHandle] : [toHandle, fromHandle];
  return { source: source.nodeId, sourceHandle: source.id, target: target.nodeId, targetHandle: target.id };
}

interface FlowCanvasProps {
  catalog: CatalogIndex;
  containerRef: RefObject<HTMLDivElement | null>;
  onDropType: (typeKey: string, clientPoint: { x: number; y: number }) => void;
}

export function FlowCanvas({ catalog, containerRef, onDropType }: FlowCanvasProps) {
  const store = useDesignerStore();
  const { nodes, edges, onNodesChange, onEdgesChange } = useFlowElements(catalog);
  const [refusal, setRefusal] = useState<string | null>(null);
  // Fitting an empty graph would zoom onto the first node dropped, moving the canvas under the user's hand.
  const [fitOnOpen] = useState(() => store.getState().graph.nodes.length > 0);
  const dismissRefusal = useCallback(() => setRefusal(null), []);

  const isValidConnection = useCallback(
    (c: Connection | Edge) => connectionRefusal(store.getState().graph, catalog, c) === null,
    [store, catalog],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      store.dispatch({ type: 'connect', edge: edgeFromConnection(c) });
      setRefusal(null);
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false) return;
      if (state.fromHandle && state.toHandle && state.fromHandle.type === state.toHandle.type) {
        setRefusal('Connect an output (right side of a node) to an input (left side).');
        return;
      }
      const proposed = toConnection(state);
      if (!proposed) return;
      setRefusal(connectionRefusal(store.getState().graph, catalog, proposed));
    },
    [store, catalog],
  );

  const onDelete: OnDelete<FlowNode, FlowEdge> = useCallback(
    ({ nodes: removedNodes, edges: removedEdges }) => {
      store.dispatch({ type: 'remove', nodeIds: removedNodes.map((n) => n.id), edgeIds: removedEdges.map((e) => e.id) });
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const typeKey = event.dataTransfer.getData(NODE_DRAG_MIME);
      if (!typeKey) return;
      event.preventDefault();
      onDropType(typeKey, { x: event.clientX, y: event.clientY });
    },
    [onDropType],
  );

  return (
    <div className="designer__canvas" data-testid="canvas" ref={containerRef} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        deleteKeyCode={DELETE_KEYS}
        onlyRenderVisibleElements
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.05}
        connectionRadius={24}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={miniMapColor} />
      </ReactFlow>
      <ConnectionRefusal reason={refusal} onDismiss={dismissRefusal} />
    </div>
  );
}
