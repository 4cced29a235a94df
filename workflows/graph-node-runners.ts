import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  executeChild,
  proxyActivities,
  sleep,
  type ActivityOptions,
} from '@temporalio/workflow';
import type * as graphActivities from '../activities/graph-nodes';
import type { NodeRuntime } from '../core/catalog';
import { deepEqual, evaluate, parseExpression, truthy, type Scope } from '../core/graph/expression';
import type { GraphNode } from '../core/graph/model';
import { resolveParams, runScope } from '../core/graph/resolve-params';
import { attemptFromDetails, GraphFailureTypes, GraphWorkflowTypes, MAX_GRAPH_DEPTH, type AttemptReport } from '../core/graph/run-protocol';
import type { Decision, NodeRunState } from '../core/graph/run-state';
import { TaskQueues } from '../core/temporal-queues';
import { runForEach } from './graph-for-each';
import type { graphRun } from './graph-run';
import type { ExecuteNode, Fired, GraphPlan, NodeOutputs } from './graph-scheduler';

/** What node runners need to know about the run they belong to. */
export interface RunContext {
  workflowId: string;
  input: Record<string, unknown>;
  outputs: NodeOutputs;
  depth: number;
  plan: GraphPlan;
  /** Approval decisions by node id, written by the `approve` update. */
  decisions: Map<string, Decision>;
  /** Executions per node id, carried across continue-as-new so activity and child ids never repeat. */
  executions: Map<string, number>;
}

function failure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Activities the interpreter calls answer `{ value, attempt }` (workers/report-attempts.ts); one proxy per node,
 * since timeouts, retries and the ids that map history events back to the graph are per node.
 */
async function callActivity<T>(name: string, options: ActivityOptions, state: NodeRunState, args: unknown[]): Promise<T> {
  const call = proxyActivities<Record<string, (...a: unknown[]) => Promise<AttemptReport<T>>>>(options)[name]!;
  try {
    const report = await call(...args);
    state.attempts = report.attempt;
    return report.value;
  } catch (err) {
    if (err instanceof ActivityFailure) {
      const reported = err.cause instanceof ApplicationFailure ? attemptFromDetails(err.cause.details) : undefined;
      const max = err.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED ? options.retry?.maximumAttempts : undefined;
      state.attempts = reported ?? max ?? Math.max(state.attempts, 1);
    }
    throw err;
  }
}

const label = (node: GraphNode) => (node.label ? `${node.label} (${node.id})` : node.id);

function activityNode(node: GraphNode, type: NodeRuntime, activityId: string, state: NodeRunState, params: Record<string, unknown>): Promise<unknown> {
  if (!type.activity) throw failure(GraphFailureTypes.invalidGraph, `node type ${type.type} names no activity`);
  return callActivity(type.activity, {
    taskQueue: type.taskQueue,
    startToCloseTimeout: node.timeout ?? type.defaults.timeout,
    heartbeatTimeout: type.defaults.heartbeatTimeout,
    retry: { ...type.defaults.retry, ...node.retry },
    activityId,
    summary: `${label(node)} · ${type.type}`,
  }, state, [params]);
}

type LoadedGraph = Awaited<ReturnType<typeof graphActivities.loadGraphVersion>>;

function loadGraph(node: GraphNode, activityId: string, state: NodeRunState, graphId: string, version: number | undefined): Promise<LoadedGraph> {
  return callActivity<LoadedGraph>('loadGraphVersion', {
    taskQueue: TaskQueues.core,
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 5, initialInterval: '1 second', nonRetryableErrorTypes: [GraphFailureTypes.graphNotFound, GraphFailureTypes.invalidGraph] },
    activityId: `${activityId}/load-graph`,
    summary: `load graph ${graphId} for ${label(node)}`,
  }, state, [{ graphId, version }]);
}

/** transform, condition and switch: pure functions of params and scope, evaluated in the workflow. */
function evaluateNode(type: NodeRuntime, params: Record<string, unknown>, scope: Scope): Fired {
  const expr = (src: unknown) => evaluate(parseExpression(String(src)), scope);
  switch (type.type) {
    case 'data.transform':
      return { handle: 'out', value: expr(params.expression) ?? null };
    case 'flow.condition':
      return { handle: truthy(expr(params.condition)) ? 'true' : 'false', value: params.value ?? null };
    case 'flow.switch': {
      const value = expr(params.value);
      const i = (params.cases as unknown[]).findIndex((c) => deepEqual(c, value));
      return { handle: i >= 0 ? `case-${i}` : 'default', value: value ?? null };
    }
  }
  throw failure(GraphFailureTypes.invalidGraph, `the interpreter cannot evaluate ${type.type}`);
}

