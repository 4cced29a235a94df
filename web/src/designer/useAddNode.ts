import { useReactFlow } from '@xyflow/react';
import { useCallback, type RefObject } from 'react';
import type { CatalogEntry } from '../api/graphTypes';
import type { CatalogIndex } from './catalogIndex';
import { NODE_WIDTH } from './canvas/useFlowElements';
import { createNode } from './graphModel';
import { useDesignerStore } from './store';

const CASCADE = 24;

export function useAddNode(catalog: CatalogIndex, canvasRef: RefObject<HTMLDivElement | null>) {
  const store = useDesignerStore();
  const { screenToFlowPosition } = useReactFlow();

  const addAt = useCallback(
    (entry: CatalogEntry, clientPoint: { x: number; y: number }, avoidOverlap = false) => {
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
    },
    [store, screenToFlowPosition],
  );

  const addAtCentre = useCallback(
    (entry: CatalogEntry) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return;
      addAt(entry, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }, true);
    },
    [addAt, canvasRef],
  );

  const addDropped = useCallback(
    (typeKey: string, clientPoint: { x: number; y: number }) => {
      const at = typeKey.lastIndexOf('@');
      const info = catalog.get(typeKey.slice(0, at), Number(typeKey.slice(at + 1)));
      if (info) addAt(info.entry, clientPoint);
    },
    [addAt, catalog],
  );

  return { addAtCentre, addDropped };
}
