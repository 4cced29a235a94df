import { createContext, createElement, useContext, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { Graph, GraphEdge, GraphNode, GraphRunStarted, NodeRunState, Problem } from '../api/graphTypes';
import type { RunSummary } from '../api/types';

/**
 * The designer's single source of truth: the graph being edited, what is selected, undo/redo history, the
 * server's validation problems and the live run overlay. The canvas, inspector, toolbar, save and run all read
 * from here, so they can never disagree about what the graph is.
 */

export interface Selection {
  nodeIds: readonly string[];
  edgeIds: readonly string[];
}

export interface RunOverlay extends GraphRunStarted {
  summary: RunSummary | null;
  nodes: Readonly<Record<string, NodeRunState>>;
  ended: boolean;
}

export interface DesignerState {
  graph: Graph;
  /** The graph as last loaded or saved; `graph !== savedGraph` means unsaved changes. */
  savedGraph: Graph;
  selection: Selection;
  past: readonly Graph[];
  future: readonly Graph[];
  /** The graph when the current drag started, so a whole drag is one undo step. */
  dragOrigin: Graph | null;
  /** Typing in one field within a second is one undo step, not one per keystroke. */
  lastEdit: { key: string; at: number } | null;
  problems: readonly Problem[];
  problemsByNode: ReadonlyMap<string, readonly Problem[]>;
  problemsByEdge: ReadonlyMap<string, readonly Problem[]>;
  run: RunOverlay | null;
}

type XY = { x: number; y: number };

export type DesignerAction =
  | { type: 'load'; graph: Graph; undoable?: boolean }
  | { type: 'markSaved'; graph: Graph }
  | { type: 'addNode'; node: GraphNode }
  | { type: 'updateNode'; id: string; patch: Partial<Omit<GraphNode, 'id'>>; coalesceKey?: string; removeEdgeIds?: readonly string[] }
  | { type: 'moveNodes'; positions: Readonly<Record<string, XY>>; dragging: boolean }
  | { type: 'connect'; edge: GraphEdge }
  | { type: 'remove'; nodeIds: readonly string[]; edgeIds: readonly string[] }
  | { type: 'updateGraph'; patch: Partial<Pick<Graph, 'inputSchema' | 'outputs'>>; coalesceKey?: string }
  | { type: 'select'; selection: Partial<Selection> }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'setProblems'; problems: readonly Problem[] }
  | { type: 'runStarted'; run: GraphRunStarted }
  | { type: 'runSummary'; summary: RunSummary }
  | { type: 'runNodes'; nodes: readonly NodeRunState[] }
  | { type: 'runEnded' }
  | { type: 'runCleared' };

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1_000;
const NO_SELECTION: Selection = { nodeIds: [], edgeIds: [] };
const NO_PROBLEMS = new Map<string, readonly Problem[]>();

export function initialDesignerState(graph: Graph): DesignerState {
  return {
    graph,
    savedGraph: graph,
    selection: NO_SELECTION,
    past: [],
    future: [],
    dragOrigin: null,
    lastEdit: null,
    problems: [],
    problemsByNode: NO_PROBLEMS,
    problemsByEdge: NO_PROBLEMS,
    run: null,
  };
}

function pushPast(past: readonly Graph[], graph: Graph): Graph[] {
  const next = [...past, graph];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/** Applies an edit as a new history step (or folds it into the previous one for the same field). */
function commit(state: DesignerState, graph: Graph, now: number, coalesceKey?: string): DesignerState {
  if (graph === state.graph) return state;
  const folds = !!coalesceKey && state.lastEdit?.key === coalesceKey && now - state.lastEdit.at < COALESCE_MS;
  return {
    ...state,
    graph,
    past: folds ? state.past : pushPast(state.past, state.graph),
    future: [],
    lastEdit: coalesceKey ? { key: coalesceKey, at: now } : null,
  };
}

/** Drops selected ids that no longer exist (after undo, remove, load). */
function pruneSelection(selection: Selection, graph: Graph): Selection {
  if (selection.nodeIds.length === 0 && selection.edgeIds.length === 0) return selection;
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const keptNodes = selection.nodeIds.filter((id) => nodeIds.has(id));
  const keptEdges = selection.edgeIds.filter((id) => edgeIds.has(id));
  if (keptNodes.length === selection.nodeIds.length && keptEdges.length === selection.edgeIds.length) return selection;
  return { nodeIds: keptNodes, edgeIds: keptEdges };
}

function indexProblems(problems: readonly Problem[], key: 'nodeId' | 'edgeId'): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const problem of problems) {
    const id = problem[key];
    if (!id) continue;
    const list = out.get(id);
    if (list) list.push(problem);
    else out.set(id, [problem]);
  }
  return out;
}

