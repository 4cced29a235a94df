import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestKey } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

const platform = useBrowserPlatform();

const NODE_COUNT = 300;
const COLUMNS = 20;
const GAP_X = 320;
const GAP_Y = 220;

/**
 * A valid chain of NODE_COUNT nodes (a trigger, then transforms, conditions and logs, each reading the previous
 * node's output by expression), laid out as a serpentine grid so every wire is short.
 */
function largeGraph(n: number) {
  const place = (i: number) => {
    const row = Math.floor(i / COLUMNS);
    const col = row % 2 === 0 ? i % COLUMNS : COLUMNS - 1 - (i % COLUMNS);
    return { x: col * GAP_X, y: row * GAP_Y };
  };
  const nodes: Record<string, unknown>[] = [{ id: 'start', type: 'trigger.manual', params: {}, position: place(0) }];
  const edges: Record<string, unknown>[] = [];
  let prev = 'start.out';
  for (let i = 1; i < n; i++) {
    const id = `n${i}`;
    const kind = i % 3;
    const position = place(i);
    if (kind === 0) nodes.push({ id, type: 'notify.log', params: { message: { $template: `step ${i}: {{ nodes.${prev} }}` } }, position });
    else if (kind === 1) nodes.push({ id, type: 'data.transform', params: { expression: `len(string(nodes.${prev})) + ${i}` }, position });
    else nodes.push({ id, type: 'flow.condition', params: { condition: `nodes.${prev} != null`, value: { $expr: `nodes.${prev}` } }, position });
    const [source, sourceHandle] = prev.split('.') as [string, string];
    edges.push({ id: `e${i}`, source, sourceHandle, target: id, targetHandle: '$trigger' });
    prev = `${id}.${kind === 2 ? 'true' : 'out'}`;
  }
  return { nodes, edges };
}

/** The page's globals, typed just enough for the code run inside Chromium (the root tsconfig has no DOM lib). */
interface PageElement {
  dataset: Record<string, string | undefined>;
  style: { visibility: string; transform: string };
  classList: { contains(name: string): boolean };
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement>;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  __frames: number[];
  __recording: boolean;
}

interface FrameStats {
  frames: number;
  durationMs: number;
  medianFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  fps: number;
}

function frameStats(timestamps: number[]): FrameStats {
  const deltas = timestamps.slice(1).map((t, i) => t - timestamps[i]!).sort((a, b) => a - b);
  const at = (q: number) => deltas[Math.min(deltas.length - 1, Math.floor(q * deltas.length))] ?? 0;
  const durationMs = timestamps.length > 1 ? timestamps[timestamps.length - 1]! - timestamps[0]! : 0;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    frames: deltas.length,
    durationMs: round(durationMs),
    medianFrameMs: round(at(0.5)),
    p95FrameMs: round(at(0.95)),
    maxFrameMs: round(deltas[deltas.length - 1] ?? 0),
    fps: durationMs > 0 ? round((deltas.length * 1000) / durationMs) : 0,
  };
}

/** Records every requestAnimationFrame timestamp in the page while `action` runs. */
async function measureFrames(page: Page, action: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__frames = [];
    w.__recording = true;
    const loop = (t: number) => {
      if (!w.__recording) return;
      w.__frames.push(t);
      w.requestAnimationFrame(loop);
    };
    w.requestAnimationFrame(loop);
  });
  await action();
  // Let the frames the last input caused be drawn before stopping.
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return new Promise((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(resolve)));
  });
  const timestamps = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__recording = false;
    return w.__frames;
  });
  return frameStats(timestamps);
}

/** Ids of the nodes React Flow has rendered and measured (hidden ones are still waiting for their size). */
function renderedNodeIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(globalThis as unknown as PageGlobals).document.querySelectorAll('.react-flow__node')]
      .filter((el) => el.style.visibility !== 'hidden')
      .map((el) => el.dataset.id!),
  );
}

function zoom(page: Page): Promise<number> {
  return page.evaluate(() => {
    const transform = (globalThis as unknown as PageGlobals).document.querySelector('.react-flow__viewport')!.style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? 1);
  });
}

