import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reloadConfig } from '../core/config';
import { createTestKey, waitForRun } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

// Offline on purpose: the strategy-development template then reads the idea with the rule-based parser.
delete process.env.LLM_BASE_URL;
delete process.env.LLM_API_KEY;
reloadConfig();

const platform = useBrowserPlatform();
const output = e2eOutput;
const DAILY_FILE = '../shared/data/ashare/000001.SH_D.csv';

/** Selects `needle` inside the spec textarea, as a user double-clicking a number would. */
async function selectInEditor(page: Page, needle: string): Promise<void> {
  const found = await page.getByTestId('spec-text').evaluate((el, text) => {
    // The root tsconfig has no DOM lib; this is the part of HTMLTextAreaElement used here.
    const area = el as unknown as { value: string; focus(): void; setSelectionRange(start: number, end: number): void };
    const at = area.value.indexOf(text);
    if (at < 0) return false;
    area.focus();
    area.setSelectionRange(at, at + text.length);
    return true;
  }, needle);
  expect(found, `"${needle}" in the editor`).toBe(true);
}

const saveState = (page: Page) => page.getByTestId('save-state').getAttribute('data-state');

describe('strategy development in the browser', () => {
  it('creates a strategy from the library, edits and undoes a param with autosave, backtests it and reads the report', async () => {
    const key = await createTestKey('trader');
    const imported = await platform.api.request('POST', '/api/imports', { key, body: { source: { type: 'path', path: DAILY_FILE } } });
    expect(imported.status).toBe(202);
    const importRun = await waitForRun(platform.api, key, imported.body.workflowId);
    expect(importRun.status, JSON.stringify(importRun.failure)).toBe('COMPLETED');
    const { symbol, timeframe } = importRun.result as { symbol: string; timeframe: string };

    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });

    // From the library: the MA cross, saved at its defaults and opened in the editor.
    await page.getByRole('link', { name: 'Strategies' }).click();
    await page.getByTestId('new-from-library').click();
    await page.getByTestId('library-use-ma-cross').click();
    await page.waitForURL(/\/strategies\/[0-9a-f-]{36}$/);
    const strategyId = page.url().split('/').pop()!;
    const stored = async () => (await platform.api.request('GET', `/api/strategies/${strategyId}`, { key })).body;
    const slowPeriod = async () => (await stored()).content.indicators[1].params.period;
    await page.getByTestId('spec-valid').waitFor();
    expect(await saveState(page)).toBe('saved');
    const original = await page.getByTestId('spec-text').inputValue();
    expect(await slowPeriod()).toBe(20);

    // Edit a param by typing over it: the draft is unsaved at once, then validated and saved.
    await selectInEditor(page, '"period": 20');
    await page.keyboard.type('"period": 30');
    expect(await saveState(page)).toMatch(/unsaved|saving/);
    await expect.poll(slowPeriod, { timeout: 15_000 }).toBe(30);
    await expect.poll(() => saveState(page)).toBe('saved');
    await page.screenshot({ path: path.join(output, 'strategy-editor.png'), fullPage: true });

    // Undo (Ctrl+Z) takes the whole burst of typing back, and that is saved too.
    await page.keyboard.press('Control+z');
    expect(await page.getByTestId('spec-text').inputValue()).toBe(original);
    await expect.poll(slowPeriod, { timeout: 15_000 }).toBe(20);
    await expect.poll(() => saveState(page)).toBe('saved');
    await page.keyboard.press('Control+Shift+z');
    expect(await page.getByTestId('spec-text').inputValue()).toContain('"period": 30');
    await page.getByTestId('undo').click();
    expect(await page.getByTestId('spec-text').inputValue()).toBe(original);

    // Broken JSON is reported with its line and column and never saved; undo repairs it.
    await page.getByTestId('spec-text').press('Control+End');
    await page.keyboard.type(',');
    await page.getByTestId('json-error').waitFor();
    expect(await page.getByTestId('json-error').textContent()).toMatch(/Line \d+, column \d+/);
    await expect.poll(() => saveState(page)).toBe('invalid');
    await page.screenshot({ path: path.join(output, 'strategy-editor-invalid.png'), fullPage: true });
    await page.getByTestId('spec-text').press('Control+z');
    await page.getByTestId('spec-valid').waitFor();
    await expect.poll(() => saveState(page)).toBe('saved');
    expect(await slowPeriod()).toBe(20);

    // Run a backtest on the imported series with A-share costs, and follow it to completion.
    await page.getByTestId('bt-commissionRate').fill('0.0003');
    await page.getByTestId('bt-minFee').fill('5');
    await page.getByTestId('bt-stampDutyRate').fill('0.0005');
    expect(await page.getByTestId('bt-series').inputValue()).toBe(`${symbol}|${timeframe}`);
    await page.getByTestId('run-backtest-submit').click();
    await page.getByTestId('backtest-run').waitFor();
    await expect.poll(() => page.getByTestId('backtest-run-status').textContent(), { timeout: 120_000 }).toBe('COMPLETED');
    expect(await page.getByRole('progressbar', { name: 'Backtest progress' }).getAttribute('aria-valuenow')).toBe('100');
    await page.getByTestId('backtest-outcome').waitFor();
    await page.screenshot({ path: path.join(output, 'backtest-run-completed.png'), fullPage: true });
    await page.getByTestId('open-report').click();

    // The report: K-line canvas with markers, metrics by group, the account, and every trade.
    await page.waitForURL(/\/backtests\/[0-9a-f-]{36}$/);
    const backtestId = page.url().split('/').pop()!;
    const backtest = (await platform.api.request('GET', `/api/backtests/${backtestId}`, { key })).body;
    expect(backtest.definition.kind).toBe('spec');
    expect(backtest.result.config.fees).toMatchObject({ takerRate: '0.0003', minFee: '5', stampDutyRate: '0.0005' });
    const trades: number = backtest.result.trades.length;
    expect(trades).toBeGreaterThan(0);

    await page.locator('[data-testid="backtest-chart"] canvas').first().waitFor();
    expect(await page.locator('[data-testid="backtest-chart"] canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('metrics-table').waitFor();
    const metrics = await page.getByTestId('metrics-table').textContent();
    expect(metrics).toMatch(/Sharpe ratio/);
    expect(metrics).toMatch(/Annualised with \d+ periods per year/);
    expect(await page.locator('[data-metric="sharpe_ratio"] .tag').textContent()).toBe('annualised');
    expect(await page.locator('[data-metric="net_profit"] td').first().textContent()).toBe(backtest.result.metrics.byId.net_profit.value);
    expect(Number((await page.getByTestId('trades-count').textContent())!.replace(/,/g, ''))).toBe(trades);
    expect(await page.locator('[data-testid="trades-table"] tbody tr').count()).toBe(Math.min(trades, 50));
    expect(await page.getByTestId('final-account').textContent()).toContain(backtest.result.final.equity);

    // Hovering a bar shows its exact prices.
    const box = (await page.getByTestId('backtest-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await page.getByTestId('chart-tooltip').waitFor();
    expect(await page.getByTestId('chart-tooltip').textContent()).toMatch(/O \d+(\.\d+)? H/);
    await page.screenshot({ path: path.join(output, 'backtest-report.png'), fullPage: true });

    // A ranking of the strategy on the symbol: sortable, linked, exported as CSV through the authorised fetch.
    const validate = await platform.api.request('POST', '/api/backtests/validate', {
      key,
      body: { symbols: [symbol], timeframe, strategy: { kind: 'saved', strategyId } },
    });
    expect(validate.status).toBe(202);
    const validateRun = await waitForRun(platform.api, key, validate.body.workflowId);
    expect(validateRun.status, JSON.stringify(validateRun.failure)).toBe('COMPLETED');
    await page.goto(`${platform.api.url}/batches/${validateRun.result.batchId}`);
    await page.getByTestId('ranking-table-validation').waitFor();
    expect(await page.locator('[data-testid="ranking-table-validation"] tbody tr').count()).toBe(1);
    await page.getByTestId('sort-sharpe_ratio').click();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toMatch(/Sharpe/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^ranking-validation-[0-9a-f]{8}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^rank,symbol,timeframe,strategy/);
    expect(csv).toContain(symbol);
    await page.screenshot({ path: path.join(output, 'batch-ranking.png'), fullPage: true });

    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('reads an idea in plain words into a strategy, and shows the strategy-development report: idea, spec, backtest, ranking', async () => {
    const key = await createTestKey('trader');
    const made = await platform.api.request('POST', '/api/templates/strategy-development/instantiate', { key, body: { name: 'report e2e' } });
    expect(made.status).toBe(201);
    const idea = 'buy when 5-day MA crosses above 20-day MA, sell when it crosses below, stop loss 5%';
    const started = await platform.api.request('POST', `/api/graphs/${made.body.id}/runs`, { key, body: { input: { idea, path: DAILY_FILE } } });
    expect(started.status).toBe(202);
    const run = await waitForRun(platform.api, key, started.body.workflowId, 180_000);
    expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
    const reportUrl = String(run.result.outputs.report);

    const { page } = await signedInPage(platform, key, { viewport: { width: 1440, height: 900 } });

    // The same idea typed into the workspace: the parser says what it recognised before anything is saved.
    await page.goto(`${platform.api.url}/strategies`);
    await page.getByTestId('new-from-text').click();
    await page.getByTestId('idea-text').fill('go short when RSI is high');
    await page.getByTestId('idea-parse').click();
    await page.getByTestId('parse-refused').waitFor();
    expect(await page.getByTestId('idea-save').isDisabled()).toBe(true);
    await page.getByTestId('idea-text').fill(idea);
    await page.getByTestId('idea-parse').click();
    await page.getByTestId('parse-result').waitFor();
    expect(await page.getByTestId('parse-result').textContent()).toMatch(/stop/i);
    await page.screenshot({ path: path.join(output, 'strategy-from-text.png'), fullPage: true });
    await page.getByTestId('idea-save').click();
    await page.waitForURL(/\/strategies\/[0-9a-f-]{36}$/);
    await page.getByTestId('spec-valid').waitFor();
    expect(await page.getByTestId('spec-text').inputValue()).toMatch(/"stopLoss"/);

    await page.goto(`${platform.api.url}/backtests`);
    await page.getByTestId('reports-table').waitFor();
    await page.getByTestId('reports-table').getByRole('link').first().click();
    await page.waitForURL(new RegExp(`${reportUrl}$`));

    expect(await page.getByTestId('report-idea').textContent()).toContain(idea);
    expect(await page.getByTestId('report-generation').textContent()).toMatch(/rules/);
    expect(JSON.parse((await page.getByTestId('accepted-spec').textContent())!)).toMatchObject({ timeframe: '1d' });
    await page.locator('[data-testid="backtest-chart"] canvas').first().waitFor();
    await page.getByTestId('metrics-table').waitFor();
    await page.getByTestId('ranking-table-validation').waitFor();
    expect(await page.locator('[data-testid="ranking-table-validation"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(output, 'strategy-report.png'), fullPage: true });
  });
});