/** Keeps the previous object for a node whose state did not change, so its memoised component skips rendering. */
function sameNodeState(a: NodeRunState | undefined, b: NodeRunState): boolean {
  return (
    !!a &&
    a.status === b.status &&
    a.attempts === b.attempts &&
    a.startedAt === b.startedAt &&
    a.endedAt === b.endedAt &&
    a.durationMs === b.durationMs &&
    a.error?.message === b.error?.message &&
    a.firedHandles.join() === b.firedHandles.join() &&
    JSON.stringify(a.output) === JSON.stringify(b.output)
  );
}

function mergeRunNodes(previous: Readonly<Record<string, NodeRunState>>, incoming: readonly NodeRunState[]) {
  const next: Record<string, NodeRunState> = { ...previous };
  for (const state of incoming) {
    const normalized: NodeRunState = { ...state, firedHandles: state.firedHandles ?? [] };
    if (!sameNodeState(previous[state.nodeId], normalized)) next[state.nodeId] = normalized;
  }
  return next;
}

function graphWithNodes(graph: Graph, nodes: GraphNode[], edges = graph.edges): Graph {
  return { ...graph, nodes, edges };
}

export function designerReducer(state: DesignerState, action: DesignerAction, now: number): DesignerState {
  switch (action.type) {
    case 'load': {
      const base = action.undoable ? commit(state, action.graph, now) : { ...state, graph: action.graph, past: [], future: [] };
      return { ...base, savedGraph: action.graph, dragOrigin: null, lastEdit: null, selection: pruneSelection(state.selection, action.graph) };
    }
    case 'markSaved':
      return { ...state, savedGraph: action.graph };
    case 'addNode': {
      const graph = graphWithNodes(state.graph, [...state.graph.nodes, action.node]);
      return { ...commit(state, graph, now), selection: { nodeIds: [action.node.id], edgeIds: [] } };
    }
    case 'updateNode': {
      const index = state.graph.nodes.findIndex((n) => n.id === action.id);
      if (index < 0) return state;
      const nodes = [...state.graph.nodes];
      nodes[index] = { ...nodes[index]!, ...action.patch };
      const drop = new Set(action.removeEdgeIds ?? []);
      const edges = drop.size > 0 ? state.graph.edges.filter((e) => !drop.has(e.id)) : state.graph.edges;
      return commit(state, graphWithNodes(state.graph, nodes, edges), now, action.coalesceKey);
    }
    case 'moveNodes': {
      let changed = false;
      const nodes = state.graph.nodes.map((node) => {
        const position = action.positions[node.id];
        if (!position || (position.x === node.position.x && position.y === node.position.y)) return node;
        changed = true;
        return { ...node, position: { x: position.x, y: position.y } };
      });
      const graph = changed ? graphWithNodes(state.graph, nodes) : state.graph;
      if (action.dragging) {
        return changed ? { ...state, graph, dragOrigin: state.dragOrigin ?? state.graph } : state;
      }
      const origin = state.dragOrigin ?? state.graph;
      if (graph === origin) return state.dragOrigin ? { ...state, dragOrigin: null } : state;
      return { ...state, graph, past: pushPast(state.past, origin), future: [], dragOrigin: null, lastEdit: null };
    }
    case 'connect': {
      if (state.graph.edges.some((e) => e.id === action.edge.id)) return state;
      return commit(state, { ...state.graph, edges: [...state.graph.edges, action.edge] }, now);
    }
    case 'remove': {
      const nodeIds = new Set(action.nodeIds);
      const edgeIds = new Set(action.edgeIds);
      if (nodeIds.size === 0 && edgeIds.size === 0) return state;
      const nodes = state.graph.nodes.filter((n) => !nodeIds.has(n.id));
      const edges = state.graph.edges.filter(
        (e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target),
      );
      const next = commit(state, graphWithNodes(state.graph, nodes, edges), now);
      return { ...next, selection: pruneSelection(state.selection, next.graph) };
    }
    case 'updateGraph':
      return commit(state, { ...state.graph, ...action.patch }, now, action.coalesceKey);
    case 'select': {
      const selection = { ...state.selection, ...action.selection };
      const same =
        selection.nodeIds.join('\n') === state.selection.nodeIds.join('\n') &&
        selection.edgeIds.join('\n') === state.selection.edgeIds.join('\n');
      return same ? state : { ...state, selection };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous || state.dragOrigin) return state;
      return {
        ...state,
        graph: previous,
        past: state.past.slice(0, -1),
        future: [...state.future, state.graph],
        lastEdit: null,
        selection: pruneSelection(state.selection, previous),
      };
    }
    case 'redo': {
      const next = state.future[state.future.length - 1];
      if (!next || state.dragOrigin) return state;
      return {
        ...state,
        graph: next,
        past: pushPast(state.past, state.graph),
        future: state.future.slice(0, -1),
        lastEdit: null,
        selection: pruneSelection(state.selection, next),
      };
    }
    case 'setProblems':
      return {
        ...state,
        problems: action.problems,
        problemsByNode: indexProblems(action.problems, 'nodeId'),
        problemsByEdge: indexProblems(action.problems, 'edgeId'),
      };
    case 'runStarted':
      return { ...state, run: { ...action.run, summary: null, nodes: {}, ended: false } };
    case 'runSummary':
      return state.run && state.run.workflowId === action.summary.workflowId
        ? { ...state, run: { ...state.run, summary: action.summary } }
        : state;
    case 'runNodes':
      return state.run ? { ...state, run: { ...state.run, nodes: mergeRunNodes(state.run.nodes, action.nodes) } } : state;
    case 'runEnded':
      return state.run ? { ...state, run: { ...state.run, ended: true } } : state;
    case 'runCleared':
      return state.run ? { ...state, run: null } : state;
  }
}

