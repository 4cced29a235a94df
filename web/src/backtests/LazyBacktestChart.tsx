import { lazy } from 'react';

// lightweight-charts is only needed on report pages; keep it out of the main bundle.
export const LazyBacktestChart = lazy(() => import('../charts/BacktestChart').then((m) => ({ default: m.BacktestChart })));

/** Minute and hour bars get hours and minutes on the chart's time axis. */
export const isIntraday = (timeframe: string) => /^\d+[mh]$/.test(timeframe);
