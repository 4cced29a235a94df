import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestKey } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

const platform = useBrowserPlatform();
const output = e2eOutput;

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real pointer drag between two handles, the way a user draws a wire. */
async function drawWire(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** What has keyboard focus: its test id, or the node id React Flow puts on a focused node or wire. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    type El = { tagName: string; getAttribute(name: string): string | null };
    const el = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
    if (!el) return 'nothing';
    const id = el.getAttribute('data-id');
    return id ? `canvas:${id}` : (el.getAttribute('data-testid') ?? el.tagName.toLowerCase());
  });
}

async function dropFromPalette(page: Page, type: string, at: { x: number; y: number }): Promise<void> {
  await byTestId(page, `palette-item-${type}`).dragTo(byTestId(page, 'canvas'), { targetPosition: at });
}

describe('graph designer', () => {
  it('builds a graph by dragging, refuses a mistyped wire, saves, runs it and shows each node completed', async () => {
    const key = await createTestKey('admin');
    const created = await platform.api.request('POST', '/api/graphs', { key, body: { name: 'Designer e2e', graph: { nodes: [], edges: [] } } });
    expect(created.status).toBe(201);
    const graphId: string = created.body.id;

    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1600, height: 1000 } });

    await page.goto(`${platform.api.url}/graphs/${graphId}`);
    await byTestId(page, 'palette-item-trigger.manual').waitFor();

    await byTestId(page, 'palette-search').fill('transform');
    expect(await byTestId(page, 'palette-item-notify.log').count()).toBe(0);
    await byTestId(page, 'palette-search').fill('');

    await dropFromPalette(page, 'trigger.manual', { x: 160, y: 200 });
    await dropFromPalette(page, 'data.transform', { x: 520, y: 200 });
    await dropFromPalette(page, 'notify.log', { x: 880, y: 200 });
    await byTestId(page, 'node-trigger').waitFor();
    await byTestId(page, 'node-transform').waitFor();
    await byTestId(page, 'node-log').waitFor();

    await drawWire(page, byTestId(page, 'handle-trigger-source-out'), byTestId(page, 'handle-transform-target-$trigger'));
    await drawWire(page, byTestId(page, 'handle-transform-source-out'), byTestId(page, 'handle-log-target-message'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // An object output cannot feed a number param: the wire is refused and the designer says why.
    // High enough that the wire's end stays clear of the edge band where React Flow pans the canvas mid-drag.
    await dropFromPalette(page, 'http.request', { x: 520, y: 400 });
    await byTestId(page, 'node-request').waitFor();
    await drawWire(page, byTestId(page, 'handle-log-source-out'), byTestId(page, 'handle-request-target-timeoutMs'));
    await byTestId(page, 'connection-refused').waitFor();
    expect(await byTestId(page, 'connection-refused').textContent()).toMatch(/object.*integer|timeoutMs/);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await page.screenshot({ path: path.join(output, 'designer-refused.png') });

    // The request node was only there to be refused; undo takes it away again.
    await byTestId(page, 'undo').click();
    await expect.poll(() => byTestId(page, 'node-request').count()).toBe(0);

    await byTestId(page, 'node-transform').click();
    await byTestId(page, 'inspector').getByTestId('param-expression').fill("upper('hello ') + 'designer'");
    await expect.poll(() => byTestId(page, 'problems').textContent(), { timeout: 10_000 }).toMatch(/No problems/);
    await page.screenshot({ path: path.join(output, 'designer-built.png') });

    await byTestId(page, 'save-graph').click();
    await expect.poll(() => byTestId(page, 'save-graph').textContent()).toMatch(/Saved · v2/);
    const saved = await platform.api.request('GET', `/api/graphs/${graphId}`, { key });
    expect(saved.body.graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['log', 'transform', 'trigger']);
    expect(saved.body.graph.edges).toHaveLength(2);

    await byTestId(page, 'run-graph').click();
    await byTestId(page, 'run-input-submit').click();
    await byTestId(page, 'node-status-log').waitFor();
    const statuses = page.locator('[data-testid^="node-status-"]');
    await expect
      .poll(async () => (await statuses.allTextContents()).join(','), { timeout: 120_000 })
      .toBe('completed,completed,completed');
    await page.screenshot({ path: path.join(output, 'designer-run-completed.png') });

    await byTestId(page, 'node-log').click();
    await byTestId(page, 'node-output').waitFor();
    expect(await byTestId(page, 'node-output').textContent()).toContain('HELLO designer');
    await page.screenshot({ path: path.join(output, 'designer-node-output.png') });

    // The graph's runs list: the run just finished is there, and picking it brings a hidden overlay back.
    const runId = (await byTestId(page, 'run-bar').locator('.mono').first().textContent())!.trim();
    await page.getByRole('button', { name: 'Hide run' }).click();
    await expect.poll(() => statuses.count()).toBe(0);
    await byTestId(page, 'graph-runs').click();
    const runRow = byTestId(page, `graph-run-${runId}`);
    await runRow.waitFor();
    expect(await runRow.textContent()).toMatch(/COMPLETED/);
    await runRow.click();
    await expect
      .poll(async () => (await statuses.allTextContents()).join(','), { timeout: 30_000 })
      .toBe('completed,completed,completed');
    expect(await runRow.getAttribute('aria-current')).toBe('true');
    expect(new URL(page.url()).searchParams.get('run')).toBe(runId);
    await page.screenshot({ path: path.join(output, 'designer-runs-list.png') });

    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('builds, wires, fills and saves a graph with the keyboard alone', async () => {
    const key = await createTestKey('admin');
    const created = await platform.api.request('POST', '/api/graphs', { key, body: { name: 'Keyboard e2e', graph: { nodes: [], edges: [] } } });
    const graphId: string = created.body.id;
    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${platform.api.url}/graphs/${graphId}`);
    await byTestId(page, 'palette-item-trigger.manual').waitFor();
    const kb = page.keyboard;

    // "?" lists the shortcuts; Escape closes the list again.
    await kb.press('?');
    await byTestId(page, 'keyboard-help').waitFor();
    expect(await byTestId(page, 'keyboard-help').textContent()).toMatch(/Ctrl\+K.*Delete/s);
    await kb.press('Escape');
    await expect.poll(() => byTestId(page, 'keyboard-help').count()).toBe(0);

    // "/" searches node types; ↓ walks the list, Enter adds the type, and the new node has focus on the canvas.
    await kb.press('/');
    expect(await focused(page)).toBe('palette-search');
    await kb.type('run input');
    await kb.press('ArrowDown');
    expect(await focused(page)).toBe('palette-item-trigger.manual');
    await kb.press('Enter');
    await byTestId(page, 'node-trigger').waitFor();
    await expect.poll(() => focused(page)).toBe('canvas:trigger');

    // Ctrl+K searches too; Enter in the search box adds the first match.
    await kb.press('Control+k');
    expect(await focused(page)).toBe('palette-search');
    await kb.type('transform');
    await kb.press('Enter');
    await byTestId(page, 'node-transform').waitFor();
    await expect.poll(() => focused(page)).toBe('canvas:transform');

    // Delete removes the focused node, through the store, so Ctrl+Z brings it back.
    await kb.press('Delete');
    await expect.poll(() => byTestId(page, 'node-transform').count()).toBe(0);
    await kb.press('Control+z');
    await byTestId(page, 'node-transform').waitFor();

    // Tab walks from the palette onto the canvas nodes; Enter opens the focused node in the inspector.
    await kb.press('/');
    await kb.press('Tab');
    expect(await focused(page)).toBe('canvas:trigger');
    await kb.press('Tab');
    expect(await focused(page)).toBe('canvas:transform');
    await kb.press('Enter');
    await expect.poll(() => focused(page)).toBe('param-expression');
    await kb.type("upper('hello ') + 'keyboard'");

    // Connections: pick the other node, then the wire; refused wires are listed with the canvas's own reason.
    await kb.press('Tab');
    expect(await focused(page)).toBe('connect-peer');
    await kb.press('ArrowDown');
    await kb.press('Tab');
    expect(await focused(page)).toBe('connect-wire');
    expect(await byTestId(page, 'connect-wire').inputValue()).toBe('trigger.out->transform.$trigger');
    const refused = await byTestId(page, 'connect-wire').locator('option[disabled]').allTextContents();
    expect(refused.join('\n')).toMatch(/trigger\.out → transform\.expression — refused: trigger\.out gives object, but transform\.expression needs string/);
    await kb.press('Tab');
    expect(await focused(page)).toBe('connect-submit');
    await kb.press('Enter');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    expect(await byTestId(page, 'connect-status').textContent()).toBe('Connected trigger.out → transform (run after).');
    expect(await focused(page)).toBe('connect-peer');
    await byTestId(page, 'connection-trigger.out->transform.$trigger').waitFor();
    await page.screenshot({ path: path.join(output, 'designer-keyboard-connect.png') });

    // Escape goes back to the node on the canvas. Wires take focus too: Space selects one, Delete removes it.
    await kb.press('Escape');
    await expect.poll(() => focused(page)).toBe('canvas:transform');
    await kb.press('/');
    await kb.press('Tab');
    expect(await focused(page)).toBe('canvas:trigger.out->transform.$trigger');
    await kb.press(' ');
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(1);
    await kb.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(0);
    await kb.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    await expect.poll(() => byTestId(page, 'problems').textContent(), { timeout: 10_000 }).toMatch(/No problems/);
    await page.screenshot({ path: path.join(output, 'designer-keyboard.png') });
    await kb.press('Control+s');
    await expect.poll(() => byTestId(page, 'save-graph').textContent()).toMatch(/Saved · v2/);
    const saved = await platform.api.request('GET', `/api/graphs/${graphId}`, { key });
    expect(saved.body.graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['transform', 'trigger']);
    expect(saved.body.graph.nodes.find((n: { id: string }) => n.id === 'transform').params).toEqual({ expression: "upper('hello ') + 'keyboard'" });
    expect(saved.body.graph.edges).toEqual([
      expect.objectContaining({ source: 'trigger', sourceHandle: 'out', target: 'transform', targetHandle: '$trigger' }),
    ]);

    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
