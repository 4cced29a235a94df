import { z } from 'zod';
import type { NodeRuntime, NodeType } from './node-type';
import { alertNotify } from './nodes/alert-notify';
import { approval } from './nodes/approval';
import { backtestRotation } from './nodes/backtest-rotation';
import { backtestRun } from './nodes/backtest-run';
import { backtestSearch } from './nodes/backtest-search';
import { backtestValidate } from './nodes/backtest-validate';
import { chanlunAnalyze } from './nodes/chanlun-analyze';
import { chanlunScan } from './nodes/chanlun-scan';
import { condition } from './nodes/condition';
import { delay } from './nodes/delay';
import { fetchBars } from './nodes/fetch-bars';
import { forEach } from './nodes/for-each';
import { httpRequest } from './nodes/http-request';
import { importKlines } from './nodes/import-klines';
import { log } from './nodes/log';
import { subgraph } from './nodes/subgraph';
import { switchHandles, switchNode } from './nodes/switch';
import { transform } from './nodes/transform';
import { strategyGenerate } from './nodes/strategy-generate';
import { strategyReport } from './nodes/strategy-report';
import { manualTrigger } from './nodes/trigger-manual';

export { defineNodeType, nodeErrorSchema, nodeRuntimeSchema, type NodeKind, type NodeRuntime, type NodeType } from './node-type';

/**
 * The node catalog: imported by the web palette, the API validator, the interpreter workflow and the MCP server.
 * Adding a node type = one file in nodes/ and one line here.
 */
export const nodeTypes: NodeType[] = [
  manualTrigger, httpRequest, transform, condition, switchNode, delay, approval, log, subgraph, forEach, importKlines,
  fetchBars, strategyGenerate, backtestRun, backtestValidate, backtestSearch, backtestRotation, strategyReport,
  chanlunAnalyze, chanlunScan, alertNotify,
] as NodeType[];

const byKey = new Map(nodeTypes.map((t) => [`${t.type}@${t.version}`, t]));

export function findNodeType(type: string, version = 1): NodeType | undefined {
  return byKey.get(`${type}@${version}`);
}

export const nodeTypeKey = (type: string, version: number) => `${type}@${version}`;

const runtimes = new Map<string, NodeRuntime>();

/** The run-time half of a node type (memoised: JSON Schema conversion is not free). */
export function nodeRuntime(t: NodeType): NodeRuntime {
  const key = nodeTypeKey(t.type, t.version);
  let r = runtimes.get(key);
  if (!r) {
    r = {
      type: t.type,
      version: t.version,
      kind: t.kind,
      ...(t.activity ? { activity: t.activity } : {}),
      ...(t.workflow ? { workflow: t.workflow } : {}),
      taskQueue: t.taskQueue,
      defaults: t.defaults,
      expressionParams: t.expressionParams ?? [],
      params: z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    };
    runtimes.set(key, r);
  }
  return r;
}

/** Run-time descriptions of the node types a graph uses, keyed `type@version`; unknown types are left out. */
export function runtimesFor(nodes: readonly { type: string; typeVersion: number }[]): Record<string, NodeRuntime> {
  const out: Record<string, NodeRuntime> = {};
  for (const n of nodes) {
    const t = findNodeType(n.type, n.typeVersion);
    if (t) out[nodeTypeKey(t.type, t.version)] = nodeRuntime(t);
  }
  return out;
}

/** Output handles of a node, including per-case handles of a switch and the error handle of an error-branch node. */
export function outputHandles(t: NodeType, params: Record<string, unknown>, onError: string): string[] {
  const base = t.type === switchNode.type ? switchHandles(params) : Object.keys(t.outputs);
  return onError === 'error-branch' ? [...base, 'error'] : base;
}

/** The catalog as plain JSON (JSON Schema for params and outputs), for the web, the API and MCP. */
export function catalogJson() {
  return nodeTypes.map((t) => ({
    type: t.type,
    version: t.version,
    title: t.title,
    category: t.category,
    description: t.description,
    kind: t.kind,
    taskQueue: t.taskQueue,
    defaults: t.defaults,
    expressionParams: t.expressionParams ?? [],
    params: z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }),
    outputs: Object.fromEntries(Object.entries(t.outputs).map(([k, s]) => [k, z.toJSONSchema(s, { unrepresentable: 'any' })])),
  }));
}
export type CatalogEntry = ReturnType<typeof catalogJson>[number];
