"""czsc peer for bench/chanlun.ts: reads bars as JSON lines [timeMs, open, high, low, close, volume] from stdin,
times CZSC(bars) construction (czsc's Rust core), and prints one JSON object with its fractals and strokes (times as
UTC epoch ms of the bar holding the extreme)."""
import json
import sys
import time
from datetime import datetime, timezone

import czsc
from czsc import CZSC, Freq, Mark, Direction, RawBar


def to_ms(dt) -> int:
    if hasattr(dt, "value") and not isinstance(dt, datetime):  # pandas Timestamp
        return int(dt.value // 1_000_000)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(round(dt.timestamp() * 1000))


def main() -> None:
    min_bi_len = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    rows = [json.loads(line) for line in sys.stdin if line.strip()]
    bars = [
        RawBar(symbol="BENCH", dt=datetime.fromtimestamp(r[0] / 1000, tz=timezone.utc).replace(tzinfo=None), freq=Freq.F1,
               open=float(r[1]), close=float(r[4]), high=float(r[2]), low=float(r[3]), vol=float(r[5]), amount=0.0, id=i)
        for i, r in enumerate(rows)
    ]
    times = []
    c = None
    for _ in range(3):
        t0 = time.perf_counter()
        # max_bi_num large enough that czsc keeps every stroke (its default 50 drops old ones).
        c = CZSC(bars, max_bi_num=10_000_000, min_bi_len=min_bi_len)
        times.append((time.perf_counter() - t0) * 1000)
    fxs = [[to_ms(f.dt), "top" if f.mark == Mark.G else "bottom", f.fx] for f in c.fx_list]
    bis = [[to_ms(b.fx_a.dt), to_ms(b.fx_b.dt), "up" if b.direction == Direction.Up else "down"] for b in c.bi_list]
    print(json.dumps({"czsc_version": czsc.__version__, "ms": times, "fractals": fxs, "strokes": bis}))


if __name__ == "__main__":
    main()
