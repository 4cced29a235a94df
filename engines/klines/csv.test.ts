import { describe, expect, it } from 'vitest';
import { parseKlineCsv, type KlineParseOptions, type KlineParseResult, type RowProblem } from './csv';
import { columnMappingProblems, klineColumnMapSchema } from './layout';
import { decodeKlineSource } from './source';
import { readSharedData } from './test-helpers/shared-data';
import { civilToMs } from './timezone';

const HEADER = 'symbol,dt,open,close,high,low,vol';

/** A CSV with the A-share daily layout; rows are joined with \n. */
function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

/** Daily row on 2020-01-<day> at 15:00 Shanghai with open/close/high/low/vol. */
function day(d: number, ohlcv = '10,10,10,10,100', symbol = '000001.SH'): string {
  return `${symbol},2020-01-${String(d).padStart(2, '0')} 15:00:00,${ohlcv}`;
}

function ok(result: KlineParseResult): Extract<KlineParseResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors.slice(0, 5))}`);
  return result;
}

function problems(text: string, options?: KlineParseOptions): RowProblem[] {
  const result = parseKlineCsv(text, options);
  if (result.ok) throw new Error('expected problems, the file parsed cleanly');
  expect(result.errorCount).toBe(result.errors.length);
  return result.errors;
}

function dailyText(): string {
  return decodeKlineSource(readSharedData('ashare/000001.SH_D.csv'), '000001.SH_D.csv');
}

function iso(ms: number | undefined): string {
  return new Date(ms ?? Number.NaN).toISOString();
}

/** The 1-minute file takes most of a second to parse; the timing test parses it and the gap test reuses that. */
let minuteResult: KlineParseResult | undefined;
function parseMinuteFile(): KlineParseResult {
  const text = decodeKlineSource(readSharedData('ashare/000001.XSHG_1min.zip'), '000001.XSHG_1min.zip');
  minuteResult = parseKlineCsv(text);
  return minuteResult;
}

describe('parseKlineCsv on the shared real data', () => {
  it('parses the SSE daily file: 3,332 Shanghai-time bars, daily timeframe inferred', () => {
    const { bars, stats } = ok(parseKlineCsv(decodeKlineSource(readSharedData('ashare/000001.SH_D.csv'), '000001.SH_D.csv')));
    expect(stats).toMatchObject({
      symbol: '000001.SH',
      timeframe: '1d',
      timezone: 'Asia/Shanghai',
      rows: 3332,
      firstTime: '2006-11-06T07:00:00.000Z',
      lastTime: '2020-07-16T07:00:00.000Z',
    });
    expect(bars.timeMs.length).toBe(3332);
    // Column order in the file is open,close,high,low.
    expect([bars.open[0], bars.close[0], bars.high[0], bars.low[0], bars.volume[0]]).toEqual([
      '1853.19',
      '1886.31',
      '1886.52',
      '1846.01',
      '49544517',
    ]);
  });

  it('treats weekends in the daily file as expected closures and counts holiday closures as possible holidays, not gaps', () => {
    const { stats } = ok(parseKlineCsv(dailyText()));
    // Every break of the SSE daily file is a weekend or an exchange holiday of at most six weekdays (National Day
    // 2009, lines 713–714, is the longest): nothing is left to report as missing data.
    expect(stats.gaps).toEqual({ count: 0, sessionBreaksIgnored: 612, possibleHolidays: 90, largest: [] });
  });

  it('reports a stretch of the daily file longer than any holiday as a gap, with its lines, and a missing weekday as a possible holiday', () => {
    const lines = dailyText().split('\n');
    // File lines 809–823 are the 15 trading days 2010-03-01 … 2010-03-19; line 815 (Tue 2010-03-09) is one day.
    const stretchCut = [...lines.slice(0, 808), ...lines.slice(823)].join('\n');
    const { stats } = ok(parseKlineCsv(stretchCut));
    expect(stats.gaps).toEqual({
      count: 1,
      // The four weekends the cut spans (from 27 February to 21 March) are inside the gap now.
      sessionBreaksIgnored: 612 - 4,
      possibleHolidays: 90,
      largest: [
        {
          from: '2010-02-26T07:00:00.000Z',
          to: '2010-03-22T07:00:00.000Z',
          fromLine: 808,
          toLine: 809,
          missingBars: 15,
          message: 'lines 808–809: no bars from 2010-02-26T07:00:00.000Z to 2010-03-22T07:00:00.000Z, 15 trading days missing at the expected 1d step',
        },
      ],
    });
    const dayCut = [...lines.slice(0, 814), ...lines.slice(815)].join('\n');
    expect(ok(parseKlineCsv(dayCut)).stats.gaps).toEqual({ count: 0, sessionBreaksIgnored: 612, possibleHolidays: 91, largest: [] });
  });

  it('parses all 239,550 bars of the zipped 1-minute file fast, with the timeframe from its freq column', () => {
    const bytes = readSharedData('ashare/000001.XSHG_1min.zip');
    const t0 = performance.now();
    const text = decodeKlineSource(bytes, '000001.XSHG_1min.zip');
    const t1 = performance.now();
    const progress: [number, number][] = [];
    const result = parseKlineCsv(text, {}, (done, total) => progress.push([done, total]));
    const t2 = performance.now();
    minuteResult = result;
    console.log(
      `000001.XSHG_1min.zip: unzip+decode ${(t1 - t0).toFixed(0)} ms, parse+validate ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms`,
    );

    const { bars, stats } = ok(result);
    expect(stats).toMatchObject({
      symbol: '000001.XSHG',
      timeframe: '1m',
      timezone: 'Asia/Shanghai',
      rows: 239_550,
      firstTime: '2015-01-05T01:31:00.000Z',
      lastTime: '2019-02-12T07:00:00.000Z',
    });
    expect(bars.timeMs).toBeInstanceOf(Float64Array);
    expect(bars.close.length).toBe(239_550);
    expect(progress).toHaveLength(24);
    expect(progress[0]).toEqual([10_000, 239_550]);
    expect(progress.at(-1)).toEqual([239_550, 239_550]);
  });

  it('ignores lunch, overnight and closing-auction breaks in the 1-minute file and reports the rest as gaps', () => {
    const { stats } = ok(minuteResult ?? parseMinuteFile());
    // 999 lunch breaks (11:30→13:01), 997 nights (15:00→09:31), 113 closing auctions (14:58→15:00, since
    // 2018-08-20). 28 of the nights also skip weekdays — exchange holidays — and count as possible holidays.
    expect(stats.gaps.sessionBreaksIgnored).toBe(999 + 997 - 28 + 113);
    expect(stats.gaps.possibleHolidays).toBe(28);
    expect(stats.gaps.count).toBe(16);
    for (const gap of stats.gaps.largest) {
      const pair = `${gap.from.slice(11, 16)}→${gap.to.slice(11, 16)}`;
      expect(['03:30→05:01', '07:00→01:31']).not.toContain(pair);
      expect(gap.toLine).toBe(gap.fromLine + 1);
    }
    // 2016-01-07: the circuit breaker halted trading at 09:59 local (01:59Z) for the rest of the day.
    expect(stats.gaps.largest[0]).toEqual({
      from: '2016-01-07T02:00:00.000Z',
      to: '2016-01-08T01:31:00.000Z',
      fromLine: 59193,
      toLine: 59194,
      missingBars: 1410,
      message: 'lines 59193–59194: no bars from 2016-01-07T02:00:00.000Z to 2016-01-08T01:31:00.000Z, 1410 bars missing at the expected 1m step',
    });
    // 2016-01-04, the first circuit-breaker day: a 15-minute halt at 13:13 local, then the rest of the day.
    expect(stats.gaps.largest.slice(1, 3).map((g) => [g.fromLine, g.toLine, g.missingBars])).toEqual([
      [58696, 58697, 1195],
      [58688, 58689, 13],
    ]);
  });

  it('parses the jesse BTC 1-minute file with epoch-ms stamps in UTC', () => {
    const text = decodeKlineSource(readSharedData('crypto/BTC-USDT_1m_jesse.csv'), 'BTC-USDT_1m_jesse.csv');
    const { bars, stats } = ok(parseKlineCsv(text, { symbol: 'BTC-USDT' }));
    expect(stats).toMatchObject({ symbol: 'BTC-USDT', timeframe: '1m', timezone: 'UTC', rows: 300, firstTime: '2023-01-15T06:43:00.000Z' });
    expect(bars.timeMs[0]).toBe(1_673_764_980_000);
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      '20738.14',
      '20746.14',
      '20736.77',
      '20742.16',
      '88.94297',
    ]);
    expect(stats.gaps).toEqual({ count: 0, sessionBreaksIgnored: 0, possibleHolidays: 0, largest: [] });
  });

  it.each([
    ['crypto/BTC-USDT_4h_jesse.csv', '4h', 209],
    ['crypto/ETH-USDT_1d_jesse.csv', '1d', 239],
  ])('infers the timeframe of %s as %s', (file, timeframe, rows) => {
    const { stats } = ok(parseKlineCsv(decodeKlineSource(readSharedData(file), file), { symbol: 'X' }));
    expect(stats.timeframe).toBe(timeframe);
    expect(stats.rows).toBe(rows);
    expect(stats.gaps.count).toBe(0);
  });

  it('asks for a symbol when a file has no symbol column', () => {
    const text = decodeKlineSource(readSharedData('crypto/BTC-USDT_1m_jesse.csv'), 'BTC-USDT_1m_jesse.csv');
    const result = parseKlineCsv(text);
    expect(result).toMatchObject({ ok: false, errorCount: 1, rows: 300 });
    expect(problems(text)).toEqual([
      { line: 1, column: 'symbol', reason: 'no symbol: the file has no column named symbol/code/ts_code and no symbol option was given' },
    ]);
  });
});

describe('parseKlineCsv row problems', () => {
  it('reports a row with the wrong number of fields', () => {
    expect(problems(csv(day(2), '000001.SH,2020-01-03 15:00:00,1,1,1', day(3)))).toEqual([
      { line: 3, reason: 'expected 7 fields, found 5' },
    ]);
  });

  it.each(['abc', 'NaN', 'Infinity', '1.2.3', '0x10', '1e', '12,5'])('reports a non-numeric price %j', (value) => {
    const [first] = problems(csv(day(2), day(3, `"${value}",10,10,10,100`)));
    expect(first).toEqual({ line: 3, column: 'open', reason: `not a decimal number: '${value}'` });
  });

  it('reports empty fields', () => {
    expect(problems(csv(day(2, '10,,10,10,100'), day(3, '10,10,10,10, ')))).toEqual([
      { line: 2, column: 'close', reason: 'empty value' },
      { line: 3, column: 'vol', reason: 'empty value' },
    ]);
  });

  it('reports prices of zero or below', () => {
    expect(problems(csv(day(2, '0,10,10,0,100'), day(3, '10,-1,10,-2,100')))).toEqual([
      { line: 2, column: 'open', reason: 'price must be > 0, got 0' },
      { line: 2, column: 'low', reason: 'price must be > 0, got 0' },
      { line: 3, column: 'low', reason: 'price must be > 0, got -2' },
      { line: 3, column: 'close', reason: 'price must be > 0, got -1' },
    ]);
  });

  it('reports negative volume and accepts zero volume', () => {
    expect(problems(csv(day(2, '10,10,10,10,0'), day(3, '10,10,10,10,-5')))).toEqual([
      { line: 3, column: 'vol', reason: 'volume must be >= 0, got -5' },
    ]);
  });

  it('reports a high below max(open, close)', () => {
    expect(problems(csv(day(2), day(3, '10,12,11,9,100')))).toEqual([
      { line: 3, column: 'high', reason: 'high 11 is below max(open, close) 12' },
    ]);
  });

  it('reports a low above min(open, close)', () => {
    expect(problems(csv(day(2), day(3, '10,12,13,11,100')))).toEqual([
      { line: 3, column: 'low', reason: 'low 11 is above min(open, close) 10' },
    ]);
  });

  it('reports a high below the low, with the open/close checks it also breaks', () => {
    expect(problems(csv(day(2), day(3, '10,10,9,11,100')))).toEqual([
      { line: 3, column: 'high', reason: 'high 9 is below low 11' },
      { line: 3, column: 'high', reason: 'high 9 is below max(open, close) 10' },
      { line: 3, column: 'low', reason: 'low 11 is above min(open, close) 10' },
    ]);
  });

  it('compares prices exactly, not as floating point', () => {
    // 0.1 and 0.10000000000000001 are the same double but the high is really below the close.
    expect(problems(csv(day(2, '0.1,0.10000000000000001,0.1,0.1,1')), { timeframe: '1d' })).toEqual([
      { line: 2, column: 'high', reason: 'high 0.1 is below max(open, close) 0.10000000000000001' },
    ]);
    // 1.10 equals 1.1; 0.30000000000000004 is above 0.3.
    ok(parseKlineCsv(csv(day(2, '1.1,1.1,1.10,1.1,1'), day(3, '0.3,0.3,0.30000000000000004,0.3,1')), { timeframe: '1d' }));
  });

  it.each([
    ['2020-13-01', "unparseable time '2020-13-01'"],
    ['2021-02-29 15:00:00', "unparseable time '2021-02-29 15:00:00'"],
    ['2020-01-03 25:00:00', "unparseable time '2020-01-03 25:00:00'"],
    ['yesterday', "unparseable time 'yesterday'"],
    ['2020-01-03T15:00:00+8', "unparseable time '2020-01-03T15:00:00+8'"],
    ['', 'empty time'],
  ])('reports the time %j', (raw, reason) => {
    expect(problems(csv(day(2), `000001.SH,${raw},10,10,10,10,100`, day(3)))).toEqual([{ line: 3, column: 'dt', reason }]);
  });

  it('reports a time earlier than the previous line, naming that line', () => {
    expect(problems(csv(day(2), day(6), day(3), day(7)), { timeframe: '1d' })).toEqual([
      { line: 4, column: 'dt', reason: 'time 2020-01-03T07:00:00.000Z is earlier than line 3 (2020-01-06T07:00:00.000Z)' },
    ]);
  });

  it('reports a duplicate time, naming the earlier line', () => {
    expect(problems(csv(day(2), day(3), day(3, '11,11,11,11,1')))).toEqual([
      { line: 4, column: 'dt', reason: 'duplicate time 2020-01-03T07:00:00.000Z (same as line 3)' },
    ]);
  });

  it('checks time order against the last row whose time could be read', () => {
    expect(problems(csv(day(2), '000001.SH,bad,10,10,10,10,1', day(2)), { timeframe: '1d' })).toEqual([
      { line: 3, column: 'dt', reason: "unparseable time 'bad'" },
      { line: 4, column: 'dt', reason: 'duplicate time 2020-01-02T07:00:00.000Z (same as line 2)' },
    ]);
  });

  it('reports rows whose symbol differs from the first row', () => {
    expect(problems(csv(day(2), day(3, undefined, '000002.SZ'), day(6, undefined, ' ')))).toEqual([
      { line: 3, column: 'symbol', reason: "symbol '000002.SZ' differs from '000001.SH' (line 2)" },
      { line: 4, column: 'symbol', reason: 'empty symbol' },
    ]);
  });

  it('still requires one symbol per file when the symbol option renames it', () => {
    expect(problems(csv(day(2), day(3, undefined, '000002.SZ')), { symbol: 'SSE' })).toEqual([
      { line: 3, column: 'symbol', reason: "symbol '000002.SZ' differs from '000001.SH' (line 2)" },
    ]);
  });

  it('reports unknown and inconsistent freq values', () => {
    const text = [
      'symbol,dt,freq,open,close,high,low,vol',
      '000001.SH,2020-01-02 09:31:00,Freq.F1,1,1,1,1,1',
      '000001.SH,2020-01-02 09:32:00,Freq.F2,1,1,1,1,1',
      '000001.SH,2020-01-02 09:33:00,Freq.F5,1,1,1,1,1',
    ].join('\n');
    expect(problems(text)).toEqual([
      { line: 3, column: 'freq', reason: "unknown freq 'Freq.F2'" },
      { line: 4, column: 'freq', reason: "freq 'Freq.F5' differs from 'Freq.F1' (line 2)" },
    ]);
  });

  it('reports a blank line inside the data but ignores blank lines at the end', () => {
    expect(problems(`${csv(day(2), '', day(3))}\n`)).toEqual([{ line: 3, reason: 'blank line' }]);
    const { stats } = ok(parseKlineCsv(`${csv(day(2), day(3))}\n\n \r\n\n`));
    expect(stats.rows).toBe(2);
  });

  it('reports an unterminated quoted field', () => {
    expect(problems(csv(day(2), '"000001.SH,2020-01-03 15:00:00,1,1,1,1,1'), { timeframe: '1d' })).toEqual([{ line: 3, reason: 'malformed quoted field' }]);
  });

  it('collects every problem in line order', () => {
    const text = csv(day(2, 'x,10,10,10,100'), day(3), day(3), 'short', day(7, '10,10,9,9,-1'));
    expect(problems(text)).toEqual([
      { line: 2, column: 'open', reason: "not a decimal number: 'x'" },
      { line: 4, column: 'dt', reason: 'duplicate time 2020-01-03T07:00:00.000Z (same as line 3)' },
      { line: 5, reason: 'expected 7 fields, found 1' },
      { line: 6, column: 'vol', reason: 'volume must be >= 0, got -1' },
      { line: 6, column: 'high', reason: 'high 9 is below max(open, close) 10' },
    ]);
  });

  it('counts all problems but lists only the first maxReportedErrors', () => {
    const rows = Array.from({ length: 500 }, (_, i) => `000001.SH,${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-03 15:00:00,1,1,1,1,-1`);
    const result = parseKlineCsv(csv(...rows), { timeframe: '1d', maxReportedErrors: 10 });
    expect(result).toMatchObject({ ok: false, errorCount: 500, rows: 500 });
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parseKlineCsv(csv(...rows), { timeframe: '1d' })).toMatchObject({ errorCount: 500, errors: { length: 200 } });
  });

  it('reports a file that is empty or has only a header', () => {
    expect(problems('')).toEqual([{ line: 1, reason: 'the file is empty; a header line is required' }]);
    expect(problems(`${HEADER}\n`)).toEqual([
      { line: 1, column: 'timeframe', reason: 'cannot infer the timeframe from 0 bar times; pass the timeframe option' },
      { line: 1, column: 'symbol', reason: 'no data rows to read the symbol from; pass the symbol option' },
    ]);
  });

  it('accepts a header-only file when symbol and timeframe are given', () => {
    const { stats } = ok(parseKlineCsv(`${HEADER}\n`, { symbol: 'X', timeframe: '1d' }));
    expect(stats).toMatchObject({ rows: 0, firstTime: null, lastTime: null, gaps: { count: 0 } });
  });

  it('reports a timeframe that cannot be inferred from a single bar', () => {
    expect(problems(csv(day(2)))).toEqual([
      { line: 1, column: 'timeframe', reason: 'cannot infer the timeframe from 1 bar time; pass the timeframe option' },
    ]);
    expect(ok(parseKlineCsv(csv(day(2)), { timeframe: '1d' })).stats.rows).toBe(1);
  });
});

describe('parseKlineCsv header', () => {
  it('reports a missing required column once, on line 1, without checking rows', () => {
    expect(problems('symbol,dt,open,high,low,vol\n000001.SH,nonsense,1,1,1,1')).toEqual([
      { line: 1, column: 'close', reason: "missing required column 'close' (accepted names: close; or map one with columns.close)" },
    ]);
    expect(problems('symbol,open,close,high,low,volume\n')).toEqual([
      {
        line: 1,
        column: 'time',
        reason: "missing required column 'time' (accepted names: timestamp, dt, datetime, trade_time, date, time, trade_date; or map one with columns.time)",
      },
    ]);
  });

  it('reports a column that appears twice', () => {
    expect(problems('symbol,dt,open,close,high,low,vol,close\n')).toEqual([
      { line: 1, column: 'close', reason: "column 'close' appears 2 times" },
    ]);
  });

  it('maps columns case-insensitively, by alias, in any order, ignoring unknown ones', () => {
    const text = 'TS_CODE , Amount,Low,High,Close,Open,Volume,Trade_Time\n600000.SH,5,9,11,10,10,100,2020-01-02 09:31:00\n600000.SH,5,9,11,10,10,100,2020-01-02 09:32:00';
    const { bars, stats } = ok(parseKlineCsv(text));
    expect(stats).toMatchObject({ symbol: '600000.SH', timeframe: '1m', timezone: 'Asia/Shanghai' });
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual(['10', '11', '9', '10', '100']);
    expect(iso(bars.timeMs[0])).toBe('2020-01-02T01:31:00.000Z');
  });

  it('prefers an epoch timestamp column over a datetime column', () => {
    const text = 'timestamp,datetime,open,high,low,close,volume\n1577948400000,garbage,1,1,1,1,1\n1578034800000,garbage,1,1,1,1,1';
    const { bars } = ok(parseKlineCsv(text, { symbol: 'X' }));
    expect([...bars.timeMs].map(iso)).toEqual(['2020-01-02T07:00:00.000Z', '2020-01-03T07:00:00.000Z']);
  });

  it('joins separate date and time-of-day columns', () => {
    const text = 'date,time,open,high,low,close,volume\n2020.01.02,09:31,1,1,1,1,1\n2020-01-02,09:31,1,1,1,1,1\n2020-01-02,9:32,1,1,1,1,1';
    expect(problems(text, { symbol: 'X' })).toEqual([{ line: 2, column: 'date+time', reason: "unparseable time '2020.01.02 09:31'" }]);
    const { bars } = ok(parseKlineCsv(text.replace('2020.01.02', '2020-01-01'), { symbol: 'X', timeframe: '1m' }));
    expect(iso(bars.timeMs[2])).toBe('2020-01-02T09:32:00.000Z');
  });

  it('reads semicolon- and tab-separated files and quoted fields', () => {
    const semicolon = 'symbol;dt;open;close;high;low;vol\n"X";2020-01-02;"1,5";1;1;1;1';
    expect(problems(semicolon, { timeframe: '1d' })).toEqual([{ line: 2, column: 'open', reason: "not a decimal number: '1,5'" }]);
    const tab = 'symbol\tdt\topen\tclose\thigh\tlow\tvol\n"A ""B"""\t2020-01-02\t1\t1\t1\t1\t1';
    expect(ok(parseKlineCsv(tab, { timeframe: '1d' })).stats.symbol).toBe('A "B"');
  });

  it('ignores a byte-order mark and CRLF line endings', () => {
    const { stats } = ok(parseKlineCsv(`\uFEFF${csv(day(2), day(3)).replace(/\n/g, '\r\n')}\r\n`));
    expect(stats).toMatchObject({ symbol: '000001.SH', rows: 2, timeframe: '1d' });
  });

  it('reads files whose line endings are mixed', () => {
    const text = `${HEADER}\r\n${day(2)}\n${day(3)}\r\n${day(6)}`;
    expect(ok(parseKlineCsv(text)).stats.rows).toBe(3);
  });
});

describe('parseKlineCsv column mapping', () => {
  // A broker export whose headers none of the usual names match.
  const BROKER = ['Ticker,Trade Date,Opening,Max,Min,Last,Shares', '600000.SH,2020-01-02 15:00,10,11,9,10.5,100', '600000.SH,2020-01-03 15:00,10.5,12,10,11,200'].join('\n');
  const BROKER_COLUMNS = { symbol: 'ticker', time: 'TRADE DATE', open: 'opening', high: 'MAX', low: 'min', close: 'Last', volume: 'shares' };

  it('reads the columns a mapping names, matching header names case-insensitively', () => {
    const { bars, stats } = ok(parseKlineCsv(BROKER, { columns: BROKER_COLUMNS, timeframe: '1d' }));
    expect(stats).toMatchObject({ symbol: '600000.SH', timeframe: '1d', timezone: 'Asia/Shanghai', rows: 2 });
    expect([...bars.timeMs].map(iso)).toEqual(['2020-01-02T07:00:00.000Z', '2020-01-03T07:00:00.000Z']);
    expect([bars.open[1], bars.high[1], bars.low[1], bars.close[1], bars.volume[1]]).toEqual(['10.5', '12', '10', '11', '200']);
  });

  it('finds the fields a mapping leaves out by their usual names', () => {
    const text = 'dt,open,high,low,Last,volume\n2020-01-02,1,2,1,2,5\n2020-01-03,2,3,2,3,6';
    const { bars } = ok(parseKlineCsv(text, { symbol: 'X', columns: { close: 'last' } }));
    expect(bars.close).toEqual(['2', '3']);
  });

  it('names columns.<field> when a mapped column is not in the header, without checking rows', () => {
    expect(problems(BROKER, { columns: { ...BROKER_COLUMNS, close: 'Shut' } })).toEqual([
      {
        line: 1,
        column: 'Shut',
        reason: "columns.close names 'Shut', which is not in the header ('Ticker', 'Trade Date', 'Opening', 'Max', 'Min', 'Last', 'Shares')",
      },
    ]);
  });

  it('reports a mapped column that the header holds twice', () => {
    expect(problems('dt,Px,px,high,low,open,volume\n', { symbol: 'X', timeframe: '1d', columns: { close: 'PX' } })).toEqual([
      { line: 1, column: 'PX', reason: "column 'PX' (columns.close) appears 2 times in the header" },
    ]);
  });

  it('does not let a usual name pick a column the mapping gave to another field', () => {
    const text = 'dt,close,high,low,last,volume\n2020-01-02,1,1,1,1,1';
    expect(problems(text, { symbol: 'X', timeframe: '1d', columns: { open: 'close' } })).toEqual([
      {
        line: 1,
        column: 'close',
        reason: "missing required column 'close' (accepted names: close; or map one with columns.close); 'close' is mapped to columns.open",
      },
    ]);
    expect(ok(parseKlineCsv(text, { symbol: 'X', timeframe: '1d', columns: { open: 'close', close: 'last' } })).bars.open).toEqual(['1']);
  });

  it('refuses a mapping that puts one column in two fields, or a time of day without a date column', () => {
    const twice = klineColumnMapSchema.safeParse({ open: 'Price', close: 'price' });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['close', "'price' is already mapped to open; a column holds one field"]]);
    expect(() => parseKlineCsv(BROKER, { columns: { open: 'Last', close: 'Last' } })).toThrow(/already mapped to open/);
    const orphan = klineColumnMapSchema.safeParse({ timeOfDay: 'Clock' });
    expect(orphan.error?.issues.map((i) => i.path.join('.'))).toEqual(['timeOfDay']);
    expect(klineColumnMapSchema.safeParse({ price: 'x' }).success).toBe(false);
    expect(klineColumnMapSchema.safeParse({ close: ' ' }).success).toBe(false);
  });

  it('joins a mapped date column and a mapped time-of-day column', () => {
    const text = 'Code,Day,Clock,O,H,L,C,V\n000001.SH,02/01/2020,09:31,1,1,1,1,1\n000001.SH,02/01/2020,09:32,1,1,1,1,1\n000001.SH,02/01/2020,9:3x,1,1,1,1,1';
    const columns = { symbol: 'code', time: 'Day', timeOfDay: 'Clock', open: 'O', high: 'H', low: 'L', close: 'C', volume: 'V' };
    expect(problems(text, { columns, timeFormat: 'dmy' })).toEqual([
      {
        line: 4,
        column: 'Day+Clock',
        reason: "unparseable time '02/01/2020 9:3x' (timeFormat 'dmy' expects DD/MM/YYYY (or with - or .), then optionally HH:MM[:SS] and an offset)",
      },
    ]);
    const { bars, stats } = ok(parseKlineCsv(text.split('\n').slice(0, 3).join('\n'), { columns, timeFormat: 'dmy' }));
    expect(stats).toMatchObject({ symbol: '000001.SH', timeframe: '1m', timezone: 'Asia/Shanghai' });
    expect([...bars.timeMs].map(iso)).toEqual(['2020-01-02T01:31:00.000Z', '2020-01-02T01:32:00.000Z']);
  });
});

describe('parseKlineCsv timeFormat', () => {
  const at = (raw: string, timeFormat: KlineParseOptions['timeFormat']): string => {
    const { bars } = ok(parseKlineCsv(`date,open,high,low,close,volume\n${raw},1,1,1,1,1`, { symbol: 'X', timeframe: '1d', timeFormat }));
    return iso(bars.timeMs[0]);
  };

  it('reads day-first dates with dmy and month-first dates with mdy, which look the same', () => {
    expect(at('02/01/2020', 'dmy')).toBe('2020-01-02T00:00:00.000Z');
    expect(at('02/01/2020', 'mdy')).toBe('2020-02-01T00:00:00.000Z');
    expect(at('2.1.2020 15:30', 'dmy')).toBe('2020-01-02T15:30:00.000Z');
    expect(at('12-31-2020 23:59:59', 'mdy')).toBe('2020-12-31T23:59:59.000Z');
    expect(at('31/12/2020T08:00:00+08:00', 'dmy')).toBe('2020-12-31T00:00:00.000Z');
  });

  it('reads only epoch numbers with epoch, where auto reads eight digits as a compact date', () => {
    expect(at('20200102', 'auto')).toBe('2020-01-02T00:00:00.000Z');
    expect(at('20200102', 'epoch')).toBe(new Date(20_200_102_000).toISOString());
    expect(at('1577948400000', 'epoch')).toBe('2020-01-02T07:00:00.000Z');
  });

  it('says what the format expects when a time does not fit it', () => {
    const one = (raw: string, timeFormat: KlineParseOptions['timeFormat']) =>
      problems(`date,open,high,low,close,volume\n${raw},1,1,1,1,1`, { symbol: 'X', timeframe: '1d', timeFormat });
    expect(one('13/01/2020', 'mdy')).toEqual([
      { line: 2, column: 'date', reason: "unparseable time '13/01/2020' (timeFormat 'mdy' expects MM/DD/YYYY (or with - or .), then optionally HH:MM[:SS] and an offset)" },
    ]);
    expect(one('2020-01-02', 'dmy')).toEqual([
      { line: 2, column: 'date', reason: "unparseable time '2020-01-02' (timeFormat 'dmy' expects DD/MM/YYYY (or with - or .), then optionally HH:MM[:SS] and an offset)" },
    ]);
    expect(one('2020-01-02', 'epoch')).toEqual([
      { line: 2, column: 'date', reason: "unparseable time '2020-01-02' (timeFormat 'epoch' expects an epoch number in s, ms, µs or ns)" },
    ]);
    expect(one('02/01/2020', 'auto')).toEqual([{ line: 2, column: 'date', reason: "unparseable time '02/01/2020'" }]);
  });

  it('refuses an unknown format as an invalid option', () => {
    expect(() => parseKlineCsv(csv(day(2)), { timeFormat: 'ymd' as never })).toThrow();
  });
});

describe('columnMappingProblems', () => {
  it('finds nothing wrong with a mapping the header fits, reading only the header line', () => {
    expect(columnMappingProblems('\uFEFFTicker,Trade Date,Opening,Max,Min,Last,Shares\r\nnot,even,a,row', { close: 'last', time: 'trade date' })).toEqual([]);
  });

  it('names the field of every mapped column the header lacks or holds twice', () => {
    expect(columnMappingProblems('Date;Open;High;Low;Px;PX;Vol\n', { close: 'px', time: 'When', volume: 'Vol' })).toEqual([
      { field: 'columns.time', column: 'When', reason: "columns.time names 'When', which is not in the header ('Date', 'Open', 'High', 'Low', 'Px', 'PX', 'Vol')" },
      { field: 'columns.close', column: 'px', reason: "column 'px' (columns.close) appears 2 times in the header" },
    ]);
  });

  it('leaves problems the mapping did not cause to the import: it is no header check', () => {
    // No volume column and no usual name for the time: the parser reports those, with every row problem.
    expect(columnMappingProblems('when,open,high,low,last\n', { close: 'last' })).toEqual([]);
    expect(columnMappingProblems('', { close: 'last' })).toEqual([]);
  });
});

describe('parseKlineCsv values', () => {
  it('normalises decimals without changing their value', () => {
    const { bars } = ok(parseKlineCsv(csv(day(2, '1.10,1.1,1.100,1.1000,1e3'), day(3, '+2.5,0002.50,2.5E0,25e-1,0.0')), { timeframe: '1d' }));
    expect(bars.open).toEqual(['1.1', '2.5']);
    expect(bars.close).toEqual(['1.1', '2.5']);
    expect(bars.high).toEqual(['1.1', '2.5']);
    expect(bars.low).toEqual(['1.1', '2.5']);
    expect(bars.volume).toEqual(['1000', '0']);
  });

  it('keeps more digits than a double can hold', () => {
    const { bars } = ok(parseKlineCsv(csv(day(2, '1,1,1,1,123456789012345678901234.000000000000000001')), { timeframe: '1d' }));
    expect(bars.volume[0]).toBe('123456789012345678901234.000000000000000001');
  });

  it.each([
    ['2020-01-02', '2020-01-01T16:00:00.000Z'],
    ['2020-01-02 15:00', '2020-01-02T07:00:00.000Z'],
    ['2020-01-02 15:00:00', '2020-01-02T07:00:00.000Z'],
    ['2020/01/02 15:00:00', '2020-01-02T07:00:00.000Z'],
    ['2020/1/2 9:31', '2020-01-02T01:31:00.000Z'],
    ['20200102', '2020-01-01T16:00:00.000Z'],
    ['20200102 09:31:00', '2020-01-02T01:31:00.000Z'],
    ['20200102093100', '2020-01-02T01:31:00.000Z'],
    ['2020-01-02T15:00:00', '2020-01-02T07:00:00.000Z'],
    ['2020-01-02T15:00:00Z', '2020-01-02T15:00:00.000Z'],
    ['2020-01-02T15:00:00.250Z', '2020-01-02T15:00:00.250Z'],
    ['2020-01-02T15:00:00+08:00', '2020-01-02T07:00:00.000Z'],
    ['2020-01-02T10:00:00-05:00', '2020-01-02T15:00:00.000Z'],
    ['2020-01-02T15:00:00+0530', '2020-01-02T09:30:00.000Z'],
    ['1577948400', '2020-01-02T07:00:00.000Z'],
    ['1577948400000', '2020-01-02T07:00:00.000Z'],
  ])('reads the time %s in Shanghai as %s', (raw, expected) => {
    const { bars } = ok(parseKlineCsv(csv(`000001.SH,${raw},1,1,1,1,1`), { timeframe: '1d' }));
    expect(iso(bars.timeMs[0])).toBe(expected);
  });

  it('reads epoch seconds and milliseconds in a timestamp column', () => {
    const text = 'timestamp,open,high,low,close,volume\n1577948400,1,1,1,1,1\n1577948460000,1,1,1,1,1\n1577948520.5,1,1,1,1,1';
    const { bars } = ok(parseKlineCsv(text, { symbol: 'X', timeframe: '1m' }));
    expect([...bars.timeMs]).toEqual([1_577_948_400_000, 1_577_948_460_000, 1_577_948_520_500]);
  });

  it('defaults to Shanghai time for A-share symbols and UTC otherwise', () => {
    const tzOf = (symbol: string): string => ok(parseKlineCsv(csv(day(2, undefined, symbol)), { timeframe: '1d' })).stats.timezone;
    expect(['000001.SH', '000001.sz', '600000.XSHG', '000001.XSHE', '430047.BJ'].map(tzOf)).toEqual(Array(5).fill('Asia/Shanghai'));
    expect(['AAPL', 'BTC-USDT', 'SH'].map(tzOf)).toEqual(['UTC', 'UTC', 'UTC']);
  });

  it('reads wall-clock times in the timezone option, correctly across DST', () => {
    const text = [
      'symbol,dt,open,close,high,low,vol',
      'SPY,2021-03-12 16:00:00,1,1,1,1,1',
      'SPY,2021-03-15 16:00:00,1,1,1,1,1',
      'SPY,2021-11-05 16:00:00,1,1,1,1,1',
      'SPY,2021-11-08 16:00:00,1,1,1,1,1',
    ].join('\n');
    const { bars, stats } = ok(parseKlineCsv(text, { timezone: 'America/New_York', timeframe: '1d' }));
    expect(stats.timezone).toBe('America/New_York');
    expect([...bars.timeMs].map(iso)).toEqual([
      '2021-03-12T21:00:00.000Z',
      '2021-03-15T20:00:00.000Z',
      '2021-11-05T20:00:00.000Z',
      '2021-11-08T21:00:00.000Z',
    ]);
  });

  it('throws on invalid options rather than blaming the file', () => {
    expect(() => parseKlineCsv(csv(day(2)), { timezone: 'Asia/Beijing' })).toThrow(/unknown IANA time zone/);
    expect(() => parseKlineCsv(csv(day(2)), { timeframe: '2m' as never })).toThrow();
    expect(() => parseKlineCsv(csv(day(2)), { maxReportedErrors: -1 })).toThrow();
  });
});

describe('parseKlineCsv timeframe', () => {
  it('takes the timeframe from the freq column', () => {
    const text = [
      'symbol,dt,freq,open,close,high,low,vol',
      '000001.SH,2020-01-02 09:35:00,Freq.F5,1,1,1,1,1',
      '000001.SH,2020-01-02 09:40:00,Freq.F5,1,1,1,1,1',
    ].join('\n');
    expect(ok(parseKlineCsv(text)).stats.timeframe).toBe('5m');
  });

  it('lets the timeframe option override the freq column', () => {
    const text = ['symbol,dt,freq,open,close,high,low,vol', '000001.SH,2020-01-02 09:35:00,weird,1,1,1,1,1'].join('\n');
    expect(ok(parseKlineCsv(text, { timeframe: '15m' })).stats.timeframe).toBe('15m');
  });

  it('infers daily bars from two weeks with a weekend', () => {
    expect(ok(parseKlineCsv(csv(day(2), day(3), day(6), day(7), day(8)))).stats.timeframe).toBe('1d');
  });
});

/** One A-share style trading day of 1-minute bars (09:31-11:30, 13:01-15:00 Shanghai), minus `skip` (HH:MM). */
function aShareDay(y: number, m: number, d: number, skip: ReadonlySet<string> = new Set()): string[] {
  const rows: string[] = [];
  const base = civilToMs(y, m, d);
  for (const [from, to] of [
    [9 * 60 + 31, 11 * 60 + 30],
    [13 * 60 + 1, 15 * 60],
  ] as const) {
    for (let min = from; min <= to; min++) {
      const hhmm = `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
      if (skip.has(hhmm)) continue;
      rows.push(`000001.SH,${new Date(base).toISOString().slice(0, 10)} ${hhmm}:00,10,10,10,10,1`);
    }
  }
  return rows;
}

