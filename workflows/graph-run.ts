import { ApplicationFailure, CancelledFailure, defineQuery, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { evaluate, parseExpression } from '../core/graph/expression';
import { runScope } from '../core/graph/resolve-params';
import {
  approveArgsSchema,
  GraphFailureTypes,
  graphRunInputSchema,
  type ApproveArgs,
  type Decision,
  type GraphRunInput,
  type GraphRunResult,
  type NodeFailedDetails,
  type NodeRunState,
} from '../core/graph/run-state';
import { nodeExecutor } from './graph-node-runners';
import { describeFailure, initialNodeStates, planGraph, runGraph, type NodeOutputs } from './graph-scheduler';

/** Every node's state, live while the run is open and from a replay once it closed. */
export const nodeStatesQuery = defineQuery<Record<string, NodeRunState>>('nodeStates');

/** Decides an approval node that is waiting; refused for any other node. */
export const approveUpdate = defineUpdate<Decision, [ApproveArgs]>('approve');

// Cancelling a run is Temporal's own cancellation (WorkflowHandle.cancel()): running nodes end 'cancelled'.

function parseInput(raw: GraphRunInput): GraphRunInput {
  const parsed = graphRunInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  throw ApplicationFailure.create({ type: GraphFailureTypes.invalidGraph, message, nonRetryable: true });
}

/**
 * Interprets any valid graph: one workflow type for every pipeline users compose. Nodes run as activities (side
 * effects), in the workflow (expressions), or as Temporal primitives (timers, updates, child workflows).
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
        const { nodeId } = approveArgsSchema.parse(args);
        if (states[nodeId]?.status !== 'waiting' || decisions.has(nodeId)) throw new Error(`node '${nodeId}' is not waiting for approval`);
      },
    },
  );

  const run = parseInput(raw);
  const plan = planGraph(run.graph);
  Object.assign(states, initialNodeStates(plan));
  const outputs: NodeOutputs = {};
  const { workflowId } = workflowInfo();
  const outcome = await runGraph(plan, states, outputs, nodeExecutor({ workflowId, input: run.input, outputs, depth: run.depth ?? 0, plan, decisions }));

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
