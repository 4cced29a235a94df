"""Reference values from the real TA-Lib (PyPI `ta-lib`, whose wheels bundle the C library) for indicators.test.

Reads the input slices named on stdin (JSON: {name: {source, rows, open, high, low, close, volume, cases?}}) and
writes, per slice, every reference series (or only `cases`) with NaN as null. Run through generate-talib-fixture.ts, which pins the venv.
"""
import json
import math
import sys

import numpy as np
import talib

CASES = [
    # (key, talib function, inputs, kwargs, outputs)
    ("sma_10", "SMA", ["close"], {"timeperiod": 10}, ["value"]),
    ("sma_30", "SMA", ["close"], {"timeperiod": 30}, ["value"]),
    ("ema_12", "EMA", ["close"], {"timeperiod": 12}, ["value"]),
    ("ema_26", "EMA", ["close"], {"timeperiod": 26}, ["value"]),
    ("wma_10", "WMA", ["close"], {"timeperiod": 10}, ["value"]),
    ("macd_12_26_9", "MACD", ["close"], {"fastperiod": 12, "slowperiod": 26, "signalperiod": 9}, ["macd", "signal", "hist"]),
    ("macd_5_35_5", "MACD", ["close"], {"fastperiod": 5, "slowperiod": 35, "signalperiod": 5}, ["macd", "signal", "hist"]),
    ("rsi_14", "RSI", ["close"], {"timeperiod": 14}, ["value"]),
    ("rsi_6", "RSI", ["close"], {"timeperiod": 6}, ["value"]),
    ("trange", "TRANGE", ["high", "low", "close"], {}, ["value"]),
    ("atr_14", "ATR", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("atr_5", "ATR", ["high", "low", "close"], {"timeperiod": 5}, ["value"]),
    ("bbands_20_2", "BBANDS", ["close"], {"timeperiod": 20, "nbdevup": 2.0, "nbdevdn": 2.0, "matype": 0}, ["upper", "middle", "lower"]),
    ("bbands_10_1.5", "BBANDS", ["close"], {"timeperiod": 10, "nbdevup": 1.5, "nbdevdn": 1.5, "matype": 0}, ["upper", "middle", "lower"]),
    ("stoch_5_3_3", "STOCH", ["high", "low", "close"], {"fastk_period": 5, "slowk_period": 3, "slowk_matype": 0, "slowd_period": 3, "slowd_matype": 0}, ["k", "d"]),
    ("stoch_14_3_3", "STOCH", ["high", "low", "close"], {"fastk_period": 14, "slowk_period": 3, "slowk_matype": 0, "slowd_period": 3, "slowd_matype": 0}, ["k", "d"]),
    ("adx_14", "ADX", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("adx_7", "ADX", ["high", "low", "close"], {"timeperiod": 7}, ["value"]),
    ("plus_di_14", "PLUS_DI", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("minus_di_14", "MINUS_DI", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("obv", "OBV", ["close", "volume"], {}, ["value"]),
    ("max_high_20", "MAX", ["high"], {"timeperiod": 20}, ["value"]),
    ("min_low_20", "MIN", ["low"], {"timeperiod": 20}, ["value"]),
    ("roc_10", "ROC", ["close"], {"timeperiod": 10}, ["value"]),
    ("mom_10", "MOM", ["close"], {"timeperiod": 10}, ["value"]),
    ("cci_14", "CCI", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("cci_20", "CCI", ["high", "low", "close"], {"timeperiod": 20}, ["value"]),
    ("willr_14", "WILLR", ["high", "low", "close"], {"timeperiod": 14}, ["value"]),
    ("trix_15", "TRIX", ["close"], {"timeperiod": 15}, ["value"]),
]


def clean(series):
    return [None if math.isnan(v) else float(v) for v in series]


def main():
    slices = json.load(sys.stdin)
    out = {"talib": talib.__version__, "talibC": talib.__ta_version__.decode() if isinstance(talib.__ta_version__, bytes) else str(talib.__ta_version__), "slices": {}}
    for name, data in slices.items():
        cols = {k: np.asarray(data[k], dtype=np.float64) for k in ("open", "high", "low", "close", "volume")}
        results = {}
        only = data.get("cases")
        for key, fn, inputs, kwargs, outputs in CASES:
            if only is not None and key not in only:
                continue
            res = getattr(talib, fn)(*[cols[i] for i in inputs], **kwargs)
            if not isinstance(res, tuple):
                res = (res,)
            results[key] = {"fn": fn, "params": kwargs, "outputs": {o: clean(r) for o, r in zip(outputs, res)}}
        out["slices"][name] = {**data, "results": results}
    json.dump(out, sys.stdout, separators=(",", ":"))


main()