/** A point on the empty canvas (the pane), away from nodes, controls and the minimap. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const box = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    for (let fy = 0.05; fy < 0.7; fy += 0.05) {
      for (let fx = 0.05; fx < 0.95; fx += 0.05) {
        const x = box.left + box.width * fx;
        const y = box.top + box.height * fy;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error('no empty spot on the canvas');
  return point;
}

async function mouseDrag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }, steps: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + (by.x * i) / steps, from.y + (by.y * i) / steps);
  }
  await page.mouse.up();
}

describe('graph designer with a large graph', () => {
  it('opens a 300-node graph with every node on the canvas, drags one node and pans smoothly, and saves the move', async () => {
    const key = await createTestKey('admin');
    const graph = largeGraph(NODE_COUNT);
    const validation = await platform.api.request('POST', '/api/graphs/validate', { key, body: { graph } });
    expect(validation.body).toMatchObject({ valid: true, problems: [] });
    const created = await platform.api.request('POST', '/api/graphs', { key, body: { name: 'Designer 300 nodes', graph } });
    expect(created.status).toBe(201);
    const graphId: string = created.body.id;

    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1600, height: 1000 } });

    // Time from navigation start (the page's time origin) to every node drawn and measured.
    await page.goto(`${platform.api.url}/graphs/${graphId}`);
    const allRendered = await page.waitForFunction(
      (n) => {
        const nodes = [...(globalThis as unknown as PageGlobals).document.querySelectorAll('.react-flow__node')];
        if (nodes.length < n || nodes.some((el) => el.style.visibility === 'hidden')) return false;
        return performance.now();
      },
      NODE_COUNT,
      { polling: 'raf', timeout: 60_000 },
    );
    const firstRenderMs = Math.round((await allRendered.jsonValue()) as number);
    // fitView runs once the nodes have sizes; wait for the viewport to settle.
    await page.waitForFunction(() => {
      const vp = (globalThis as unknown as PageGlobals).document.querySelector('.react-flow__viewport');
      return !!vp && !/scale\(1\)/.test(vp.style.transform);
    });
    const fitZoom = await zoom(page);

    const seen = new Set(await renderedNodeIds(page));
    expect(await page.getByText(`${NODE_COUNT} nodes`).count()).toBe(1);
    await expect.poll(() => page.getByTestId('problems').textContent(), { timeout: 15_000 }).toMatch(/No problems/);
    await page.screenshot({ path: path.join(e2eOutput, 'designer-large.png') });

    // Drag one node from the middle of the graph across the canvas, by its header.
    const dragged = 'n150';
    const before = graph.nodes.find((n) => n.id === dragged)!.position as { x: number; y: number };
    const header = page.getByTestId(`node-${dragged}`).locator('.flow-node__header');
    const box = (await header.boundingBox())!;
    const dragBy = { x: 420, y: 180 };
    const drag = await measureFrames(page, () =>
      mouseDrag(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, dragBy, 90),
    );
    const movedBox = (await header.boundingBox())!;
    expect(movedBox.x - box.x).toBeGreaterThan(dragBy.x * 0.8);

    // Pan with everything in view, then at 100 % zoom, where nodes come and go as they enter the viewport.
    const emptyPoint = await emptyPanePoint(page);
    const panFit = await measureFrames(page, () => mouseDrag(page, emptyPoint, { x: -360, y: -220 }, 90));
    const centre = await page.getByTestId('canvas').boundingBox();
    await page.mouse.move(centre!.x + centre!.width / 2, centre!.y + centre!.height / 2);
    for (let i = 0; i < 40 && (await zoom(page)) < 0.95; i++) {
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(30);
    }
    const zoomedIn = await zoom(page);
    const panZoomed = await measureFrames(page, async () => {
      const from = await emptyPanePoint(page);
      await mouseDrag(page, from, { x: -900, y: -500 }, 90);
      for (const id of await renderedNodeIds(page)) seen.add(id);
      await mouseDrag(page, await emptyPanePoint(page), { x: 900, y: 500 }, 90);
    });
    for (const id of await renderedNodeIds(page)) seen.add(id);
    expect(seen.size).toBe(NODE_COUNT);

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-graph').textContent(), { timeout: 30_000 }).toMatch(/Saved · v2/);
    const saved = await platform.api.request('GET', `/api/graphs/${graphId}`, { key });
    expect(saved.body.graph.nodes).toHaveLength(NODE_COUNT);
    const after = saved.body.graph.nodes.find((n: { id: string }) => n.id === dragged).position as { x: number; y: number };
    // The node moved by the pointer's travel divided by the zoom it was dragged at.
    expect(after.x - before.x).toBeGreaterThan((dragBy.x * 0.8) / fitZoom);
    expect(after.y - before.y).toBeGreaterThan((dragBy.y * 0.8) / fitZoom);
    const untouched = saved.body.graph.nodes.find((n: { id: string }) => n.id === 'n149').position;
    expect(untouched).toEqual(graph.nodes.find((n) => n.id === 'n149')!.position);

    const figures = {
      nodes: NODE_COUNT,
      edges: graph.edges.length,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
      viewport: { width: 1600, height: 1000 },
      firstRenderMs,
      fitZoom: Math.round(fitZoom * 1000) / 1000,
      dragNodeAtFitView: drag,
      panAtFitView: panFit,
      panAt100Percent: { zoom: Math.round(zoomedIn * 100) / 100, ...panZoomed },
    };
    writeFileSync(path.join(e2eOutput, 'designer-large.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`designer, ${NODE_COUNT} nodes:`, JSON.stringify(figures, null, 2));

    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
