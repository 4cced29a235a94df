import type { Metric, Metrics } from '../api/backtests';
import { formatMetricValue, GROUP_LABELS, groupMetrics } from './metricFormat';

function MetricRow({ metric, annualization }: { metric: Metric; annualization: number }) {
  const missing = metric.value === null;
  // The table header states the usual annualisation; a metric only repeats it when it used another one.
  const annualised =
    metric.annualization === undefined ? null : metric.annualization === annualization ? 'annualised' : `annualised × ${metric.annualization}/yr`;
  return (
    <tr data-metric={metric.id}>
      <th scope="row" className="metrics__label">{metric.label}</th>
      <td className={missing ? 'num muted' : 'num mono'}>{formatMetricValue(metric)}</td>
      <td className="metrics__note muted small">
        {annualised && <span className="tag" title={`annualised with ${metric.annualization} periods per year`}>{annualised}</span>}
        {metric.nonFinite && <span> raw {metric.nonFinite}</span>}
        {metric.note && <span> {metric.note}</span>}
      </td>
    </tr>
  );
}

/** Every metric of a backtest, in the engine's groups, each formatted by its unit. */
export function MetricsTable({ metrics }: { metrics: Metrics }) {
  return (
    <section className="card" data-testid="metrics-table">
      <h2 className="card__title">Metrics</h2>
      <p className="muted small">
        Annualised with {metrics.annualization} periods per year; risk-free {(metrics.riskFreePerPeriod * 100).toFixed(4)}% per period.
      </p>
      <div className="metrics">
        {groupMetrics(metrics.list).map(({ group, metrics: list }) => (
          <table key={group} className="table table--compact metrics__group">
            <caption className="metrics__caption">{GROUP_LABELS[group] ?? group}</caption>
            <tbody>
              {list.map((m) => <MetricRow key={m.id} metric={m} annualization={metrics.annualization} />)}
            </tbody>
          </table>
        ))}
      </div>
    </section>
  );
}
