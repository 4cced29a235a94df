import { useReactFlow } from '@xyflow/react';
import { useCallback, type RefObject } from 'react';
import type { CatalogEntry } from '../api/graphTypes';
import type { CatalogIndex } from './catalogIndex';
import { NODE_WIDTH } from './canvas/useFlowElements';
import { createNode } from './graphModel';
import { useDesignerStore } from './store';

const CASCADE = 24;
/** Room between a selected node and one added after it, and how far a new node steps down past an occupied spot. */
const NEXT_GAP = 80;
const ROW_STEP = 160;

export function useAddNode(catalog: CatalogIndex, canvasRef: RefObject<HTMLDivElement | null>) {
  const store = useDesignerStore();
  const { screenToFlowPosition } = useReactFlow();

  const addAt = useCallback(
    (entry: CatalogEntry, clientPoint: { x: number; y: number }, avoidOverlap = false): string => {
      const { graph } = store.getState();
      const point = screenToFlowPosition(clientPoint);
      let position = { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y - 20) };
      if (avoidOverlap) {
        // Repeated keyboard adds would stack exactly; step each one down-right instead.
        const occupied = new Set(graph.nodes.map((n) => `${n.position.x},${n.position.y}`));
        while (occupied.has(`${position.x},${position.y}`)) position = { x: position.x + CASCADE, y: position.y + CASCADE };
      }
      const node = createNode(entry, position, new Set(graph.nodes.map((n) => n.id)));
      store.dispatch({ type: 'addNode', node });
      return node.id;
    },
    [store, screenToFlowPosition],
  );

  /**
   * Adds a palette type picked without dragging (Enter, or a click): to the right of the one selected node (where the
   * flow goes on; the new node is selected in turn, so repeated adds make a row), else in the middle of the canvas.
   */
  const addNext = useCallback(
    (entry: CatalogEntry): string | null => {
      const { graph, selection } = store.getState();
      const anchorId = selection.nodeIds.length === 1 ? selection.nodeIds[0] : undefined;
      const anchor = anchorId === undefined ? undefined : graph.nodes.find((n) => n.id === anchorId);
      if (anchor) {
        let position = { x: anchor.position.x + NODE_WIDTH + NEXT_GAP, y: anchor.position.y };
        const taken = (p: { x: number; y: number }) =>
          graph.nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_WIDTH && Math.abs(n.position.y - p.y) < ROW_STEP - 20);
        while (taken(position)) position = { x: position.x, y: position.y + ROW_STEP };
        const node = createNode(entry, position, new Set(graph.nodes.map((n) => n.id)));
        store.dispatch({ type: 'addNode', node });
        return node.id;
      }
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return null;
      return addAt(entry, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }, true);
    },
    [store, addAt, canvasRef],
  );

  const addDropped = useCallback(
    (typeKey: string, clientPoint: { x: number; y: number }) => {
      const at = typeKey.lastIndexOf('@');
      const info = catalog.get(typeKey.slice(0, at), Number(typeKey.slice(at + 1)));
      if (info) addAt(info.entry, clientPoint);
    },
    [addAt, catalog],
  );

  return { addNext, addDropped };
}
