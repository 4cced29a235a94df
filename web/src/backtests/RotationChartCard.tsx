import { Suspense, useMemo, useState } from 'react';
import type { BarRow, RotationBacktestDetail, RotationTrade } from '../api/backtests';
import type { KlineBar } from '../api/chanlun';
import type { Timeframe } from '../api/types';
import { displayOffsetSeconds } from '../charts/chartData';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount } from '../common/format';
import { isIntraday, LazyBacktestChart } from './LazyBacktestChart';
import { useSymbolBars } from './useBacktests';
import './rotation-report.css';

const toBarRow = (b: KlineBar): BarRow => [b.timeMs, b.open, b.high, b.low, b.close, b.volume];

function tradesBySymbol(trades: RotationTrade[]): Map<string, RotationTrade[]> {
  const bySymbol = new Map<string, RotationTrade[]>();
  for (const t of trades) {
    const list = bySymbol.get(t.symbol);
    if (list) list.push(t);
    else bySymbol.set(t.symbol, [t]);
  }
  return bySymbol;
}

/**
 * A portfolio has no one K-line: the reader picks a symbol of the universe and sees its candles with its own trades,
 * over the portfolio's equity and drawdown (which stay the same whichever symbol is drawn).
 */
export function RotationChartCard({ backtest }: { backtest: RotationBacktestDetail }) {
  const { result } = backtest;
  const bySymbol = useMemo(() => tradesBySymbol(result.trades), [result.trades]);
  // Open on a symbol that was traded, so the first picture has markers on it.
  const [symbol, setSymbol] = useState(() => result.symbols.find((s) => bySymbol.has(s)) ?? result.symbols[0] ?? '');
  const span = result.firstTimeMs === null || result.lastTimeMs === null ? null : { firstMs: result.firstTimeMs, lastMs: result.lastTimeMs };
  const bars = useSymbolBars(symbol, result.timeframe as Timeframe, span);
  const rows = useMemo(() => bars.data?.bars.map(toBarRow) ?? [], [bars.data]);
  const trades = bySymbol.get(symbol) ?? [];

  return (
    <section className="card" data-testid="rotation-chart">
      <div className="card__header">
        <h2 className="card__title">
          Chart{' '}
          {bars.data?.truncated && (
            <span className="muted small">(last {formatCount(bars.data.bars.length)} of {formatCount(bars.data.total)} bars)</span>
          )}
        </h2>
        <label className="symbol-switch">
          Symbol
          <select value={symbol} onChange={(e) => setSymbol(e.target.value)} data-testid="chart-symbol">
            {result.symbols.map((s) => (
              <option key={s} value={s}>
                {s} · {formatCount(bySymbol.get(s)?.length ?? 0)} trades
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small" data-testid="chart-caption">
        Candles and trades of <span className="mono">{symbol}</span>; equity and drawdown are the whole portfolio&rsquo;s.
      </p>
      {span === null ? (
        <p className="muted">The run had no bars to draw.</p>
      ) : bars.isPending ? (
        <p className="muted">Loading bars of {symbol}…</p>
      ) : bars.isError ? (
        <ErrorNotice title={`Could not load the bars of ${symbol}`} error={bars.error} onRetry={() => bars.refetch()} />
      ) : (
        <Suspense fallback={<p className="muted">Loading chart…</p>}>
          <LazyBacktestChart
            bars={rows}
            curves={result.curves}
            trades={trades}
            offsetSeconds={displayOffsetSeconds(result.config.market)}
            intraday={isIntraday(result.timeframe)}
          />
        </Suspense>
      )}
    </section>
  );
}
