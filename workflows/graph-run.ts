import {
  allHandlersFinished,
  ApplicationFailure,
  CancelledFailure,
  condition,
  defineQuery,
  defineUpdate,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { evaluate, parseExpression } from '../core/graph/expression';
import { runScope } from '../core/graph/resolve-params';
import { GraphFailureTypes } from '../core/graph/run-protocol';
import type { ApproveArgs, Decision, GraphRunInput, GraphRunResult, GraphRunResume, NodeFailedDetails, NodeRunState } from '../core/graph/run-state';
import { nodeExecutor } from './graph-node-runners';
import { describeFailure, initialNodeStates, planGraph, runGraph, type NodeOutputs } from './graph-scheduler';

/** Every node's state, live while the run is open and from a replay once it closed. */
export const nodeStatesQuery = defineQuery<Record<string, NodeRunState>>('nodeStates');

/** Decides an approval node that is waiting; refused for any other node. */
export const approveUpdate = defineUpdate<Decision, [ApproveArgs]>('approve');

// Cancelling a run is Temporal's own cancellation (WorkflowHandle.cancel()): running nodes end 'cancelled'.

/**
 * The input comes from prepareGraphRun (API, tests) or from a parent run, both validated with zod before the start;
 * here only its shape is checked, and planGraph refuses what the scheduler cannot run.
 */
function checkInput(raw: GraphRunInput): GraphRunInput {
  const problem =
    typeof raw !== 'object' || raw === null ? 'the input is not an object'
    : !Array.isArray(raw.graph?.nodes) || !Array.isArray(raw.graph?.edges) ? 'graph.nodes and graph.edges must be lists'
    : typeof raw.types !== 'object' || raw.types === null ? 'types is missing: start runs with the input prepareGraphRun builds'
    : null;
  if (problem) throw ApplicationFailure.create({ type: GraphFailureTypes.invalidGraph, message: problem, nonRetryable: true });
  return { ...raw, input: raw.input ?? {}, graph: { ...raw.graph, outputs: raw.graph.outputs ?? {} } };
}

/** The API checks approve arguments with approveArgsSchema; this refuses what could not be recorded. */
function checkApproveArgs(args: ApproveArgs): void {
  if (typeof args?.nodeId !== 'string' || typeof args.approved !== 'boolean' || typeof args.by !== 'string' || !args.by) {
    throw new Error('approve needs { nodeId, approved, by }');
  }
}

/** Marks histories written by code that continues as new; runs recorded before it replay without. */
const CONTINUE_AS_NEW_PATCH = 'graph-continue-as-new';

/**
 * True once this run's history is long enough to hand over to a fresh run. Temporal's suggestion (and the history
 * length) come with each workflow task, so replay sees the same answer at the same point.
 */
function historyIsLong(maxEvents: number | undefined): boolean {
  const info = workflowInfo();
  const long = info.continueAsNewSuggested || (maxEvents !== undefined && info.historyLength >= maxEvents);
  return long && patched(CONTINUE_AS_NEW_PATCH);
}

/**
 * Interprets any valid graph: one workflow type for every pipeline users compose. Nodes run as activities (side
 * effects), in the workflow (expressions), or as Temporal primitives (timers, updates, child workflows). A graph
 * whose history grows long drains its running nodes and continues as new, carrying the node states; the chain keeps
 * the workflow id, so clients see one run.
 */
export async function graphRun(raw: GraphRunInput): Promise<GraphRunResult> {
  const states: Record<string, NodeRunState> = {};
  const decisions = new Map<string, Decision>();
  setHandler(nodeStatesQuery, () => states);
  setHandler(
    approveUpdate,
    ({ nodeId, approved, by, comment }) => {
      const decision: Decision = { approved, by, ...(comment === undefined ? {} : { comment }), at: new Date(Date.now()).toISOString() };
      decisions.set(nodeId, decision);
      return decision;
    },
    {
      validator: (args) => {
        checkApproveArgs(args);
        const { nodeId } = args;
        if (states[nodeId]?.status !== 'waiting' || decisions.has(nodeId)) throw new Error(`node '${nodeId}' is not waiting for approval`);
      },
    },
  );

  const run = checkInput(raw);
  const plan = planGraph(run.graph, run.types);
  Object.assign(states, initialNodeStates(plan), run.resume?.states);
  const outputs: NodeOutputs = { ...run.resume?.outputs };
  const executions = new Map(Object.entries(run.resume?.executions ?? {}));
  const { workflowId } = workflowInfo();
  const execute = nodeExecutor({ workflowId, input: run.input, outputs, depth: run.depth ?? 0, plan, decisions, executions });
  const outcome = await runGraph(plan, states, outputs, execute, { shouldPause: () => historyIsLong(run.maxHistoryEvents) });

  if (outcome.paused) {
    // An update accepted while draining must finish before this run closes, or its caller would see it fail.
    await condition(allHandlersFinished);
    const resume: GraphRunResume = { states, outputs, executions: Object.fromEntries(executions), continued: (run.resume?.continued ?? 0) + 1 };
    // Temporal carries search attributes to the next run but not the memo, which names the graph and version.
    const { memo } = workflowInfo();
    return makeContinueAsNewFunc<typeof graphRun>(memo ? { memo } : {})({ ...run, resume });
  }

  if (outcome.failed) {
    const { nodeId, error } = outcome.failed;
    throw ApplicationFailure.create({
      type: GraphFailureTypes.nodeFailed,
      message: `node '${nodeId}' failed: ${error.message}`,
      nonRetryable: true,
      details: [{ nodeId, error, nodes: states } satisfies NodeFailedDetails],
    });
  }
  if (outcome.cancelled) throw new CancelledFailure('run cancelled');

  const scope = runScope(run.input, outputs);
  const result: Record<string, unknown> = {};
  for (const [name, src] of Object.entries(run.graph.outputs)) {
    try {
      result[name] = evaluate(parseExpression(src), scope) ?? null;
    } catch (err) {
      throw ApplicationFailure.create({ type: GraphFailureTypes.outputs, message: `output '${name}': ${describeFailure(err).message}`, nonRetryable: true });
    }
  }
  return { outputs: result, nodes: states };
}