export interface DesignerStore {
  getState(): DesignerState;
  dispatch(action: DesignerAction): void;
  subscribe(listener: () => void): () => void;
}

export function createDesignerStore(graph: Graph): DesignerStore {
  let state = initialDesignerState(graph);
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = designerReducer(state, action, Date.now());
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

const StoreContext = createContext<DesignerStore | null>(null);

export function DesignerStoreProvider({ store, children }: { store: DesignerStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useDesignerStore(): DesignerStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useDesignerStore must be used inside <DesignerStoreProvider>');
  return store;
}

/** Subscribes to one slice; the selector must return a value that is stable while that slice is unchanged. */
export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  const store = useDesignerStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/** True when `b` differs from `a` at most in node positions (moves keep every other field's identity). */
function sameStructure(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.inputSchema !== b.inputSchema || a.outputs !== b.outputs || a.nodes.length !== b.nodes.length) {
    return false;
  }
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x === y) continue;
    const keys = Object.keys(y);
    if (keys.length !== Object.keys(x).length) return false;
    for (const key of keys) {
      if (key !== 'position' && x[key as keyof GraphNode] !== y[key as keyof GraphNode]) return false;
    }
  }
  return true;
}

/**
 * The graph for readers that ignore layout (validation, the inspector, expression suggestions): the same object
 * while only positions change, so dragging a node does not re-render them on every frame. Its positions may be stale.
 */
export function useGraphStructure(): Graph {
  const last = useRef<Graph | null>(null);
  return useDesigner((s) => {
    if (last.current === null || !sameStructure(last.current, s.graph)) last.current = s.graph;
    return last.current;
  });
}

export const selectCanUndo = (s: DesignerState) => s.past.length > 0;
export const selectCanRedo = (s: DesignerState) => s.future.length > 0;
export const selectDirty = (s: DesignerState) => s.graph !== s.savedGraph;
export const selectSelectedNodeId = (s: DesignerState) =>
  s.selection.nodeIds.length === 1 ? s.selection.nodeIds[0]! : null;
