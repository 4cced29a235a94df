import { Suspense } from 'react';
import { isApiError } from '../api/client';
import { isRotationBacktest, type BacktestDetail, type SingleBacktestDetail } from '../api/backtests';
import { displayOffsetSeconds } from '../charts/chartData';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount, formatDateTime } from '../common/format';
import { DefinitionPanel } from './DefinitionPanel';
import { FinalAccount } from './FinalAccount';
import { HeadlineStats } from './HeadlineStats';
import { isIntraday, LazyBacktestChart } from './LazyBacktestChart';
import { MetricsTable } from './MetricsTable';
import { RebalancesTable } from './RebalancesTable';
import { RotationChartCard } from './RotationChartCard';
import { RunRef } from './RunRef';
import { TradesTable } from './TradesTable';
import { useBacktest, useBacktestBars } from './useBacktests';

function timeZoneOf(market: string | undefined): string {
  return market === 'ashare' ? 'Asia/Shanghai' : 'UTC';
}

function ChartCard({ backtest }: { backtest: SingleBacktestDetail }) {
  const bars = useBacktestBars(backtest.id);
  const { result } = backtest;
  return (
    <section className="card">
      <h2 className="card__title">
        Chart{' '}
        {bars.data?.truncated && (
          <span className="muted small">(last {formatCount(bars.data.bars.length)} of {formatCount(result.bars)} bars)</span>
        )}
      </h2>
      {bars.isPending ? (
        <p className="muted">Loading bars…</p>
      ) : bars.isError ? (
        <ErrorNotice title="Could not load the bars" error={bars.error} onRetry={() => bars.refetch()} />
      ) : (
        <Suspense fallback={<p className="muted">Loading chart…</p>}>
          <LazyBacktestChart
            bars={bars.data.bars}
            curves={result.curves}
            trades={result.trades}
            offsetSeconds={displayOffsetSeconds(result.config.market)}
            intraday={isIntraday(result.timeframe)}
          />
        </Suspense>
      )}
    </section>
  );
}

/** A rotation's row names its universe joined by commas; the header lists it and counts it instead. */
function SymbolMeta({ backtest }: { backtest: BacktestDetail }) {
  if (!isRotationBacktest(backtest)) return <div><dt>Symbol</dt><dd className="mono">{backtest.symbol}</dd></div>;
  const { symbols } = backtest.definition;
  return (
    <>
      <div><dt>Universe</dt><dd><span className="mono" data-testid="backtest-universe">{symbols.join(', ')}</span> ({symbols.length} symbols)</dd></div>
      <div><dt>Rebalances</dt><dd>{formatCount(backtest.summary.rebalances)}</dd></div>
    </>
  );
}

function BacktestHeader({ backtest }: { backtest: BacktestDetail }) {
  return (
    <header className="run-header">
      <div className="run-header__title">
        <h1 data-testid="backtest-title">{backtest.strategy}</h1>
      </div>
      <dl className="meta">
        <SymbolMeta backtest={backtest} />
        <div><dt>Timeframe</dt><dd className="mono">{backtest.timeframe}</dd></div>
        <div><dt>Bars</dt><dd>{formatCount(backtest.bars)}</dd></div>
        <div><dt>Market</dt><dd>{backtest.result.config.market}</dd></div>
        <div><dt>Engine</dt><dd>{formatCount(backtest.engineMs)} ms</dd></div>
        <div><dt>Created</dt><dd className="mono">{formatDateTime(backtest.createdAt)}</dd></div>
        <div><dt>Run</dt><dd><RunRef workflowId={backtest.workflowId} /></dd></div>
      </dl>
    </header>
  );
}

/** The whole report of one stored backtest; embeddable (the strategy report page shows it too). */
export function BacktestReport({ id }: { id: string }) {
  const query = useBacktest(id);
  if (query.isPending) return <p className="muted">Loading backtest…</p>;
  if (query.isError) {
    return isApiError(query.error, 404) ? (
      <div className="empty"><h2>Backtest not found</h2><p>No backtest <code>{id}</code>.</p></div>
    ) : (
      <ErrorNotice title="Could not load the backtest" error={query.error} onRetry={() => query.refetch()} />
    );
  }
  const backtest = query.data;
  const { result } = backtest;
  const timeZone = timeZoneOf(result.config.market);
  const rotation = isRotationBacktest(backtest);
  return (
    <div className="bt-report" data-testid="backtest-report" data-kind={backtest.definition.kind}>
      <BacktestHeader backtest={backtest} />
      <HeadlineStats summary={backtest.summary} />
      {rotation ? <RotationChartCard backtest={backtest} /> : <ChartCard backtest={backtest} />}
      <MetricsTable metrics={result.metrics} />
      <FinalAccount result={result} />
      <TradesTable trades={result.trades} timeZone={timeZone} />
      {rotation && <RebalancesTable rebalances={backtest.result.rebalances} timeZone={timeZone} />}
      <DefinitionPanel definition={backtest.definition} config={result.config} />
    </div>
  );
}