interface ControlCall {
  run: RunContext;
  node: GraphNode;
  type: NodeRuntime;
  state: NodeRunState;
  params: Record<string, unknown>;
  /** Node id plus re-run suffix: the key of its activities and child workflows. */
  key: string;
}

function childDepth(run: RunContext, node: GraphNode): number {
  const depth = run.depth + 1;
  if (depth > MAX_GRAPH_DEPTH) throw failure(GraphFailureTypes.depthLimit, `node '${node.id}': sub-graphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
  return depth;
}

async function controlNode({ run, node, type, state, params, key }: ControlCall): Promise<Fired> {
  switch (type.type) {
    case 'flow.delay':
      await sleep(params.duration as string);
      return { handle: 'out', value: params.value ?? null };
    case 'flow.approval': {
      state.status = 'waiting';
      const decided = await condition(() => run.decisions.has(node.id), params.timeout as string);
      state.status = 'running';
      if (!decided) return { handle: 'timeout', value: { waited: params.timeout } };
      const decision = run.decisions.get(node.id)!;
      return { handle: decision.approved ? 'approved' : 'rejected', value: decision };
    }
    case 'flow.subgraph': {
      const depth = childDepth(run, node);
      const graphId = params.graphId as string;
      const loaded = await loadGraph(node, key, state, graphId, params.version as number | undefined);
      const result = await executeChild<typeof graphRun>(GraphWorkflowTypes.run, {
        workflowId: `${run.workflowId}/${key}`,
        args: [{ graphId, version: loaded.version, graph: loaded.graph, types: loaded.types, input: params.input as Record<string, unknown>, depth }],
        staticSummary: `sub-graph ${graphId} v${loaded.version} of ${label(node)}`,
      });
      return { handle: 'out', value: result.outputs };
    }
    case 'flow.for-each': {
      const depth = childDepth(run, node);
      const graphId = params.graphId as string;
      const loaded = await loadGraph(node, key, state, graphId, params.version as number | undefined);
      const results = await runForEach({
        parentWorkflowId: run.workflowId, nodeKey: key, graphId, version: loaded.version, graph: loaded.graph, types: loaded.types,
        items: params.items as unknown[], concurrency: params.concurrency as number, depth,
      });
      return { handle: 'out', value: { results, count: results.length } };
    }
  }
  throw failure(GraphFailureTypes.invalidGraph, `the interpreter cannot run ${type.type}`);
}

/** A domain workflow as one node: the params are its input, its result the node's output. */
async function childNode(run: RunContext, node: GraphNode, type: NodeRuntime, key: string, params: Record<string, unknown>): Promise<unknown> {
  if (!type.workflow) throw failure(GraphFailureTypes.invalidGraph, `node type ${type.type} names no workflow`);
  childDepth(run, node);
  return executeChild(type.workflow, {
    workflowId: `${run.workflowId}/${key}`,
    taskQueue: type.taskQueue,
    args: [params],
    staticSummary: `${label(node)} · ${type.type}`,
  });
}

/** Resolves and validates a node's params, then runs it the way its kind prescribes. */
export function nodeExecutor(run: RunContext): ExecuteNode {
  const { executions } = run;
  return async ({ node, state, dataInputs }) => {
    const type = run.plan.types.get(node.id)!;
    const scope = runScope(run.input, run.outputs);
    const resolved = resolveParams(node, type, scope, dataInputs);
    if (!resolved.ok) {
      state.input = resolved.raw;
      throw failure(GraphFailureTypes.invalidParams, `node '${node.id}': ${resolved.message}`);
    }
    const params = resolved.params;
    state.input = params;
    state.attempts = 1;
    const n = (executions.get(node.id) ?? 0) + 1;
    executions.set(node.id, n);
    const key = n === 1 ? node.id : `${node.id}#${n}`;
    switch (type.kind) {
      case 'trigger':
        return { handle: 'out', value: run.input };
      case 'workflow':
        return evaluateNode(type, params, scope);
      case 'activity':
        return { handle: 'out', value: await activityNode(node, type, key, state, params) };
      case 'control':
        return controlNode({ run, node, type, state, params, key });
      case 'child':
        return { handle: 'out', value: await childNode(run, node, type, key, params) };
    }
  };
}
