import { CancellationScope, executeChild } from '@temporalio/workflow';
import type { Graph } from '../core/graph/model';
import type { NodeRuntime } from '../core/catalog';
import { GraphWorkflowTypes } from '../core/graph/run-protocol';
import type { ForEachBatchInput } from '../core/graph/run-state';
import type { graphRun } from './graph-run';

/**
 * Each item's run costs its parent a handful of history events (child initiated, started, completed, and the
 * workflow tasks between), so up to this many items run straight from the graph's workflow; longer lists go through
 * `graphForEachBatch` children holding this many items each, which keeps every history at a few thousand events.
 */
export const FOR_EACH_BATCH_SIZE = 200;

/** Runs `fn` over the items, at most `limit` at a time, results in item order; the first failure cancels the rest. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const scope = new CancellationScope();
  return scope.run(async () => {
    const results = new Array<R>(items.length);
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    } catch (err) {
      scope.cancel();
      throw err;
    }
    return results;
  });
}

/** Runs the body graph once per item as `graphRun` children; returns their outputs in item order. */
export async function runItems(o: ForEachBatchInput): Promise<unknown[]> {
  return mapLimited(o.items, o.concurrency, async (item, i) => {
    const index = o.offset + i;
    const result = await executeChild<typeof graphRun>(GraphWorkflowTypes.run, {
      workflowId: `${o.parentWorkflowId}/${o.nodeId}/${index}`,
      args: [{ graphId: o.graphId, version: o.version, graph: o.graph, types: o.types, input: { item, index }, depth: o.depth }],
    });
    return result.outputs;
  });
}

/** One slice of a long for-each, so the parent's history holds one child per batch instead of one per item. */
export async function graphForEachBatch(input: ForEachBatchInput): Promise<unknown[]> {
  return runItems(input);
}

export interface ForEachRun {
  parentWorkflowId: string;
  /** Node id, with the re-run suffix when there is one: item workflow ids derive from it. */
  nodeKey: string;
  graphId: string;
  version: number;
  graph: Graph;
  types: Record<string, NodeRuntime>;
  items: unknown[];
  concurrency: number;
  /** Depth of the item runs. */
  depth: number;
}

/** Batches run one after another, each with `concurrency` item runs at a time, so the limit holds for the node. */
export async function runForEach(o: ForEachRun): Promise<unknown[]> {
  const base = { parentWorkflowId: o.parentWorkflowId, nodeId: o.nodeKey, graphId: o.graphId, version: o.version, graph: o.graph, types: o.types, concurrency: o.concurrency, depth: o.depth };
  if (o.items.length <= FOR_EACH_BATCH_SIZE) return runItems({ ...base, items: o.items, offset: 0 });
  const results: unknown[] = [];
  for (let offset = 0; offset < o.items.length; offset += FOR_EACH_BATCH_SIZE) {
    const outputs = await executeChild<typeof graphForEachBatch>(GraphWorkflowTypes.forEachBatch, {
      workflowId: `${o.parentWorkflowId}/${o.nodeKey}/batch-${offset / FOR_EACH_BATCH_SIZE}`,
      args: [{ ...base, items: o.items.slice(offset, offset + FOR_EACH_BATCH_SIZE), offset }],
      staticSummary: `items ${offset}–${Math.min(offset + FOR_EACH_BATCH_SIZE, o.items.length) - 1} of ${o.nodeKey}`,
    });
    results.push(...outputs);
  }
  return results;
}
