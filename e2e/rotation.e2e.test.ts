import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../core/paths';
import { createTestKey, waitForRun } from '../test/helpers';
import { deriveDailyCsv } from '../test/derived-csv';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

const platform = useBrowserPlatform();

// The universe: the SSE Composite daily file and two series derived from it (as test/rotation.test.ts does, under
// symbols of their own): an "inverse" that rises when the index falls, and a damped one with suspension days.
const SHARED = path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.SH_D.csv');
const INDEX = '000001.SH';
const INVERSE = '510009.SH';
const DAMPED = '600029.SH';
const UNIVERSE = [INDEX, INVERSE, DAMPED];

async function importUniverse(key: string): Promise<void> {
  const source = readFileSync(SHARED, 'utf8');
  const files = [SHARED];
  for (const [symbol, csv] of [
    [INVERSE, deriveDailyCsv(source, INVERSE, (p) => 30000 / p, { swapHighLow: true })],
    [DAMPED, deriveDailyCsv(source, DAMPED, (p) => Math.sqrt(p) * 0.2, { skipEvery: 23 })],
  ] as const) {
    const file = path.join(process.env.LURUS_DATA_DIR!, `${symbol}_D.csv`);
    writeFileSync(file, csv);
    files.push(file);
  }
  const started = await Promise.all(files.map((file) => platform.api.request('POST', '/api/imports', { key, body: { source: { type: 'path', path: file } } })));
  for (const res of started) {
    expect(res.status, res.text).toBe(202);
    const run = await waitForRun(platform.api, key, res.body.workflowId);
    expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
  }
}

/** The chart's pixels, to tell that switching the symbol redrew it. */
const chartImage = (chart: Locator) => chart.screenshot({ animations: 'disabled' });

