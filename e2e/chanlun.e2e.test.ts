import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestKey, waitFor, waitForRun } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

const platform = useBrowserPlatform();
const DAILY_FILE = '../shared/data/ashare/000001.SH_D.csv';
const MINUTE_FILE = '../shared/data/ashare/000001.XSHG_1min.zip';
const SYMBOL = '000001.SH';

async function importFile(key: string, file: string): Promise<{ symbol: string; timeframe: string }> {
  const started = await platform.api.request('POST', '/api/imports', { key, body: { source: { type: 'path', path: file } } });
  expect(started.status).toBe(202);
  const run = await waitForRun(platform.api, key, started.body.workflowId, 300_000);
  expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
  return run.result as { symbol: string; timeframe: string };
}

/** The chart's pixels: the canvases lightweight-charts draws, as one PNG. */
const chartImage = (chart: Locator) => chart.screenshot({ animations: 'disabled' });

/** Waits until the chart's pixels differ from `before` (the chart redraws on the next animation frame). */
async function expectRedrawn(chart: Locator, before: Buffer, what: string): Promise<Buffer> {
  let after = before;
  await expect.poll(async () => {
    after = await chartImage(chart);
    return after.equals(before);
  }, { message: `${what} changes the chart`, timeout: 10_000 }).toBe(false);
  return after;
}

