import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  isCancellation,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { NodeRuntime } from '../core/catalog';
import { ExpressionError } from '../core/graph/expression';
import type { Graph, GraphEdge, GraphNode } from '../core/graph/model';
import { GraphFailureTypes, TRIGGER_HANDLE } from '../core/graph/run-protocol';
import type { NodeRunError, NodeRunState } from '../core/graph/run-state';

/** What a node emits: exactly one handle, carrying one value. */
export interface Fired {
  handle: string;
  value: unknown;
}

/** Fired handles per node, as expressions see them: `nodes.<id>.<handle>`. */
export type NodeOutputs = Record<string, Record<string, unknown>>;

export interface GraphPlan {
  nodes: Map<string, GraphNode>;
  types: Map<string, NodeRuntime>;
  incoming: Map<string, GraphEdge[]>;
  /** Distinct downstream node ids. */
  targets: Map<string, string[]>;
}

function invalidGraph(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: GraphFailureTypes.invalidGraph, message, nonRetryable: true });
}

/**
 * Indexes the graph and refuses what the scheduler cannot run (unknown types, dangling edges, cycles). The API's
 * validator reports these better before save; this guards runs started with anything else.
 */
export function planGraph(graph: Graph, runtimes: Record<string, NodeRuntime>): GraphPlan {
  const nodes = new Map<string, GraphNode>();
  const types = new Map<string, NodeRuntime>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) throw invalidGraph(`duplicate node id '${node.id}'`);
    const type = runtimes[`${node.type}@${node.typeVersion}`];
    if (!type) throw invalidGraph(`node '${node.id}': unknown node type ${node.type}@${node.typeVersion}`);
    nodes.set(node.id, node);
    types.set(node.id, type);
  }
  const incoming = new Map<string, GraphEdge[]>([...nodes.keys()].map((id) => [id, []]));
  const targets = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const edge of graph.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) throw invalidGraph(`edge '${edge.id}' connects a node that does not exist`);
    incoming.get(edge.target)!.push(edge);
    const t = targets.get(edge.source)!;
    if (!t.includes(edge.target)) t.push(edge.target);
  }
  // Kahn's algorithm: whatever is left unsorted sits on a cycle, and a node on a cycle would never become ready.
  const indegree = new Map([...incoming].map(([id, es]) => [id, new Set(es.map((e) => e.source)).size]));
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  let sorted = 0;
  while (queue.length) {
    const id = queue.shift()!;
    sorted++;
    for (const t of targets.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  if (sorted < nodes.size) throw invalidGraph(`cycle through ${[...indegree].filter(([, d]) => d > 0).map(([id]) => id).join(', ')}`);
  return { nodes, types, incoming, targets };
}

export function initialNodeStates(plan: GraphPlan): Record<string, NodeRunState> {
  return Object.fromEntries([...plan.nodes.values()].map((node) => [node.id, {
    nodeId: node.id, type: node.type, status: 'pending', attempts: 0, startedAt: null, endedAt: null, durationMs: null,
    input: null, output: null, firedHandles: [], error: null,
  } satisfies NodeRunState]));
}

/** The `{ message, type }` a failed node shows and its error handle carries: the innermost cause's. */
export function describeFailure(err: unknown): NodeRunError {
  if ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause) return describeFailure(err.cause);
  if (err instanceof ApplicationFailure) return { message: err.message, type: err.type ?? null };
  if (err instanceof TimeoutFailure) return { message: err.message || 'timed out', type: 'Timeout' };
  if (err instanceof CancelledFailure) return { message: err.message || 'cancelled', type: 'Cancelled' };
  if (err instanceof ExpressionError) return { message: err.message, type: GraphFailureTypes.expression };
  if (err instanceof Error) return { message: err.message, type: err.name };
  return { message: String(err), type: null };
}

export interface NodeExecution {
  node: GraphNode;
  state: NodeRunState;
  /** Param name → value of an active data edge into it. */
  dataInputs: Record<string, unknown>;
}
export type ExecuteNode = (x: NodeExecution) => Promise<Fired>;

export interface SchedulerOutcome {
  /** The first node that failed with onError 'fail'; the run fails with it. */
  failed?: { nodeId: string; error: NodeRunError };
  /** The run itself was cancelled. */
  cancelled: boolean;
  /** Nodes were ready but held back because `shouldPause` said so: the run must continue as new to finish. */
  paused: boolean;
}