describe('momentum rotation in the browser', () => {
  it('starts a rotation from the library with checked fields, follows it, and reads a portfolio report with a symbol switcher', async () => {
    const key = await createTestKey('trader');
    await importUniverse(key);

    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1440, height: 900 } });
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });

    // The library lists the rotation apart from the single-symbol strategies; it opens a run form, not the editor.
    await page.getByRole('link', { name: 'Strategies' }).click();
    await page.getByTestId('new-from-library').click();
    await page.getByTestId('library-run-momentum-rotation').click();
    await page.waitForURL(/\/strategies\/portfolio\/momentum-rotation$/);
    await page.getByTestId('rotation-form').waitFor();
    expect(await page.getByTestId('rotation-timeframe').inputValue()).toBe('1d');
    expect(await page.getByTestId('param-lookback').inputValue()).toBe('20');
    expect(await page.locator('[data-param="lookback"] .hint').first().textContent()).toMatch(/Momentum window.*1 to 2000, whole numbers; default 20/);

    // Checked here first: nothing picked, a window of 0, half a symbol held. Nothing is sent.
    await page.getByTestId('param-lookback').fill('0');
    await page.getByTestId('param-top').fill('1.5');
    await page.getByTestId('rotation-submit').click();
    expect(await page.locator('#universe-error').textContent()).toMatch(/Pick the symbols/);
    expect(await page.locator('#param-lookback-error').textContent()).toBe('At least 1');
    expect(await page.locator('#param-top-error').textContent()).toBe('A whole number');
    expect(await page.getByTestId('param-lookback').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(e2eOutput, 'rotation-form-errors.png'), fullPage: true });

    for (const symbol of UNIVERSE) await page.getByTestId(`universe-${symbol}`).check();
    await page.getByTestId('param-lookback').fill('20');
    await page.getByTestId('param-top').fill('3');
    expect(await page.getByTestId('param-top-note').textContent()).toMatch(/every symbol is held/);
    await page.getByTestId('param-top').fill('2');
    expect(await page.locator('#universe-error').count()).toBe(0);
    expect(await page.locator('#param-lookback-error').count()).toBe(0);

    // Refused by the server (a commission of 300 %): its 400 names config.fees.takerRate, shown at the field.
    await page.getByTestId('rotation-commissionRate').fill('3');
    await page.getByTestId('rotation-submit').click();
    await page.locator('#rotation-commissionRate-error').waitFor();
    expect(await page.locator('#rotation-commissionRate-error').textContent()).toMatch(/fraction below 1/);

    await page.getByTestId('rotation-commissionRate').fill('0.0003');
    expect(await page.locator('#rotation-commissionRate-error').count()).toBe(0);
    await page.getByTestId('rotation-minFee').fill('5');
    await page.getByTestId('rotation-stampDutyRate').fill('0.001');
    await page.getByTestId('rotation-submit').click();
    await page.getByTestId('backtest-run').waitFor();
    await expect.poll(() => page.getByTestId('backtest-run-status').textContent(), { timeout: 60_000 }).toBe('COMPLETED');
    await page.getByTestId('backtest-outcome').waitFor();
    await page.getByTestId('open-report').click();

    // The report: the stored rotation, its universe and params, and every trade with its symbol.
    await page.waitForURL(/\/backtests\/[0-9a-f-]{36}$/);
    const backtestId = page.url().split('/').pop()!;
    const backtest = (await platform.api.request('GET', `/api/backtests/${backtestId}`, { key })).body;
    expect(backtest.definition).toEqual({ kind: 'rotation', symbols: UNIVERSE, params: { lookback: 20, top: 2, rebalanceEvery: 5, minReturnPercent: 0 } });
    expect(backtest.result.config.fees).toMatchObject({ takerRate: '0.0003', minFee: '5', stampDutyRate: '0.001' });
    const trades: { symbol: string }[] = backtest.result.trades;
    expect(trades.length).toBeGreaterThan(0);

    expect(await page.getByTestId('backtest-report').getAttribute('data-kind')).toBe('rotation');
    expect(await page.getByTestId('backtest-universe').textContent()).toBe(UNIVERSE.join(', '));
    expect(await page.getByTestId('rotation-universe').textContent()).toBe(UNIVERSE.join(', '));
    expect(await page.locator('[data-testid="rotation-definition"] [data-param="lookback"] dd').textContent()).toBe('20');
    await page.getByTestId('metrics-table').waitFor();
    expect(await page.getByTestId('metrics-table').textContent()).toMatch(/Sharpe ratio/);
    expect(await page.getByTestId('final-account').textContent()).toContain(backtest.result.final.equity);
    expect(Number((await page.getByTestId('trades-count').textContent())!.replace(/,/g, ''))).toBe(trades.length);
    const shownSymbols = await page.getByTestId('trade-symbol').allTextContents();
    expect(shownSymbols).toEqual(trades.slice(0, 50).map((t) => t.symbol));
    expect(Number((await page.getByTestId('rebalances-count').textContent())!.replace(/,/g, ''))).toBe(backtest.result.rebalances.length);

    // The chart: candles of one symbol with its own trades, over the portfolio's equity and drawdown.
    const chart = page.getByTestId('backtest-chart');
    await chart.locator('canvas').first().waitFor();
    const first = await page.getByTestId('chart-symbol').inputValue();
    expect(UNIVERSE).toContain(first);
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await page.getByTestId('chart-tooltip').waitFor();
    expect(await page.getByTestId('chart-tooltip').textContent()).toMatch(/O \d+(\.\d+)? H.*Equity \d+.*DD -?\d/);
    await page.mouse.move(0, 0);
    const before = await chartImage(chart);

    const other = UNIVERSE.find((s) => s !== first && trades.some((t) => t.symbol === s))!;
    await page.getByTestId('chart-symbol').selectOption(other);
    await expect.poll(() => page.getByTestId('chart-caption').textContent()).toContain(other);
    await chart.locator('canvas').first().waitFor();
    await expect.poll(async () => (await chartImage(chart)).equals(before), { message: 'switching the symbol redraws the chart', timeout: 10_000 }).toBe(false);
    await page.screenshot({ path: path.join(e2eOutput, 'rotation-report.png'), fullPage: true });

    // The list names the universe instead of one long comma-joined symbol.
    await page.goto(`${platform.api.url}/backtests`);
    const row = page.getByTestId('backtests-table').locator('tr', { has: page.locator(`a[href="/backtests/${backtestId}"]`) });
    expect(await row.getByTestId('universe-cell').textContent()).toMatch(/rotation · 3 symbols/);

    // The only refusal is the one asked for; the browser logs it as a failed load, and nothing else went wrong.
    expect(refused).toEqual(['400 POST /api/backtests/rotation']);
    expect(consoleErrors.filter((e) => !/favicon|status of 400/.test(e))).toEqual([]);
  });
});
