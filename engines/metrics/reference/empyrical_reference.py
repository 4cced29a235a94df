"""Reference values from empyrical-reloaded itself, for engines/metrics tests.

Run through `npx tsx engines/metrics/reference/generate.ts`, which makes the pinned venv and writes
empyrical-reference.json beside this file. Usage here: empyrical_reference.py <path to 000001.SH_D.csv>.

Two parts:
- `conftest`: the random fixtures of empyrical's tests/conftest.py (RandomState(1337), drawn in the same order), so
  the property tests that use them can be ported without re-implementing numpy's generator.
- `cases`: every ported statistic computed by empyrical on real daily returns of the SSE Composite Index
  (000001.SH, 2006-11 → 2020-07) and of a simple trend-following strategy on it.
"""

import csv
import json
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats

import empyrical as ep


def enc(x):
    """JSON has no NaN/Infinity: spell them as strings, floats as repr (exact round trip)."""
    if isinstance(x, (list, tuple, np.ndarray, pd.Series)):
        return [enc(v) for v in list(x)]
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


SAMPLE_STEP = 25


def sampled(series):
    """Every SAMPLE_STEP-th value of a long output series, plus its length: enough to pin it, small enough to commit."""
    values = np.asarray(series)
    return {"length": len(values), "step": SAMPLE_STEP, "values": enc(values[::SAMPLE_STEP])}


def conftest_fixtures():
    rand = np.random.RandomState(1337)
    noise = rand.normal(0, 0.001, 1000)
    noise_uniform = rand.uniform(-0.01, 0.01, 1000)
    rand.randn(100_000)  # random_100k: drawn to keep the sequence, not stored
    index = pd.date_range("2000-1-30", periods=1000, freq="D", tz="UTC")
    noise_s = pd.Series(noise, index=index)
    replace_nan = rand.choice(noise_s.index.tolist(), rand.randint(1, 10))
    sparse_noise = noise_s.replace(replace_nan, np.nan)
    simple_benchmark = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]) / 100
    simple_benchmark_w_noise = simple_benchmark + rand.normal(0, 0.001, len(simple_benchmark))
    return {
        "noise": enc(noise),
        "noise_uniform": enc(noise_uniform),
        "sparse_noise": enc(sparse_noise.values),
        "simple_benchmark_w_noise": enc(simple_benchmark_w_noise),
    }


def load_closes(path):
    dates, closes = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            dates.append(row["dt"])
            closes.append(float(row["close"]))
    return dates, np.array(closes)


def trend_strategy(closes, index_returns, window=20, switch_cost=0.0005):
    """Long the index while the close is above its `window`-day mean, decided at the close and held the next day."""
    sma = pd.Series(closes).rolling(window).mean().to_numpy()
    in_market = closes > sma  # False while the mean is warming up (NaN compares False)
    strat = np.zeros(len(index_returns))
    for t in range(len(index_returns)):
        held = in_market[t]  # decided at close t, earns return t (close t -> close t+1)
        prev = in_market[t - 1] if t > 0 else False
        strat[t] = (index_returns[t] if held else 0.0) - (switch_cost if held != prev else 0.0)
    return strat