export interface RunGraphOptions {
  /**
   * Asked before each node starts; once true, no further node starts, running ones finish, and the outcome is
   * `paused` (the interpreter then continues as new with the states so far).
   */
  shouldPause?: () => boolean;
}

const SETTLED = new Set<NodeRunState['status']>(['completed', 'failed', 'skipped', 'cancelled']);

/**
 * Runs the graph to the end: a node becomes ready when all its upstream nodes have settled, runs when at least one
 * incoming edge is active (its source fired that handle) and is skipped otherwise. Independent branches run
 * concurrently. A failing node with onError 'fail' cancels everything still running (fail-fast) and nothing new
 * starts. Mutates `states` and `outputs` in place so queries see progress. Nodes already settled in `states` (a
 * resumed run) are not run again; pending ones start when their upstream has settled.
 */
export async function runGraph(
  plan: GraphPlan,
  states: Record<string, NodeRunState>,
  outputs: NodeOutputs,
  execute: ExecuteNode,
  options: RunGraphOptions = {},
): Promise<SchedulerOutcome> {
  // Child of the workflow's root scope: cancelling the run cancels it too, and fail-fast cancels only it.
  const scope = new CancellationScope();
  const inflight = new Set<Promise<void>>();
  let failed: SchedulerOutcome['failed'];
  const held = new Set<string>();
  const halted = () => failed !== undefined || scope.consideredCancelled;
  const active = (e: GraphEdge) => states[e.source]!.firedHandles.includes(e.sourceHandle);

  const fire = (id: string, handle: string, value: unknown) => {
    const state = states[id]!;
    state.firedHandles = [handle];
    state.output = value;
    outputs[id] = { [handle]: value };
  };

  const consider = (id: string): void => {
    const state = states[id]!;
    if (state.status !== 'pending' || halted()) return;
    const edges = plan.incoming.get(id)!;
    if (!edges.every((e) => SETTLED.has(states[e.source]!.status))) return;
    if (edges.length > 0 && !edges.some(active)) {
      state.status = 'skipped';
      plan.targets.get(id)!.forEach(consider);
      return;
    }
    if (options.shouldPause?.()) {
      held.add(id);
      return;
    }
    const run: Promise<void> = scope.run(() => runNode(id)).finally(() => inflight.delete(run));
    inflight.add(run);
  };

  const dataInputs = (id: string) => {
    const inputs: Record<string, unknown> = {};
    for (const e of plan.incoming.get(id)!) {
      if (e.targetHandle !== TRIGGER_HANDLE && active(e)) inputs[e.targetHandle] = outputs[e.source]?.[e.sourceHandle];
    }
    return inputs;
  };

  const runNode = async (id: string): Promise<void> => {
    const node = plan.nodes.get(id)!;
    const state = states[id]!;
    const started = Date.now();
    state.status = 'running';
    state.startedAt = new Date(started).toISOString();
    let fired: Fired | undefined;
    let error: unknown;
    try {
      fired = await execute({ node, state, dataInputs: dataInputs(id) });
    } catch (err) {
      error = err;
    }
    state.endedAt = new Date(Date.now()).toISOString();
    state.durationMs = Date.now() - started;
    if (fired) {
      state.status = 'completed';
      fire(id, fired.handle, fired.value);
    } else if (isCancellation(error) && scope.consideredCancelled) {
      state.status = 'cancelled';
      return;
    } else {
      state.status = 'failed';
      state.error = describeFailure(error);
      if (node.onError === 'continue') fire(id, 'out', null);
      else if (node.onError === 'error-branch') fire(id, 'error', state.error);
      else {
        failed ??= { nodeId: id, error: state.error };
        scope.cancel();
        return;
      }
    }
    plan.targets.get(id)!.forEach(consider);
  };

  // In a fresh run only the roots are ready, so this starts exactly them, in graph order.
  for (const id of plan.nodes.keys()) consider(id);
  // Waiting on the nodes (not on a cancellable condition) lets cancelled nodes record their state before we return.
  while (inflight.size > 0) await Promise.race(inflight);
  const cancelled = failed === undefined && scope.consideredCancelled;
  if (held.size > 0 && !halted()) return { failed, cancelled, paused: true };
  for (const state of Object.values(states)) {
    if (state.status === 'pending') state.status = halted() ? 'cancelled' : 'skipped';
  }
  return { failed, cancelled, paused: false };
}
