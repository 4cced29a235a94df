import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../core/config';
import { startOpenAiServer, type OpenAiServer } from './servers/openai-server';
import { createTestKey, startApi, startWorker, waitForRun, type RunningApi, type RunningWorker } from './helpers';

// The template end to end on the real dev server: idea → LLM (the real openai client against a local server speaking
// the Chat Completions protocol) → spec → backtest → validation on two symbols → stored report.

let llm: OpenAiServer;
let api: RunningApi;
let worker: RunningWorker;
let trader: string;

/** What a model answers in the strict LLM form of the spec (engines/strategy/json-schema.ts). */
const llmSpec = {
  name: 'SMA 5/20 cross with 5% stop',
  description: 'Long while the 5-day average is above the 20-day average.',
  timeframe: '1d',
  symbols: null,
  indicators: [
    { id: 'fast', indicator: 'sma', params: [{ name: 'period', value: 5 }], source: null },
    { id: 'slow', indicator: 'sma', params: [{ name: 'period', value: 20 }], source: null },
  ],
  long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossBelow', left: 'fast', right: 'slow' } },
  short: null,
  sizing: { kind: 'percentEquity', percent: 100 },
  stopLoss: { kind: 'percent', percent: 5 },
  takeProfit: null,
  trailingStop: null,
  market: null,
  fees: null,
};

beforeAll(async () => {
  llm = await startOpenAiServer();
  // Before the worker reads its config: the activity finds the provider there, never in workflow input.
  process.env.LLM_BASE_URL = llm.url;
  process.env.LLM_API_KEY = 'sk-test-strategy-dev';
  reloadConfig();
  worker = await startWorker();
  api = await startApi();
  trader = await createTestKey('trader');
  const eth = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: '../shared/data/crypto/ETH-USDT_1d_jesse.csv' }, symbol: 'ETH-USDT' } });
  expect((await waitForRun(api, trader, eth.body.workflowId)).status).toBe('COMPLETED');
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
  await llm?.close();
});

describe('strategy development template', () => {
  it('runs from an idea in plain language to a stored report, repairing an LLM answer that broke the schema', async () => {
    // First answer names an indicator that does not exist; the repair turn quotes the problem and gets a valid spec.
    const broken = { ...llmSpec, indicators: [{ ...llmSpec.indicators[0], indicator: 'smaa' }, llmSpec.indicators[1]] };
    llm.enqueue({ json: broken }, { json: llmSpec });

    const made = await api.request('POST', '/api/templates/strategy-development/instantiate', { key: trader, body: { name: 'dev from idea' } });
    expect(made.status).toBe(201);
    const idea = 'Buy when the 5-day moving average crosses above the 20-day one, sell when it crosses back, stop loss 5%';
    const started = await api.request('POST', `/api/graphs/${made.body.id}/runs`, {
      key: trader,
      body: { input: { idea, path: '../shared/data/ashare/000001.SH_D.csv', symbols: ['000001.SH', 'ETH-USDT'] } },
    });
    expect(started.status).toBe(202);
    const run = await waitForRun(api, trader, started.body.workflowId, 180_000);
    expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
    expect(run.result.outputs).toMatchObject({ source: 'llm', best: expect.any(String) });
    expect(run.result.outputs.trades).toBeGreaterThan(5);

    const [first, repair] = llm.chatRequests();
    expect(llm.chatRequests()).toHaveLength(2);
    expect(JSON.stringify(first!.body.messages)).toContain(idea);
    expect(JSON.stringify(repair!.body.messages)).toMatch(/smaa/);
    // The key authenticates the calls but never reaches workflow history.
    expect(first!.authorization).toBe('Bearer sk-test-strategy-dev');
    const history = await (await import('../core/temporal')).temporalClient().then((c) => c.workflow.getHandle(started.body.workflowId).fetchHistory());
    expect(JSON.stringify(history)).not.toContain('sk-test-strategy-dev');

    const reportId = String(run.result.outputs.report).split('/').pop();
    const report = await api.request('GET', `/api/reports/${reportId}`, { key: trader });
    expect(report.status).toBe(200);
    expect(report.body.title).toBe('SMA 5/20 cross with 5% stop on 000001.SH');
    expect(report.body.content.prompt).toBe(idea);
    expect(report.body.content.generation).toMatchObject({ source: 'llm', attempts: 2 });
    expect(report.body.backtest).toMatchObject({ symbol: '000001.SH', timeframe: '1d' });
    expect(report.body.batch.rows.map((r: { symbol: string }) => r.symbol).sort()).toEqual(['000001.SH', 'ETH-USDT']);
    // The search tried every default value of the first indicator's period, each once.
    expect(report.body.searchBatch.kind).toBe('search');
    const tried = report.body.searchBatch.rows.map((r: { overrides: Record<string, number> }) => r.overrides['indicators.0.params.period']);
    expect(tried.sort((a: number, b: number) => a - b)).toEqual([3, 5, 8, 10, 13, 20]);
    expect(Object.keys(run.result.outputs.bestSetting)).toEqual(['indicators.0.params.period']);
  });

  it('fails the run at the generate node, before any backtest, when the LLM keeps answering garbage', async () => {
    llm.enqueue({ content: 'I think you should buy.' }, { content: '{"name": 1}' }, { content: 'still not json' });
    const made = await api.request('POST', '/api/templates/strategy-development/instantiate', { key: trader, body: { name: 'dev garbage' } });
    const started = await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input: { idea: 'do something clever', path: '../shared/data/ashare/000001.SH_D.csv' } } });
    const run = await waitForRun(api, trader, started.body.workflowId, 180_000);
    expect(run.status).toBe('FAILED');
    const byId = Object.fromEntries(run.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    expect(byId.generate).toMatchObject({ status: 'failed', error: { type: 'LlmInvalidOutput' } });
    expect(byId.backtest.status).not.toBe('completed');
  });

  it('works offline: without a provider the rule-based parser reads the idea, and the report says so', async () => {
    delete process.env.LLM_BASE_URL;
    delete process.env.LLM_API_KEY;
    reloadConfig();
    const before = llm.chatRequests().length;
    const made = await api.request('POST', '/api/templates/strategy-development/instantiate', { key: trader, body: { name: 'dev offline' } });
    const started = await api.request('POST', `/api/graphs/${made.body.id}/runs`, {
      key: trader,
      body: { input: { idea: '5日均线上穿20日均线买入，下穿卖出，止损5%', path: '../shared/data/ashare/000001.SH_D.csv' } },
    });
    const run = await waitForRun(api, trader, started.body.workflowId, 180_000);
    expect(run.status, JSON.stringify(run.failure)).toBe('COMPLETED');
    expect(run.result.outputs.source).toBe('rules');
    expect(llm.chatRequests()).toHaveLength(before);
    const report = await api.request('GET', `/api/reports/${String(run.result.outputs.report).split('/').pop()}`, { key: trader });
    expect(report.body.content.generation.notes.join('\n')).toMatch(/rule-based parser/);
  });
});
