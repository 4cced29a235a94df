import type { GraphInput } from './model';

export interface GraphTemplate {
  id: string;
  name: string;
  description: string;
  graph: GraphInput;
}

/** Starting points in the designer's gallery. Each must validate (test/graph-api.test.ts checks them all). */
export const graphTemplates: GraphTemplate[] = [
  {
    id: 'import-and-report',
    name: 'Import market data and report',
    description: 'Imports a K-line CSV, then logs a summary — or a warning when the file has gaps beyond the usual session breaks.',
    graph: {
      inputSchema: {
        type: 'object',
        properties: { path: { type: 'string', default: '../shared/data/ashare/000001.SH_D.csv' }, symbol: { type: 'string' } },
        required: ['path'],
      },
      outputs: { rows: 'nodes.import.out.rows', gaps: 'nodes.import.out.gaps.count' },
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 80 } },
        {
          id: 'import', type: 'market.import-klines', position: { x: 260, y: 80 },
          params: { source: { type: 'path', path: { $expr: 'input.path' } }, symbol: { $expr: 'input.symbol' } },
        },
        { id: 'has_gaps', type: 'flow.condition', position: { x: 540, y: 80 }, params: { condition: 'nodes.import.out.gaps.count > 0', value: { $expr: 'nodes.import.out' } } },
        { id: 'warn', type: 'notify.log', position: { x: 820, y: 0 }, params: { level: 'warn', message: { $template: '{{ nodes.import.out.symbol }}: {{ nodes.import.out.gaps.count }} gaps in {{ nodes.import.out.rows }} bars' } } },
        { id: 'ok', type: 'notify.log', position: { x: 820, y: 160 }, params: { message: { $template: '{{ nodes.import.out.symbol }}: {{ nodes.import.out.rows }} bars, no gaps ({{ nodes.import.out.gaps.possibleHolidays }} possible holidays)' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'import' },
        { id: 'e2', source: 'import', target: 'has_gaps' },
        { id: 'e3', source: 'has_gaps', sourceHandle: 'true', target: 'warn' },
        { id: 'e4', source: 'has_gaps', sourceHandle: 'false', target: 'ok' },
      ],
    },
  },
  {
    id: 'fetch-approve-notify',
    name: 'Fetch, approve, notify',
    description: 'Calls an HTTP endpoint (retrying 5xx and 429), extracts a value, waits for a person to approve it, then logs the decision.',
    graph: {
      inputSchema: { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'] },
      outputs: { status: 'nodes.fetch.out.status' },
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 80 } },
        { id: 'fetch', type: 'http.request', position: { x: 260, y: 80 }, params: { url: { $expr: 'input.url' } } },
        { id: 'extract', type: 'data.transform', position: { x: 520, y: 80 }, params: { expression: 'nodes.fetch.out.body' } },
        { id: 'approve', type: 'flow.approval', position: { x: 780, y: 80 }, params: { title: 'Use this value?', details: { $expr: 'nodes.extract.out' }, timeout: '1h' } },
        { id: 'approved', type: 'notify.log', position: { x: 1040, y: 0 }, params: { message: { $template: 'approved by {{ nodes.approve.approved.by }}' } } },
        { id: 'rejected', type: 'notify.log', position: { x: 1040, y: 160 }, params: { level: 'warn', message: 'rejected or timed out' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'fetch' },
        { id: 'e2', source: 'fetch', target: 'extract' },
        { id: 'e3', source: 'extract', target: 'approve' },
        { id: 'e4', source: 'approve', sourceHandle: 'approved', target: 'approved' },
        { id: 'e5', source: 'approve', sourceHandle: 'rejected', target: 'rejected' },
        { id: 'e6', source: 'approve', sourceHandle: 'timeout', target: 'rejected' },
      ],
    },
  },
  {
    id: 'strategy-development',
    name: 'Strategy development',
    description:
      'From an idea in plain language to a report: imports the bars, turns the idea into a validated strategy spec (LLM, or the rule-based parser offline), backtests it, validates it on more symbols, searches the first indicator\'s main setting and stores a report with charts and rankings.',
    graph: {
      inputSchema: {
        type: 'object',
        properties: {
          idea: { type: 'string', title: 'Strategy idea', default: 'buy when 5-day MA crosses above 20-day MA, sell when it crosses below, stop loss 5%' },
          path: { type: 'string', title: 'Bars to import (CSV or zip)', default: '../shared/data/ashare/000001.SH_D.csv' },
          symbol: { type: 'string', title: 'Symbol (when the file has none)' },
          timeframe: { type: 'string', default: '1d' },
          symbols: { type: 'array', items: { type: 'string' }, title: 'Validate on', default: ['000001.SH'] },
          periods: { type: 'array', items: { type: 'number' }, title: 'Values to try for the first indicator\'s first setting', default: [3, 5, 8, 10, 13, 20] },
        },
        required: ['idea', 'path'],
      },
      outputs: {
        report: 'nodes.report.out.url',
        source: 'nodes.generate.out.source',
        trades: 'nodes.backtest.out.trades',
        sharpe: 'nodes.backtest.out.metrics.sharpe_ratio',
        best: 'nodes.validate.out.best.symbol',
        bestSetting: 'nodes.search.out.best.overrides',
      },
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 120 } },
        {
          id: 'import', type: 'market.import-klines', position: { x: 260, y: 40 },
          params: { source: { type: 'path', path: { $expr: 'input.path' } }, symbol: { $expr: 'input.symbol' } },
        },
        { id: 'generate', type: 'strategy.generate', position: { x: 260, y: 220 }, params: { text: { $expr: 'input.idea' } } },
        {
          id: 'backtest', type: 'backtest.run', position: { x: 540, y: 120 },
          params: {
            symbol: { $expr: 'nodes.import.out.symbol' },
            timeframe: { $expr: 'input.timeframe' },
            strategy: { kind: 'spec', spec: { $expr: 'nodes.generate.out.spec' } },
          },
        },
        {
          id: 'validate', type: 'backtest.validate', position: { x: 820, y: 120 },
          params: {
            symbols: { $expr: 'input.symbols' },
            timeframe: { $expr: 'input.timeframe' },
            strategy: { kind: 'spec', spec: { $expr: 'nodes.generate.out.spec' } },
            rankBy: 'sharpe_ratio',
          },
        },
        {
          // An idea without indicators has nothing to search: the report is still made, without a search section.
          id: 'search', type: 'backtest.search', position: { x: 820, y: 280 }, onError: 'continue',
          params: {
            symbol: { $expr: 'nodes.import.out.symbol' },
            timeframe: { $expr: 'input.timeframe' },
            strategy: { kind: 'spec', spec: { $expr: 'nodes.generate.out.spec' } },
            // The first setting of the first indicator: `period` for MA/RSI/Bollinger, `fast` for MACD.
            params: [{
              path: { $expr: "'indicators.0.params.' + join(slice(keys(nodes.generate.out.spec.indicators[0].params), 0, 1), '')" },
              values: { $expr: 'input.periods' },
            }],
            rankBy: 'sharpe_ratio',
          },
        },
        {
          id: 'report', type: 'strategy.report', position: { x: 1100, y: 120 },
          params: {
            title: { $template: '{{ nodes.generate.out.spec.name }} on {{ nodes.import.out.symbol }}' },
            prompt: { $expr: 'input.idea' },
            generation: { $expr: 'nodes.generate.out' },
            backtestId: { $expr: 'nodes.backtest.out.backtestId' },
            batchId: { $expr: 'nodes.validate.out.batchId' },
            searchBatchId: { $expr: 'nodes.search.out.batchId' },
          },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'import' },
        { id: 'e2', source: 'start', target: 'generate' },
        { id: 'e3', source: 'import', target: 'backtest' },
        { id: 'e4', source: 'generate', target: 'backtest' },
        { id: 'e5', source: 'backtest', target: 'validate' },
        { id: 'e6', source: 'validate', target: 'report' },
        { id: 'e7', source: 'backtest', target: 'search' },
        { id: 'e8', source: 'search', target: 'report' },
      ],
    },
  },
  {
    id: 'chanlun-scan',
    name: 'ChanLun scan',
    description:
      'Refreshes the bars, scans a universe of symbols for recent ChanLun (缠论) buy points, and when any turn up records alerts (for you and for matching alert subscriptions, each point once) and logs them. Schedule it to scan every day.',
    graph: {
      inputSchema: {
        type: 'object',
        properties: {
          symbols: { type: 'array', items: { type: 'string' }, title: 'Universe', default: ['000001.SH'] },
          timeframe: { type: 'string', title: 'Timeframe', default: '1d' },
          path: { type: 'string', title: 'Bars to import first (CSV or zip)', default: '../shared/data/ashare/000001.SH_D.csv' },
          types: { type: 'array', items: { type: 'string', enum: ['1', '2', '2s', '3a', '3b'] }, title: 'Point types', default: ['1', '2', '2s', '3a', '3b'] },
          withinBars: { type: 'integer', minimum: 1, title: 'Only points on the last N bars', default: 5 },
          confirmedOnly: { type: 'boolean', title: 'Confirmed points only', default: false },
        },
        required: ['symbols'],
      },
      outputs: { matched: 'nodes.scan.out.matched', symbols: 'nodes.scan.out.symbols', recorded: 'nodes.notify.out.recorded' },
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 100 } },
        { id: 'refresh', type: 'market.import-klines', label: 'Refresh bars', position: { x: 260, y: 100 }, params: { source: { type: 'path', path: { $expr: 'input.path' } } } },
        {
          id: 'scan', type: 'chanlun.scan', position: { x: 520, y: 100 },
          params: {
            symbols: { $expr: 'input.symbols' },
            timeframe: { $expr: 'input.timeframe' },
            types: { $expr: 'input.types' },
            side: 'buy',
            withinBars: { $expr: 'input.withinBars' },
            confirmedOnly: { $expr: 'input.confirmedOnly' },
          },
        },
        { id: 'any', type: 'flow.condition', label: 'Any buy points?', position: { x: 780, y: 100 }, params: { condition: 'nodes.scan.out.matched > 0', value: { $expr: 'nodes.scan.out.matches' } } },
        { id: 'notify', type: 'alert.notify', position: { x: 1040, y: 20 }, params: { matches: { $expr: 'nodes.scan.out.matches' }, label: 'ChanLun scan' } },
        { id: 'log', type: 'notify.log', position: { x: 1300, y: 20 }, params: { message: { $template: '{{ nodes.scan.out.matched }} buy points on {{ nodes.scan.out.symbols }}; {{ nodes.notify.out.recorded }} new alerts' } } },
        { id: 'quiet', type: 'notify.log', position: { x: 1040, y: 180 }, params: { message: { $template: 'no buy points in the last {{ input.withinBars }} bars of {{ nodes.scan.out.scanned }} symbols' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'refresh' },
        { id: 'e2', source: 'refresh', target: 'scan' },
        { id: 'e3', source: 'scan', target: 'any' },
        { id: 'e4', source: 'any', sourceHandle: 'true', target: 'notify' },
        { id: 'e5', source: 'notify', target: 'log' },
        { id: 'e6', source: 'any', sourceHandle: 'false', target: 'quiet' },
      ],
    },
  },
];
