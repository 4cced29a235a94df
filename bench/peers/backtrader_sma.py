"""Backtrader peer of `npm run bench:backtest`: SMA(fast/slow) cross, long only, all-in, market orders.

Usage: backtrader_sma.py <csv> <minutes|days> <fast> <slow> <cash>
CSV columns: datetime (YYYY-mm-dd HH:MM:SS), open, high, low, close, volume.
Prints one JSON object: timings, bar count and the round trips.

Rules (the same as the TypeScript side):
- signal on bar i's close from d = SMA(fast) − SMA(slow) (bt.indicators.SMA): a cross up is d > 0 while the last
  non-zero d before bar i was < 0, a cross down the mirror image (bt.indicators.CrossOver's definition), where
  |d| ≤ 1e-9 × close counts as zero. The tolerance is what makes the two sides comparable: the SMAs are equal in exact
  arithmetic on some bars (3 × Σ10 = Σ30 in cents), and backtrader's fsum-per-window and our running sum then leave
  float noise of opposite signs (±4e-11), which CrossOver would read as a cross on one side only. The smallest real
  difference between the two averages of cent prices is 1/30 cent, far above the tolerance;
- flat and crossed up: buy floor(cash / open of bar i+1) units; long and crossed down: close the position;
- market orders fill at the next bar's open (cheat_on_open off), zero commission, no slippage.
The quantity peeks at the next open only to reproduce "all-in at the fill price"; the signal never looks ahead.
"""
import json
import math
import sys
import time

import backtrader as bt


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        fast = bt.indicators.SMA(self.data.close, period=self.p.fast)
        slow = bt.indicators.SMA(self.data.close, period=self.p.slow)
        self.fast, self.slow = fast, slow
        self.last_nonzero = 0.0
        self.fills = []
        self.t_start = self.t_stop = 0.0

    def start(self):
        self.t_start = time.perf_counter()

    def stop(self):
        self.t_stop = time.perf_counter()

    def notify_order(self, order):
        if order.status == order.Completed:
            self.fills.append(
                {
                    "index": len(self.data) - 1,
                    "time": bt.num2date(order.executed.dt).strftime("%Y-%m-%d %H:%M:%S"),
                    "side": "buy" if order.isbuy() else "sell",
                    "price": order.executed.price,
                    "size": order.executed.size,
                }
            )
        elif order.status in (order.Margin, order.Rejected):
            self.fills.append({"index": len(self.data) - 1, "side": "rejected", "status": order.getstatusname()})

    def next(self):
        d = self.fast[0] - self.slow[0]
        if abs(d) <= 1e-9 * abs(self.data.close[0]):
            d = 0.0
        up = d > 0 and self.last_nonzero < 0
        down = d < 0 and self.last_nonzero > 0
        if d != 0:
            self.last_nonzero = d
        if not self.position:
            if up:
                try:
                    next_open = self.data.open[1]
                except IndexError:
                    return  # last bar: the order could never fill
                size = math.floor(self.broker.getcash() / next_open)
                if size > 0:
                    self.buy(size=size)
        elif down:
            self.close()


def main():
    path, frame, fast, slow, cash = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    cerebro = bt.Cerebro(stdstats=False)
    feed = bt.feeds.GenericCSVData(
        dataname=path,
        dtformat="%Y-%m-%d %H:%M:%S",
        datetime=0,
        open=1,
        high=2,
        low=3,
        close=4,
        volume=5,
        openinterest=-1,
        timeframe=bt.TimeFrame.Minutes if frame == "minutes" else bt.TimeFrame.Days,
        compression=1,
    )
    cerebro.adddata(feed)
    cerebro.addstrategy(SmaCross, fast=fast, slow=slow)
    cerebro.broker.setcash(cash)
    cerebro.broker.set_checksubmit(False)
    cerebro.broker.setcommission(commission=0.0)
    t0 = time.perf_counter()
    strat = cerebro.run()[0]
    run_ms = (time.perf_counter() - t0) * 1000

    trades = []
    entry = None
    for f in strat.fills:
        if f["side"] == "buy":
            entry = f
        elif f["side"] == "sell" and entry is not None:
            trades.append(
                {
                    "entryIndex": entry["index"],
                    "entryTime": entry["time"],
                    "entryPrice": entry["price"],
                    "exitIndex": f["index"],
                    "exitTime": f["time"],
                    "exitPrice": f["price"],
                    "quantity": entry["size"],
                }
            )
            entry = None
    json.dump(
        {
            "bars": len(strat.data),
            "run_ms": run_ms,
            "strategy_ms": (strat.t_stop - strat.t_start) * 1000,
            "rejected": sum(1 for f in strat.fills if f["side"] == "rejected"),
            "open_position": entry is not None,
            "final_value": cerebro.broker.getvalue(),
            "trades": trades,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
