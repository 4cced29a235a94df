/**
 * A daily A-share CSV (symbol,datetime,open,close,high,low,volume — the layout of ../shared/data/ashare) turned line by
 * line into another symbol's series: a universe of distinct, fully known series from the one real file, so a rotation
 * has something to rank. `price` maps every price (to the cent); `swapHighLow` for decreasing maps, where the high
 * becomes the low; `skipEvery` drops every n-th line (suspension days).
 */
export function deriveDailyCsv(source: string, symbol: string, price: (p: number) => number, o: { swapHighLow?: boolean; skipEvery?: number } = {}): string {
  const [header, ...lines] = source.trim().split('\n');
  const out = [header];
  lines.forEach((line, i) => {
    if (o.skipEvery && i % o.skipEvery === 0) return;
    const [, time, open, close, high, low, volume] = line.split(',');
    const px = (v: string) => price(Number(v)).toFixed(2);
    out.push([symbol, time, px(open!), px(close!), px(o.swapHighLow ? low! : high!), px(o.swapHighLow ? high! : low!), volume].join(','));
  });
  return out.join('\n') + '\n';
}