const tableRows = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] tbody tr`);
const navLink = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
/** Full-page screenshots from the top, so the sticky top bar sits where it belongs. */
async function screenshot(page: Page, name: string): Promise<void> {
  // The root tsconfig has no DOM lib: this is the one window method used.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: path.join(e2eOutput, name), fullPage: true });
}
const badgeText = (n: number) => (n > 99 ? '99+' : String(n));

describe('ChanLun, schedules and alerts in the browser', () => {
  it('charts the structure, subscribes, schedules the scan and receives its alerts live', { timeout: 900_000 }, async () => {
    const key = await createTestKey('trader', 'pro');
    expect(await importFile(key, DAILY_FILE)).toMatchObject({ symbol: SYMBOL, timeframe: '1d' });

    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1440, height: 1000 } });

    // The chart of the daily series: candles, structure and a points table holding every point the API reports.
    await navLink(page, /^ChanLun$/).click();
    await page.waitForURL(/\/chanlun/);
    const chart = page.getByTestId('chan-chart');
    await chart.locator('canvas').first().waitFor();
    await page.getByTestId('points-table').waitFor();
    const api = (await platform.api.request('GET', `/api/chanlun/${SYMBOL}?timeframe=1d`, { key })).body;
    const points: { type: string; side: string; confirmed: boolean; price: string; reason: string }[] = api.points;
    expect(points.length).toBeGreaterThan(0);
    expect(await page.getByTestId('points-count').textContent()).toBe(points.length.toLocaleString('en-US'));
    expect(await tableRows(page, 'points-table').count()).toBe(Math.min(points.length, 100));
    // Newest first, labelled by type and side as on the chart, with the engine's reason.
    const newest = points[points.length - 1]!;
    const firstRow = tableRows(page, 'points-table').first();
    expect(await firstRow.getAttribute('data-point')).toBe(`${newest.type}${newest.side === 'buy' ? 'B' : 'S'}`);
    expect(await firstRow.textContent()).toContain(newest.reason);
    expect(await firstRow.textContent()).toContain(newest.price);
    expect(await page.getByTestId('layer-strokes').locator('xpath=..').textContent()).toContain(api.strokes.length.toLocaleString('en-US'));
    expect(await page.getByTestId('chan-summary').textContent()).toContain(`${api.bars.toLocaleString('en-US')} bars`);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);

    // Hovering shows the bar's exact prices.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4);
    await page.getByTestId('chan-tooltip').waitFor();
    expect(await page.getByTestId('chan-tooltip').textContent()).toMatch(/O \d+(\.\d+)? H \d/);
    await page.mouse.move(box.x + box.width + 40, box.y - 40);

    // Each layer toggle redraws the chart without it, and back: strokes (line series) and centers (the box primitive).
    let image = await chartImage(chart);
    await page.getByTestId('layer-strokes').uncheck();
    image = await expectRedrawn(chart, image, 'hiding the strokes');
    expect(await page.getByTestId('layer-strokes').isChecked()).toBe(false);
    await page.getByTestId('layer-strokes').check();
    image = await expectRedrawn(chart, image, 'showing the strokes');
    if (api.strokeCenters.length) {
      await page.getByTestId('layer-strokeCenters').uncheck();
      image = await expectRedrawn(chart, image, 'hiding the stroke centers');
      await page.getByTestId('layer-strokeCenters').check();
      image = await expectRedrawn(chart, image, 'showing the stroke centers');
    }
    await page.getByTestId('layer-fractals').uncheck();
    image = await expectRedrawn(chart, image, 'hiding the fractals');
    await page.getByTestId('layer-fractals').check();
    await expectRedrawn(chart, image, 'showing the fractals');

    // Subscribe to alerts on this series: stored for the caller with the chart's symbol and timeframe.
    await page.getByTestId('chan-sub-submit').click();
    await page.getByTestId('chan-sub-done').waitFor();
    const subs = (await platform.api.request('GET', '/api/alerts/subscriptions', { key })).body.subscriptions;
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ symbols: [SYMBOL], timeframe: '1d', side: 'both', pointTypes: ['1', '2', '2s', '3a', '3b'] });
    await screenshot(page, 'chanlun-chart.png');

    // The level switcher on a 1-minute source: 30-minute bars resampled by the server, analysed from the first shown.
    const minute = await importFile(key, MINUTE_FILE);
    expect(minute.timeframe).toBe('1m');
    await page.goto(`${platform.api.url}/chanlun?symbol=${encodeURIComponent(minute.symbol)}`);
    await page.getByTestId('chan-level-30m').click();
    await page.waitForURL(/timeframe=30m/);
    await page.getByTestId('points-table').or(page.getByText('No buy or sell points on this level.')).first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('chan-summary').textContent()).toMatch(/30m \(resampled from 1m\)/);
    expect(await page.getByTestId('chan-level-30m').getAttribute('aria-pressed')).toBe('true');
    await chart.locator('canvas').first().waitFor();
    await screenshot(page, 'chanlun-30m.png');

    // The scan graph, from its template; which buy types it alerts on is split across two runs below.
    const templates = (await platform.api.request('GET', '/api/templates', { key })).body.templates as { id: string }[];
    expect(templates.map((t) => t.id)).toContain('chanlun-scan');
    const graph = (await platform.api.request('POST', '/api/templates/chanlun-scan/instantiate', { key, body: {} })).body;
    const buyTypes = [...new Set(points.filter((p) => p.side === 'buy').map((p) => p.type))];
    expect(buyTypes.length, `buy point types on ${SYMBOL} 1d`).toBeGreaterThanOrEqual(2);
    const [firstType, ...laterTypes] = buyTypes;
    const scanInput = (types: string[]) => ({ symbols: [SYMBOL], timeframe: '1d', path: DAILY_FILE, types, withinBars: 100_000, confirmedOnly: false });

    // Schedules: create one for the scan graph through the form; a bad cron is refused with its field named first.
    await navLink(page, /^Schedules$/).click();
    await page.getByTestId('new-schedule').click();
    await page.getByTestId('sched-graph').selectOption(graph.id);
    await expect.poll(async () => page.getByTestId('sched-input').inputValue()).toContain('withinBars');
    await page.getByTestId('sched-input').fill(JSON.stringify(scanInput([firstType!]), null, 2));
    await page.getByTestId('sched-cron').fill('0 25 * * 1-5');
    await page.getByTestId('sched-submit').click();
    await page.locator('#sched-cron-error').waitFor();
    expect(await page.locator('#sched-cron-error').textContent()).toMatch(/hour field: 25 is out of range/);
    await page.getByTestId('sched-cron').fill('0 16 * * 1-5');
    await page.getByTestId('sched-submit').click();
    const card = page.getByTestId('schedule-card').first();
    await card.waitFor();
    const scheduleId = (await card.getAttribute('data-schedule-id'))!;
    expect(scheduleId).toContain(graph.id);
    expect(await card.getByTestId('schedule-spec').textContent()).toBe('cron 0 16 * * 1-5 (Asia/Shanghai)');
    expect(await card.getByTestId('schedule-next').textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // Listed by the server too (Temporal's visibility store catches up within moments).
    await waitFor('the schedule to be listed', async () => {
      const listed = (await platform.api.request('GET', '/api/schedules', { key })).body.schedules as { id: string }[];
      return listed.some((s) => s.id === scheduleId);
    }, 30_000);
    await page.reload();
    await page.locator(`[data-schedule-id="${scheduleId}"]`).waitFor();

    // Trigger now: the run shows under recent runs, linked to its run page; its alerts arrive while on this page.
    const scheduled = page.locator(`[data-schedule-id="${scheduleId}"]`);
    await scheduled.getByTestId('schedule-trigger').click();
    await scheduled.getByTestId('schedule-run-link').first().waitFor({ timeout: 30_000 });
    const detail = (await platform.api.request('GET', `/api/schedules/${scheduleId}`, { key })).body;
    const runId: string = detail.recentRuns[0].workflowId;
    expect(await scheduled.getByTestId('schedule-run-link').first().getAttribute('href')).toBe(`/runs/${encodeURIComponent(runId)}`);
    const run = await waitForRun(platform.api, key, runId);
    expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
    // This user's alerts (the run may also reach other test files' users subscribed to the same symbol): one per point
    // for the graph's owner and one for the subscription made on the chart page.
    const recorded: number = (await platform.api.request('GET', '/api/alerts?limit=200', { key })).body.alerts.length;
    expect(recorded).toBe(2 * points.filter((p) => p.side === 'buy' && p.type === firstType).length);
    await page.getByTestId('alert-toast').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('alert-badge').textContent()).toBe(badgeText(recorded));

    // Pause: shown as paused with no next runs, and paused in Temporal.
    await scheduled.getByTestId('schedule-pause').click();
    await expect.poll(() => scheduled.getAttribute('data-paused')).toBe('true');
    expect(await scheduled.getByTestId('schedule-next').textContent()).toBe('none while paused');
    expect((await platform.api.request('GET', `/api/schedules/${scheduleId}`, { key })).body.paused).toBe(true);
    await screenshot(page, 'schedules.png');

    // Alerts: the scan's alerts are listed; a second scan for the other buy types sends new ones over the stream.
    await navLink(page, /^Alerts/).click();
    await page.getByTestId('alerts-table').waitFor();
    await expect.poll(() => page.getByTestId('alert-stream-status').getAttribute('data-state')).toBe('live');
    expect(await page.getByTestId('alert-badge').count()).toBe(0);
    const alertCount = async () => Number(await page.getByTestId('alerts-count').textContent());
    // Every alert that arrived over the stream is listed (the page keeps up to 200), 50 rows at first.
    const before = await alertCount();
    expect(before).toBe(Math.min(recorded, 200));
    expect(await tableRows(page, 'alerts-table').count()).toBe(Math.min(before, 50));

    // A dropped stream is reopened from the last alert held: the first stream of a fresh page load is cut off here,
    // and the page reconnects by itself with the newest alert's id as the cursor.
    const streams: string[] = [];
    await page.route('**/api/alerts/stream?*', async (route) => {
      streams.push(route.request().url());
      if (streams.length === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    await page.reload();
    await page.getByTestId('alerts-table').waitFor();
    await expect.poll(() => page.getByTestId('alert-stream-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    const newestId: string = (await platform.api.request('GET', '/api/alerts?limit=1', { key })).body.alerts[0].id;
    expect(streams.length).toBe(2);
    expect(streams.map((u) => new URL(u).searchParams.get('lastEventId'))).toEqual([newestId, newestId]);
    // After a load the list holds the server's latest page.
    const loaded = await alertCount();
    expect(loaded).toBe(Math.min(recorded, 50));
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).__sameDocument = true;
    });
    // The test database is shared with other files whose users may subscribe to the same symbol: count this user's
    // alerts, not every recipient the run reached.
    const mine = async () => (await platform.api.request('GET', '/api/alerts?limit=200', { key })).body.alerts.length as number;
    const mineBefore = await mine();
    const second = await platform.api.request('POST', `/api/graphs/${graph.id}/runs`, { key, body: { input: scanInput(laterTypes) } });
    expect(second.status).toBe(202);
    const secondRun = await waitForRun(platform.api, key, second.body.workflowId);
    expect(secondRun.status, JSON.stringify(secondRun.failure)).toBe('COMPLETED');
    expect(secondRun.result.outputs.recorded).toBeGreaterThan(0);
    const more = (await mine()) - mineBefore;
    expect(more).toBeGreaterThan(0);
    await expect.poll(alertCount, { timeout: 15_000 }).toBe(Math.min(loaded + more, 200));
    const top = await tableRows(page, 'alerts-table').first().textContent();
    expect(laterTypes.some((t) => top!.includes(`type-${t} buy`))).toBe(true);
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).__sameDocument)).toBe(true);
    const listed = (await platform.api.request('GET', '/api/alerts?limit=1', { key })).body.alerts[0];
    expect(await tableRows(page, 'alerts-table').first().getAttribute('data-alert-id')).toBe(listed.id);
    // The plan's usage: one active subscription of the pro plan's 50.
    expect(await page.locator('[data-testid="quota"] [data-tool="subscribe_alert"]').textContent()).toContain('1 / 50');
    await screenshot(page, 'alerts.png');

    // The browser logs every failed request: the refused cron and the stream cut off above, nothing else.
    const expected = [/status of 400/, /ERR_CONNECTION_RESET/];
    expect(consoleErrors.filter((e) => !expected.some((re) => re.test(e)))).toEqual([]);
    expect(expected.map((re) => consoleErrors.filter((e) => re.test(e)).length)).toEqual([1, 1]);
  });
});
