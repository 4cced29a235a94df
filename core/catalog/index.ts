import { z } from 'zod';
import type { NodeType } from './node-type';
import { approval } from './nodes/approval';
import { condition } from './nodes/condition';
import { delay } from './nodes/delay';
import { forEach } from './nodes/for-each';
import { httpRequest } from './nodes/http-request';
import { importKlines } from './nodes/import-klines';
import { log } from './nodes/log';
import { subgraph } from './nodes/subgraph';
import { switchHandles, switchNode } from './nodes/switch';
import { transform } from './nodes/transform';
import { manualTrigger } from './nodes/trigger-manual';

export { defineNodeType, nodeErrorSchema, type NodeType, type NodeKind } from './node-type';

/**
 * The node catalog: imported by the web palette, the API validator, the interpreter workflow and the MCP server.
 * Adding a node type = one file in nodes/ and one line here.
 */
export const nodeTypes: NodeType[] = [
  manualTrigger, httpRequest, transform, condition, switchNode, delay, approval, log, subgraph, forEach, importKlines,
] as NodeType[];

const byKey = new Map(nodeTypes.map((t) => [`${t.type}@${t.version}`, t]));

export function findNodeType(type: string, version = 1): NodeType | undefined {
  return byKey.get(`${type}@${version}`);
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
