import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../core/config';
import { startOpenAiServer, type OpenAiServer } from '../test/servers/openai-server';
import { createTestKey } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

// The strategy-development template from the web UI: gallery → designer → run form with the idea → live overlay →
// the run's report. The idea goes to the real `openai` client, pointed at a local Chat Completions server.

const platform = useBrowserPlatform();
let llm: OpenAiServer;

beforeAll(async () => {
  llm = await startOpenAiServer();
  process.env.LLM_BASE_URL = llm.url;
  reloadConfig();
});
afterAll(async () => {
  delete process.env.LLM_BASE_URL;
  reloadConfig();
  await llm?.close();
});

/** The strict LLM form of "MACD golden cross buy, death cross sell", as a model would answer. */
const answer = {
  name: 'MACD cross',
  description: 'Long from a MACD golden cross to the next death cross.',
  timeframe: '1d',
  symbols: null,
  indicators: [{ id: 'macd', indicator: 'macd', params: [{ name: 'fast', value: 12 }, { name: 'slow', value: 26 }, { name: 'signal', value: 9 }], source: null }],
  long: { entry: { op: 'crossAbove', left: 'macd.macd', right: 'macd.signal' }, exit: { op: 'crossBelow', left: 'macd.macd', right: 'macd.signal' } },
  short: null,
  sizing: { kind: 'percentEquity', percent: 100 },
  stopLoss: null,
  takeProfit: null,
  trailingStop: null,
  market: null,
  fees: null,
};

describe('strategy development from the web UI', () => {
  it('instantiates the template, runs it from an idea, and opens the stored report', async () => {
    llm.enqueue({ json: answer });
    const key = await createTestKey('trader');
    const { page, consoleErrors } = await signedInPage(platform, key, { viewport: { width: 1600, height: 1000 } });

    await page.goto(`${platform.api.url}/graphs`);
    await page.getByTestId('use-template-strategy-development').click();
    await page.waitForURL(/\/graphs\/[0-9a-f-]{36}/);
    await page.getByTestId('node-generate').waitFor();

    await page.getByTestId('run-graph').click();
    const idea = 'MACD golden cross buy, death cross sell';
    await page.getByTestId('run-input-idea').fill(idea);
    expect(await page.getByTestId('run-input-path').inputValue()).toBe('../shared/data/ashare/000001.SH_D.csv');
    await page.getByTestId('run-input-submit').click();

    await expect
      .poll(async () => page.getByTestId('graph-run-status').textContent(), { timeout: 180_000, interval: 500 })
      .toMatch(/completed/i);
    const statuses = await page.locator('[data-testid^="node-status-"]').allTextContents();
    expect(statuses.every((s) => s === 'completed')).toBe(true);
    await page.screenshot({ path: path.join(e2eOutput, 'strategy-template-run.png') });
    expect(JSON.stringify(llm.chatRequests()[0]!.body.messages)).toContain(idea);

    const workflowId = (await page.getByTestId('run-bar').locator('.mono').first().textContent())!.trim();
    await page.goto(`${platform.api.url}/runs/${encodeURIComponent(workflowId)}`);
    await page.getByRole('link', { name: 'Open report' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('report-idea').textContent()).toContain(idea);
    expect(await page.getByTestId('report-generation').textContent()).toMatch(/llm/);
    await page.locator('[data-testid="backtest-chart"] canvas').first().waitFor();
    await page.getByTestId('metrics-table').waitFor();
    await page.getByTestId('ranking-table-validation').waitFor();
    // MACD's first setting is its fast period: the search ranked one backtest per value tried.
    expect(await page.locator('[data-testid="ranking-table-search"] tbody tr').count()).toBe(6);
    await page.screenshot({ path: path.join(e2eOutput, 'strategy-template-report.png'), fullPage: true });
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