def stats_for(returns, factor, *, risk_free=0.0, required_return=0.0, period="daily", annualization=None):
    """Every ported statistic, with the same arguments the TS test passes."""
    r = np.asarray(returns, dtype=float)
    f = np.asarray(factor, dtype=float)
    ann = ep.stats.annualization_factor(period, annualization)
    kw = dict(period=period, annualization=annualization)
    alpha, beta = ep.alpha_beta_aligned(r, f, risk_free=risk_free, **kw)
    up_a, up_b = ep.up_alpha_beta(r, f, risk_free=risk_free, **kw)
    down_a, down_b = ep.down_alpha_beta(r, f, risk_free=risk_free, **kw)
    batting = ep.batting_average(r, f)
    return {
        "cum_returns_final": enc(ep.cum_returns_final(r)),
        "annual_return": enc(ep.annual_return(r, **kw)),
        "cagr": enc(ep.cagr(r, **kw)),
        "annual_volatility": enc(ep.annual_volatility(r, **kw)),
        "sharpe_ratio": enc(ep.sharpe_ratio(r, risk_free=risk_free, **kw)),
        "sortino_ratio": enc(ep.sortino_ratio(r, required_return=required_return, **kw)),
        "downside_risk": enc(ep.downside_risk(r, required_return=required_return, **kw)),
        "calmar_ratio": enc(ep.calmar_ratio(r, **kw)),
        "omega_ratio": enc(ep.omega_ratio(r, risk_free=risk_free, required_return=0.05, annualization=ann)),
        "max_drawdown": enc(ep.max_drawdown(r)),
        "stability_of_timeseries": enc(ep.stability_of_timeseries(r)),
        "tail_ratio": enc(ep.tail_ratio(r)),
        "value_at_risk": enc(ep.value_at_risk(r)),
        "value_at_risk_01": enc(ep.value_at_risk(r, cutoff=0.01)),
        "conditional_value_at_risk": enc(ep.conditional_value_at_risk(r)),
        "skew": enc(stats.skew(r)),
        "kurtosis": enc(stats.kurtosis(r)),
        "excess_sharpe": enc(ep.excess_sharpe(r, f)),
        "alpha": enc(alpha),
        "beta": enc(beta),
        "up_alpha": enc(up_a),
        "up_beta": enc(up_b),
        "down_alpha": enc(down_a),
        "down_beta": enc(down_b),
        "capture": enc(ep.capture(r, f, period=period)),
        "up_capture": enc(ep.up_capture(r, f, period=period)),
        "down_capture": enc(ep.down_capture(r, f, period=period)),
        "up_down_capture": enc(ep.up_down_capture(r, f, period=period)),
        "batting_average": enc(batting["batting average"]),
        "batting_up_market": enc(batting["up market"]),
        "batting_down_market": enc(batting["down market"]),
        "cum_returns": sampled(ep.cum_returns(r)),
        "drawdown_series": sampled(ep.stats.drawdown_series(r)),
        "roll_sharpe_ratio_60": sampled(ep.roll_sharpe_ratio(r, window=60, **kw)),
        "roll_max_drawdown_60": sampled(ep.roll_max_drawdown(r, window=60)),
    }


def weekly(dates, returns):
    """Compound daily returns into ISO weeks (empyrical's aggregate_returns grouping), oldest first."""
    s = pd.Series(returns, index=pd.to_datetime(dates))
    return ep.aggregate_returns(s, "weekly").to_numpy()


def main():
    dates, closes = load_closes(sys.argv[1])
    index_returns = ep.simple_returns(closes)
    ret_dates = dates[1:]
    strat = trend_strategy(closes, index_returns)

    # A copy with missing observations at fixed positions, to pin the NaN handling of every function.
    strat_nan = strat.copy()
    strat_nan[[0, 5, 100, 1000, 2500, len(strat_nan) - 1]] = np.nan
    index_nan = index_returns.copy()
    index_nan[[3, 5, 777, 2000]] = np.nan

    w_index = weekly(ret_dates, index_returns)
    w_strat = weekly(ret_dates, strat)

    out = {
        "generator": "engines/metrics/reference/empyrical_reference.py",
        "versions": {
            "empyrical-reloaded": ep.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": __import__("scipy").__version__,
        },
        "source": "../shared/data/ashare/000001.SH_D.csv (close column)",
        "conftest": conftest_fixtures(),
        "inputs": {
            "index_returns": enc(index_returns),
            "strategy_returns": enc(strat),
            "strategy_returns_nan": enc(strat_nan),
            "index_returns_nan": enc(index_nan),
            "weekly_index_returns": enc(w_index),
            "weekly_strategy_returns": enc(w_strat),
        },
        "cases": {
            "strategy_vs_index_daily": {
                "returns": "strategy_returns",
                "factor": "index_returns",
                "options": {"period": "daily"},
                "expected": stats_for(strat, index_returns),
            },
            "index_vs_strategy_rf_244": {
                "returns": "index_returns",
                "factor": "strategy_returns",
                "options": {"annualization": 244, "risk_free": 0.00008, "required_return": 0.0002},
                "expected": stats_for(index_returns, strat, annualization=244, risk_free=0.00008, required_return=0.0002),
            },
            "with_nan_daily": {
                "returns": "strategy_returns_nan",
                "factor": "index_returns_nan",
                "options": {"period": "daily", "risk_free": 0.00005},
                "expected": stats_for(strat_nan, index_nan, risk_free=0.00005),
            },
            "weekly": {
                "returns": "weekly_strategy_returns",
                "factor": "weekly_index_returns",
                "options": {"period": "weekly"},
                "expected": stats_for(w_strat, w_index, period="weekly"),
            },
        },
    }
    json.dump(out, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