describe('parseKlineCsv gaps', () => {
  it('ignores weekends in daily bars', () => {
    const { stats } = ok(parseKlineCsv(csv(day(2), day(3), day(6), day(7), day(8), day(9), day(10), day(13))));
    expect(stats.gaps).toEqual({ count: 0, sessionBreaksIgnored: 2, possibleHolidays: 0, largest: [] });
  });

  it('counts missing weekdays in daily bars, including ones next to a weekend, as possible holidays', () => {
    // Tue 7 and Mon 13 January are missing; a single weekday is what an exchange holiday looks like.
    const { stats } = ok(parseKlineCsv(csv(day(2), day(3), day(6), day(8), day(9), day(10), day(14), day(15))));
    expect(stats.gaps).toEqual({ count: 0, sessionBreaksIgnored: 1, possibleHolidays: 2, largest: [] });
  });

  it('reports more missing weekdays than a holiday lasts as a gap, counting weekdays only', () => {
    // Fri 3 to Thu 16 January: 8 weekdays (6–10, 13–15) and a weekend missing.
    const { stats } = ok(parseKlineCsv(csv(day(2), day(3), day(16), day(17))));
    expect(stats.gaps).toEqual({
      count: 1,
      sessionBreaksIgnored: 0,
      possibleHolidays: 0,
      largest: [
        {
          from: '2020-01-03T07:00:00.000Z',
          to: '2020-01-16T07:00:00.000Z',
          fromLine: 3,
          toLine: 4,
          missingBars: 8,
          message: 'lines 3–4: no bars from 2020-01-03T07:00:00.000Z to 2020-01-16T07:00:00.000Z, 8 trading days missing at the expected 1d step',
        },
      ],
    });
    // Seven missing weekdays (6–10, 13–14) is still a possible holiday.
    expect(ok(parseKlineCsv(csv(day(2), day(3), day(15), day(16)))).stats.gaps).toMatchObject({ count: 0, possibleHolidays: 1 });
  });

  it('reports a missing day in round-the-clock daily bars as a gap: markets open every day have no holidays', () => {
    const rows = Array.from({ length: 28 }, (_, i) => i + 1)
      .filter((d) => d !== 15)
      .map((d) => `BTC,2020-02-${String(d).padStart(2, '0')},1,1,1,1,1`);
    const { stats } = ok(parseKlineCsv(`symbol,date,open,high,low,close,volume\n${rows.join('\n')}`));
    expect(stats.gaps).toMatchObject({ count: 1, possibleHolidays: 0, largest: [{ fromLine: 15, toLine: 16, missingBars: 1 }] });
  });

  it('ignores lunch and overnight breaks in intraday bars and reports a missing stretch', () => {
    const skip = new Set(['10:00', '10:01', '10:02', '10:03', '10:04']);
    const rows = [
      ...aShareDay(2020, 1, 6),
      ...aShareDay(2020, 1, 7, skip),
      ...aShareDay(2020, 1, 8),
      ...aShareDay(2020, 1, 9),
      ...aShareDay(2020, 1, 10),
      ...aShareDay(2020, 1, 13),
    ];
    const { stats } = ok(parseKlineCsv(csv(...rows)));
    expect(stats.timeframe).toBe('1m');
    // 240 bars a day: 09:59 on the second day is bar 240 + 28, on file line 270 (the header is line 1).
    expect(stats.gaps).toEqual({
      count: 1,
      sessionBreaksIgnored: 6 + 5,
      possibleHolidays: 0,
      largest: [
        {
          from: '2020-01-07T01:59:00.000Z',
          to: '2020-01-07T02:05:00.000Z',
          fromLine: 270,
          toLine: 271,
          missingBars: 5,
          message: 'lines 270–271: no bars from 2020-01-07T01:59:00.000Z to 2020-01-07T02:05:00.000Z, 5 bars missing at the expected 1m step',
        },
      ],
    });
  });

  it('reports a one-off gap in round-the-clock data', () => {
    const rows: string[] = [];
    for (let i = 0; i < 600; i++) if (i < 200 || i > 202) rows.push(`${1_577_836_800_000 + i * 60_000},1,1,1,1,1`);
    const { stats } = ok(parseKlineCsv(`timestamp,open,high,low,close,volume\n${rows.join('\n')}`, { symbol: 'BTC' }));
    expect(stats.gaps).toEqual({
      count: 1,
      sessionBreaksIgnored: 0,
      possibleHolidays: 0,
      largest: [
        {
          from: '2020-01-01T03:19:00.000Z',
          to: '2020-01-01T03:23:00.000Z',
          fromLine: 201,
          toLine: 202,
          missingBars: 3,
          message: 'lines 201–202: no bars from 2020-01-01T03:19:00.000Z to 2020-01-01T03:23:00.000Z, 3 bars missing at the expected 1m step',
        },
      ],
    });
  });

  it('lists at most ten gaps, largest first', () => {
    const rows: string[] = [];
    let t = 1_577_836_800_000;
    for (let i = 0; i < 15; i++) {
      rows.push(`${t},1,1,1,1,1`, `${t + 3_600_000},1,1,1,1,1`);
      t += (i + 3) * 3_600_000;
    }
    const { stats } = ok(parseKlineCsv(`timestamp,open,high,low,close,volume\n${rows.join('\n')}`, { symbol: 'X', timeframe: '1h' }));
    expect(stats.gaps.count).toBe(14);
    expect(stats.gaps.largest.map((g) => g.missingBars)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
  });
});

describe('parseKlineCsv progress', () => {
  function minuteRows(n: number): string {
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(`${1_577_836_800_000 + i * 60_000},1,1,1,1,1`);
    return `timestamp,open,high,low,close,volume\n${rows.join('\n')}`;
  }

  it('reports progress every 10,000 rows and at the end', () => {
    const calls: [number, number][] = [];
    parseKlineCsv(minuteRows(25_000), { symbol: 'X' }, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [10_000, 25_000],
      [20_000, 25_000],
      [25_000, 25_000],
    ]);
  });

  it('reports completion once for a file without data rows', () => {
    const calls: [number, number][] = [];
    parseKlineCsv('timestamp,open,high,low,close,volume\n', { symbol: 'X', timeframe: '1m' }, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([[0, 0]]);
  });

  it('does not repeat the final report when the row count is a multiple of 10,000', () => {
    const calls: number[] = [];
    parseKlineCsv(minuteRows(20_000), { symbol: 'X' }, (done) => calls.push(done));
    expect(calls).toEqual([10_000, 20_000]);
  });
});
