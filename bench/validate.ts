import { validateGraph } from '../core/graph/validate';

/**
 * `npm run bench:validate`: validation time of a 200-node graph (a chain of transforms, conditions and logs, each
 * reading upstream outputs by expression), cold (first call: JSON Schemas built) and warm (median of 100).
 */
const N = Number(process.env.BENCH_NODES ?? 200);

function bigGraph(n: number) {
  const nodes: Record<string, unknown>[] = [{ id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 } }];
  const edges: Record<string, unknown>[] = [];
  // What downstream nodes read from the previous node: conditions fire 'true', the others 'out'.
  let prev = 'start.out';
  for (let i = 1; i < n; i++) {
    const id = `n${i}`;
    const kind = i % 3;
    if (kind === 0) nodes.push({ id, type: 'notify.log', params: { message: { $template: `step ${i}: {{ nodes.${prev} }}` } } });
    else if (kind === 1) nodes.push({ id, type: 'data.transform', params: { expression: `len(string(nodes.${prev})) + ${i}` } });
    else nodes.push({ id, type: 'flow.condition', params: { condition: `nodes.${prev} != null`, value: { $expr: `nodes.${prev}` } } });
    const [source, sourceHandle] = prev.split('.') as [string, string];
    edges.push({ id: `e${i}`, source, sourceHandle, target: id });
    prev = `${id}.${kind === 2 ? 'true' : 'out'}`;
  }
  return { nodes, edges };
}

const graph = bigGraph(N);
const t0 = performance.now();
const first = validateGraph(graph);
const coldMs = performance.now() - t0;
if (!first.valid) throw new Error(`bench graph must be valid: ${JSON.stringify(first.problems.slice(0, 3))}`);
const times: number[] = [];
for (let i = 0; i < 100; i++) {
  const s = performance.now();
  validateGraph(graph);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const p50 = times[50]!;
const p95 = times[95]!;
console.log(`validateGraph, ${N} nodes / ${N - 1} edges (transforms, conditions, logs with expressions)`);
console.log(`  cold (first call)   ${coldMs.toFixed(2)} ms`);
console.log(`  warm p50            ${p50.toFixed(2)} ms`);
console.log(`  warm p95            ${p95.toFixed(2)} ms   (goal: well under 50 ms)`);
console.log(JSON.stringify({ nodes: N, cold_ms: Number(coldMs.toFixed(2)), p50_ms: Number(p50.toFixed(2)), p95_ms: Number(p95.toFixed(2)) }));
