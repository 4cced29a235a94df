import type { BarValues } from './catalog';
import type { PriceField } from './spec';

/** A bar field or blend, as float64 for signal math (statistical; money stays decimal in the engine). */
export function priceOf(bar: BarValues, field: PriceField): number {
  switch (field) {
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
    case 'ohlc4':
      return (bar.open + bar.high + bar.low + bar.close) / 4;
    default:
      return bar[field];
  }
}

/** The last `depth` values of one series, newest at offset 0; NaN before the series is that long. */
export class History {
  private readonly buf: Float64Array;
  private head = -1;
  private count = 0;

  constructor(readonly depth: number) {
    this.buf = new Float64Array(depth).fill(NaN);
  }

  push(v: number): void {
    if (++this.head === this.depth) this.head = 0;
    this.buf[this.head] = v;
    if (this.count < this.depth) this.count++;
  }

  at(offset: number): number {
    if (offset >= this.count) return NaN;
    let i = this.head - offset;
    if (i < 0) i += this.depth;
    return this.buf[i]!;
  }

  reset(): void {
    this.buf.fill(NaN);
    this.head = -1;
    this.count = 0;
  }
}
