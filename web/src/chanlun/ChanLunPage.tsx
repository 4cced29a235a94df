import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Timeframe } from '../api/types';
import { SubscriptionForm } from '../alerts/SubscriptionForm';
import { useSymbols } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount, formatInZone } from '../common/format';
import { ChanChart } from './ChanChart';
import { ALL_LAYERS, LAYER_LABELS, LAYERS, offsetForSymbol, type Layer, type LayerVisibility } from './chartLayers';
import { PointsTable } from './PointsTable';
import { isIntraday, levelsFor, useChanData } from './useChanData';

function zoneFor(symbol: string): string {
  return symbol.includes(':') ? 'UTC' : 'Asia/Shanghai';
}

/**
 * ChanLun (缠论) view of a stored series: level switcher, the K-line with its structure, layer toggles, the buy/sell
 * points with their reasons, and an alert subscription for the series shown. Symbol and level live in the URL.
 */
export function ChanLunPage() {
  const [params, setParams] = useSearchParams();
  const symbols = useSymbols();
  const series = symbols.data?.series ?? [];
  const names = useMemo(() => [...new Set(series.map((s) => s.symbol))].sort(), [series]);
  const symbol = params.get('symbol') ?? names[0] ?? '';
  const levels = levelsFor(series, symbol);
  const asked = params.get('timeframe') as Timeframe | null;
  const timeframe: Timeframe = asked ?? (levels.includes('1d') ? '1d' : levels[0] ?? '1d');
  const [layers, setLayers] = useState<LayerVisibility>(ALL_LAYERS);
  const [focus, setFocus] = useState<number | null>(null);
  const { klines, structure } = useChanData(symbol, timeframe);

  const pick = (next: { symbol?: string; timeframe?: Timeframe }) => {
    const p = new URLSearchParams(params);
    if (next.symbol !== undefined) {
      p.set('symbol', next.symbol);
      p.delete('timeframe');
    }
    if (next.timeframe) p.set('timeframe', next.timeframe);
    setFocus(null);
    setParams(p);
  };
  const toggle = (layer: Layer) => setLayers((l) => ({ ...l, [layer]: !l[layer] }));
  const s = structure.data;
  const counts: Record<Layer, number> | null = s
    ? {
      fractals: s.fractals.length,
      strokes: s.strokes.length,
      segments: s.segments.length,
      strokeCenters: s.strokeCenters.length,
      segmentCenters: s.segmentCenters.length,
      points: s.points.length,
    }
    : null;
  const zone = zoneFor(symbol);

  return (
    <section>
      <div className="page__header">
        <h1>ChanLun</h1>
        <div className="page__actions">
          <Link to="/alerts" className="button">Alerts</Link>
          <Link to="/schedules" className="button">Schedules</Link>
        </div>
      </div>

      {symbols.isError && <ErrorNotice title="Could not load the stored symbols" error={symbols.error} onRetry={() => symbols.refetch()} />}
      {symbols.data && names.length === 0 && (
        <div className="empty">
          <h2>No bars stored yet</h2>
          <p><Link to="/import">Import</Link> a K-line file first; its symbol then shows up here.</p>
        </div>
      )}

      {names.length > 0 && (
        <div className="chan-controls">
          <div className="field">
            <label htmlFor="chan-symbol">Symbol</label>
            <select id="chan-symbol" value={symbol} onChange={(e) => pick({ symbol: e.target.value })} data-testid="chan-symbol">
              {!names.includes(symbol) && <option value={symbol}>{symbol}</option>}
              {names.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
          <div className="field">
            <span className="field__label" id="chan-level-label">Level</span>
            <div className="segmented" role="group" aria-labelledby="chan-level-label" data-testid="chan-levels">
              {levels.map((tf) => (
                <button
                  key={tf}
                  type="button"
                  className={tf === timeframe ? 'segmented__option segmented__option--active' : 'segmented__option'}
                  aria-pressed={tf === timeframe}
                  onClick={() => pick({ timeframe: tf })}
                  data-testid={`chan-level-${tf}`}
                >
                  {tf}
                </button>
              ))}
            </div>
          </div>
          <fieldset className="chan-layers" data-testid="chan-layers">
            <legend>Layers</legend>
            {LAYERS.map((layer) => (
              <label key={layer} className={`chan-layers__option chan-layers__option--${layer}`}>
                <input type="checkbox" checked={layers[layer]} onChange={() => toggle(layer)} data-testid={`layer-${layer}`} />
                {LAYER_LABELS[layer]}
                {counts && <span className="muted small"> {formatCount(counts[layer])}</span>}
              </label>
            ))}
          </fieldset>
        </div>
      )}

      {klines.isError && <ErrorNotice title={`Could not load the ${timeframe} bars of ${symbol}`} error={klines.error} onRetry={() => klines.refetch()} />}
      {structure.isError && <ErrorNotice title="Could not analyse the structure" error={structure.error} onRetry={() => structure.refetch()} />}
      {symbol && (klines.isPending || (klines.isSuccess && structure.isPending)) && (
        <p className="muted" data-testid="chan-loading">Loading {symbol} {timeframe}{klines.isSuccess ? ': analysing the structure…' : '…'}</p>
      )}

      {klines.data && s && (
        <>
          <p className="muted small chan-summary" data-testid="chan-summary">
            {symbol} · {timeframe}
            {klines.data.resampledFrom && <> (resampled from {klines.data.resampledFrom})</>} ·{' '}
            {formatCount(klines.data.bars.length)} bars
            {klines.data.truncated && <> (the last of {formatCount(klines.data.total)}; analysed from the first one shown)</>} ·{' '}
            {formatInZone(s.firstTime, zone)} – {formatInZone(s.lastTime, zone)} ({zone})
            {s.truncated && <> · only the latest structures are drawn</>}
          </p>
          <ChanChart
            bars={klines.data.bars}
            structure={s}
            offsetSeconds={offsetForSymbol(symbol)}
            intraday={isIntraday(timeframe)}
            layers={layers}
            focusTimeMs={focus}
          />
          <ChartLegend />
          <div className="chan-columns">
            <section className="card">
              <h2 className="card__title">
                Buy/sell points <span className="muted" data-testid="points-count">{formatCount(s.points.length)}</span>
              </h2>
              <PointsTable points={s.points} zone={zone} onPick={setFocus} />
            </section>
            <section className="card chan-subscribe" data-testid="chan-subscribe">
              <h2 className="card__title">Alert on new points</h2>
              <p className="muted small">
                Scans (a schedule of the ChanLun scan graph) record an alert when a point of these types appears on {symbol} {timeframe}.
              </p>
              <SubscriptionForm key={`${symbol}|${timeframe}`} symbols={[symbol]} timeframe={timeframe} fixedSeries idPrefix="chan-sub" />
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function ChartLegend() {
  return (
    <ul className="chan-legend small muted" aria-label="Legend">
      <li><span className="chan-legend__swatch chan-legend__swatch--stroke" /> stroke</li>
      <li><span className="chan-legend__swatch chan-legend__swatch--segment" /> segment</li>
      <li><span className="chan-legend__swatch chan-legend__swatch--stroke-center" /> stroke center (ZD–ZG; dotted GG/DD)</li>
      <li><span className="chan-legend__swatch chan-legend__swatch--segment-center" /> segment center</li>
      <li>dashed = may still extend or be withdrawn</li>
      <li>● fractal · ▲ buy · ▼ sell · amber ? = pending</li>
    </ul>
  );
}
