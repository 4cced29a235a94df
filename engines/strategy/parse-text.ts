/**
 * Rule-based reading of a strategy written in plain English or Chinese, for when no LLM is configured. It knows the
 * phrasings listed in PHRASES.md and nothing else: anything it does not recognise is returned in `ignored`, and a
 * text with no recognisable buy rule is refused with a hint rather than guessed at.
 *
 * Method: normalise (NFKC folds full-width ，（）％ to ASCII; lower case), split into clauses at , ; 。 and
 * sentence dots, then per clause find an action (buy/sell), a condition (MA / MACD / RSI / Bollinger / channel
 * breakout) and settings (stops, sizing, timeframe, market). A clause without an indicator name reuses the last one
 * mentioned ("sell when RSI above 70, buy below 30"); a condition without an action takes the next clause's action
 * ("when the 5-day MA crosses above the 20-day MA, buy").
 */
import type { Condition, IndicatorInstance, Operand, Sizing, StopRule, StrategySpec, StrategySpecInput } from './spec';
import { validateSpec } from './validate';
import type { Timeframe } from '../klines/timeframe';

export type ParseTextResult =
  | {
      ok: true;
      spec: StrategySpec;
      /** What was recognised, one line per rule or setting, in plain words. */
      matched: string[];
      /** Clauses nothing was recognised in. */
      ignored: string[];
      /** Warnings from validateSpec. */
      warnings: string[];
    }
  | { ok: false; reason: string; hint: string; matched: string[] };

const HINT =
  'Write it like "buy when 5-day MA crosses above 20-day MA, stop loss 5%", "RSI(14) below 30 buy, above 70 sell", ' +
  '"MACD golden cross buy, death cross sell", "5日均线上穿20日均线买入，止损5%" or "布林带突破上轨买入" ' +
  '(engines/strategy/PHRASES.md lists every form), or write the strategy spec as JSON.';

type Action = 'buy' | 'sell';
type Family = 'ma' | 'macd' | 'rsi' | 'boll' | 'channel';

interface Found {
  cond: Condition;
  text: string;
  family: Family;
}

const NUM = '(\\d+(?:\\.\\d+)?)';

export function parseStrategyText(text: string): ParseTextResult {
  const norm = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (norm === '') return { ok: false, reason: 'the text is empty', hint: HINT, matched: [] };
  if (/\bshort(?:ing)?\b|做空|卖空|开空/.test(norm)) {
    return {
      ok: false,
      reason: 'short selling is not something the rule-based parser understands (it builds long-only strategies)',
      hint: 'Write the spec as JSON with a "short" side (crypto only), or configure an LLM provider; PHRASES.md lists what the parser reads.',
      matched: [],
    };
  }

  const b = new SpecBuilder();
  const matched: string[] = [];
  const ignored: string[] = [];
  let context: Family | null = null;
  let pending: Found[] = [];

  for (const raw of splitClauses(norm)) {
    let clause = raw;
    const settings = takeSettings(clause, b, matched);
    clause = settings.rest;
    const action = actionOf(clause);
    const found = findConditions(clause, b, context, action);
    if (found.length > 0) context = found[found.length - 1]!.family;

    if (action === null) {
      if (found.length > 0) pending.push(...found);
      else if (!settings.any) ignored.push(raw.trim());
      continue;
    }
    const conds = found.length > 0 ? found : pending;
    pending = [];
    if (conds.length === 0) {
      if (!settings.any) ignored.push(raw.trim());
      continue;
    }
    for (const f of conds) {
      b.addRule(action, f);
      matched.push(`${f.text} → ${action === 'buy' ? 'buy (long entry)' : 'sell (long exit)'}`);
    }
  }
  for (const f of pending) ignored.push(`${f.text} (no buy or sell said for it)`);

  if (b.entries.length === 0) {
    return {
      ok: false,
      reason: b.exits.length > 0 ? 'only sell rules were recognised; there is no buy rule' : 'no buy rule was recognised',
      hint: HINT,
      matched,
    };
  }
  if (b.exits.length === 0) {
    const implied = impliedExit(b.entries[0]!, b);
    if (implied) {
      b.exits.push(implied);
      matched.push(`implied exit: ${implied.text} → sell (long exit)`);
    }
  }

  const spec = b.build(text);
  const v = validateSpec(spec);
  if (!v.ok) {
    return {
      ok: false,
      reason: `the recognised rules do not form a valid strategy: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      hint: HINT,
      matched,
    };
  }
  return { ok: true, spec: v.spec, matched, ignored, warnings: v.warnings.map((w) => `${w.path}: ${w.message}`) };
}

/** Clauses at , ; 。 、 newlines, sentence dots and "then"; commas inside parentheses ("MACD(12,26,9)") stay. */
function splitClauses(norm: string): string[] {
  let depth = 0;
  let masked = '';
  for (const ch of norm) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    masked += depth > 0 && ch === ',' ? '\u0000' : ch;
  }
  return masked
    .split(/[,;，；。、\n]|(?<!\d)\.(?!\d)|\bthen\b|然后|并且/)
    .map((c) => c.replace(/\u0000/g, ',').trim())
    .filter((c) => c !== '');
}

function actionOf(text: string): Action | null {
  // 超买 (overbought) and 超卖 (oversold) contain the characters for buy and sell.
  const clause = text.replace(/超买|超卖/g, '  ');
  const sell = /\b(?:sell|exit|close (?:the )?position|close out|liquidate|take profits?)\b|卖出|卖|平仓|清仓|离场|出场/.exec(clause);
  const buy = /\b(?:buy|go long|long|enter|entry|open (?:a )?position)\b|买入|买进|买|做多|开仓|建仓|入场/.exec(clause);
  if (buy && sell) return buy.index < sell.index ? 'buy' : 'sell';
  if (buy) return 'buy';
  if (sell) return 'sell';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings: stops, sizing, timeframe, market

function takeSettings(clause: string, b: SpecBuilder, matched: string[]): { rest: string; any: boolean } {
  let rest = clause;
  let any = false;
  const take = (re: RegExp, apply: (m: RegExpExecArray) => string): void => {
    const m = re.exec(rest);
    if (!m) return;
    matched.push(apply(m));
    // Keep action words a setting phrase swallowed ("每次买入30%" is sizing and the buy action).
    const kept = m[0].match(/买入|卖出|\bbuy\b|\bsell\b/g) ?? [];
    rest = `${rest.slice(0, m.index)} ${kept.join(' ')} ${rest.slice(m.index + m[0].length)}`;
    any = true;
  };
  const atrStop = (m: RegExpExecArray, mult: string, period: string | undefined): StopRule => {
    void m;
    return { kind: 'atr', multiple: Number(mult), period: period ? Number(period) : 14 };
  };

  // Trailing before plain stop-loss: "trailing stop 3%" also contains "stop … 3%".
  take(new RegExp(`(?:trailing stop(?:[- ]loss)?|trail(?:ing)?|移动止损|跟踪止损|追踪止损)[^\\d%]{0,12}?${NUM}\\s*%`), (m) => {
    b.trailingStop = { kind: 'percent', percent: Number(m[1]) };
    return `trailing stop ${m[1]}%`;
  });
  take(new RegExp(`${NUM}\\s*%\\s*(?:trailing stop|trailing|移动止损|跟踪止损)`), (m) => {
    b.trailingStop = { kind: 'percent', percent: Number(m[1]) };
    return `trailing stop ${m[1]}%`;
  });
  take(new RegExp(`(?:stop[- ]?loss|stop|止损)[^\\d%]{0,12}?${NUM}\\s*(?:x|×|倍)?\\s*atr\\s*(?:\\(\\s*(\\d+)\\s*\\))?`), (m) => {
    b.stopLoss = atrStop(m, m[1]!, m[2]);
    return `stop loss ${m[1]} × ATR(${b.stopLoss.kind === 'atr' ? b.stopLoss.period : ''})`;
  });
  take(new RegExp(`${NUM}\\s*(?:x|×|倍)?\\s*atr\\s*(?:\\(\\s*(\\d+)\\s*\\))?\\s*(?:stop[- ]?loss|stop|止损)`), (m) => {
    b.stopLoss = atrStop(m, m[1]!, m[2]);
    return `stop loss ${m[1]} × ATR(${b.stopLoss.kind === 'atr' ? b.stopLoss.period : ''})`;
  });
  take(new RegExp(`(?:stop[- ]?loss|stop|止损)[^\\d%]{0,12}?${NUM}\\s*%`), (m) => {
    b.stopLoss = { kind: 'percent', percent: Number(m[1]) };
    return `stop loss ${m[1]}%`;
  });
  take(new RegExp(`${NUM}\\s*%\\s*(?:stop[- ]?loss|stop|止损)`), (m) => {
    b.stopLoss = { kind: 'percent', percent: Number(m[1]) };
    return `stop loss ${m[1]}%`;
  });
  take(new RegExp(`(?:take[- ]?profits?|profit target|target|止盈)[^\\d%]{0,12}?${NUM}\\s*%`), (m) => {
    b.takeProfit = { kind: 'percent', percent: Number(m[1]) };
    return `take profit ${m[1]}%`;
  });
  take(new RegExp(`${NUM}\\s*%\\s*(?:take[- ]?profit|profit target|止盈)`), (m) => {
    b.takeProfit = { kind: 'percent', percent: Number(m[1]) };
    return `take profit ${m[1]}%`;
  });
  take(new RegExp(`(?:position size|size|invest|allocate|use|仓位|每次(?:买入)?|投入)[^\\d%]{0,16}?${NUM}\\s*%(?:\\s*(?:of (?:the )?(?:equity|capital|cash|portfolio|account)|仓位?|的?资金))?`), (m) => {
    b.sizing = { kind: 'percentEquity', percent: Number(m[1]) };
    return `size ${m[1]}% of equity`;
  });
  take(new RegExp(`${NUM}\\s*%\\s*(?:of (?:the )?(?:equity|capital|cash|portfolio|account)|position|仓位|的?资金)`), (m) => {
    b.sizing = { kind: 'percentEquity', percent: Number(m[1]) };
    return `size ${m[1]}% of equity`;
  });
  take(/全仓|all[- ]in/, () => {
    b.sizing = { kind: 'percentEquity', percent: 100 };
    return 'size 100% of equity';
  });
  take(/半仓|half (?:of )?(?:the )?(?:equity|capital|position)/, () => {
    b.sizing = { kind: 'percentEquity', percent: 50 };
    return 'size 50% of equity';
  });
  take(/(\d+)\s*(?:shares|股|units)/, (m) => {
    b.sizing = { kind: 'fixed', quantity: Number(m[1]) };
    return `size ${m[1]} units`;
  });
  take(/(?:on |using )?(\d+)\s*(?:-|\s)?(?:min(?:ute)?s?|分钟)(?:\s*(?:bars?|candles?|k线|线))?/, (m) => {
    const tf = minuteFrame(Number(m[1]));
    if (tf) b.timeframe = tf;
    return tf ? `timeframe ${tf}` : `timeframe ${m[1]} minutes not supported, kept ${b.timeframe}`;
  });
  take(/\bhourly\b|\b1h\b|小时线|\b(?:1 )?hour bars?/, () => {
    b.timeframe = '1h';
    return 'timeframe 1h';
  });
  // "5日线" is a 5-day moving average, not the daily timeframe.
  take(/\bweekly\b|(?<![\d日])周线/, () => {
    b.timeframe = '1w';
    return 'timeframe 1w';
  });
  take(/\bdaily\b|(?<![\d日天])日线|\bon days?\b/, () => {
    b.timeframe = '1d';
    return 'timeframe 1d';
  });
  take(/a股|a-shares?|\bashare\b|沪深|上证/, () => {
    b.market = 'ashare';
    return 'market A-share';
  });
  take(/\bcrypto(?:currency)?\b|\bbtc\b|\beth\b|\busdt\b|比特币|数字货币/, () => {
    b.market = 'crypto';
    return 'market crypto';
  });
  return { rest, any };
}

function minuteFrame(n: number): Timeframe | null {
  const map: Record<number, Timeframe> = { 1: '1m', 3: '3m', 5: '5m', 15: '15m', 30: '30m', 60: '1h', 120: '2h', 240: '4h' };
  return map[n] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

const CROSS_UP = /cross(?:es|ed|ing)? (?:above|over|up(?: through)?)|(?:rises?|climbs?|moves?) above|golden cross|breaks? (?:out )?(?:above|through)|breakout|上穿|上破|向上突破|突破|金叉|站上/;
const CROSS_DOWN = /cross(?:es|ed|ing)? (?:below|under|down(?: through)?)|(?:falls?|drops?|moves?) (?:below|under)|death cross|dead cross|breaks? (?:below|down)|下穿|下破|向下突破|跌破|死叉|跌穿/;
const ABOVE = /\babove\b|\bover\b|>|greater than|higher than|exceeds?|高于|大于|超过|在.{0,6}之上/;
const BELOW = /\bbelow\b|\bunder\b|<|less than|lower than|低于|小于|在.{0,6}之下/;

type Dir = 'up' | 'down';

function crossDir(clause: string): Dir | null {
  const up = CROSS_UP.exec(clause);
  const down = CROSS_DOWN.exec(clause);
  if (up && down) return up.index < down.index ? 'up' : 'down';
  return up ? 'up' : down ? 'down' : null;
}

function compareDir(clause: string): Dir | null {
  const a = ABOVE.exec(clause);
  const b = BELOW.exec(clause);
  if (a && b) return a.index < b.index ? 'up' : 'down';
  return a ? 'up' : b ? 'down' : null;
}

interface MaTerm {
  kind: 'sma' | 'ema' | 'wma';
  period: number;
  index: number;
}

const MA_PATTERNS: RegExp[] = [
  // "5 and 20 day MA", "5/20日均线": two periods sharing one unit, matched first so the first number is claimed
  /(\d+)\s*(?:and|&|\/|和|与)\s*(\d+)\s*(?:-|\s)?\s*(?:days?|日|天)?\s*(sma|ema|wma|ma|moving averages?|均线)/g,
  // "5-day MA", "20 day moving average", "5-day EMA", "10 period sma"
  /(\d+)\s*(?:-|\s)?\s*(?:days?|periods?|bars?|d)\s*(?:(sma|ema|wma)|ma|moving averages?|exponential moving averages?)/g,
  // "MA5", "ma(20)", "EMA 12", "sma 5"
  /\b(sma|ema|wma|ma)\s*\(?\s*(\d+)\s*\)?/g,
  // "5日均线", "20日线", "10日指数均线", "5日移动平均线", "5天均线"
  /(\d+)\s*(?:日|天)\s*(指数)?\s*(?:均线|线|移动平均线?|平均线)/g,
];

function maTerms(clause: string): MaTerm[] {
  const out: MaTerm[] = [];
  const taken: [number, number][] = [];
  for (const [i, re] of MA_PATTERNS.entries()) {
    re.lastIndex = 0;
    for (let m = re.exec(clause); m; m = re.exec(clause)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      let kind: MaTerm['kind'] = 'sma';
      let period: number;
      if (i === 0) {
        const k = m[3] === 'sma' || m[3] === 'ema' || m[3] === 'wma' ? m[3] : 'sma';
        out.push({ kind: k, period: Number(m[1]), index: start }, { kind: k, period: Number(m[2]), index: start + 1 });
        continue;
      } else if (i === 1) {
        period = Number(m[1]);
        if (m[2]) kind = m[2] as MaTerm['kind'];
        else if (/exponential/.test(m[0])) kind = 'ema';
      } else if (i === 2) {
        period = Number(m[2]);
        if (m[1] !== 'ma') kind = m[1] as MaTerm['kind'];
      } else {
        period = Number(m[1]);
        if (m[2]) kind = 'ema';
      }
      out.push({ kind, period, index: start });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

const PRICE_WORD = /\b(?:price|close|closing price)\b|收盘价|价格|股价|现价|收盘/;

function findConditions(clause: string, b: SpecBuilder, context: Family | null, action: Action | null): Found[] {
  const out: Found[] = [];
  const mas = maTerms(clause);
  const cross = crossDir(clause);

  if (/macd/.test(clause) || (context === 'macd' && mas.length === 0 && /golden cross|death cross|dead cross|金叉|死叉/.test(clause))) {
    const params = /macd\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(clause);
    if (params) b.macdParams = { fast: Number(params[1]), slow: Number(params[2]), signal: Number(params[3]) };
    let dir = cross;
    if (/zero|零轴|0轴/.test(clause) && dir) {
      const id = b.macd();
      out.push({ family: 'macd', text: `MACD line crosses ${dir === 'up' ? 'above' : 'below'} zero`, cond: crossCond(dir, `${id}.macd`, 0) });
      return out;
    }
    dir ??= action === 'sell' ? 'down' : action === 'buy' ? 'up' : null;
    if (dir) {
      const id = b.macd();
      out.push({
        family: 'macd',
        text: `MACD ${dir === 'up' ? 'golden cross (MACD line crosses above signal)' : 'death cross (MACD line crosses below signal)'}`,
        cond: crossCond(dir, `${id}.macd`, `${id}.signal`),
      });
    }
    return out;
  }

  if (/\brsi\b/.test(clause) || (context === 'rsi' && mas.length === 0 && /\d|overbought|oversold|超买|超卖/.test(clause))) {
    const p = /rsi\s*\(?\s*(\d+)\s*\)?/.exec(clause);
    if (p) b.rsiPeriod = Number(p[1]);
    const after = p ? clause.slice(p.index + p[0].length) : clause;
    const threshold = new RegExp(`(?:above|over|>|greater than|higher than|exceeds?|高于|大于|超过|上穿|below|under|<|less than|lower than|低于|小于|跌破|下穿|crosses? (?:above|below|over|under))\\s*(?:the )?${NUM}`).exec(after);
    let level: number | null = threshold ? Number(threshold[1]) : null;
    let dir: Dir | null = threshold ? (compareDir(threshold[0]) ?? crossDir(threshold[0])) : null;
    if (level === null && /overbought|超买/.test(clause)) [level, dir] = [70, 'up'];
    if (level === null && /oversold|超卖/.test(clause)) [level, dir] = [30, 'down'];
    if (level !== null && dir) {
      const id = b.rsi();
      const crossing = crossDir(clause) !== null && /cross|上穿|下穿/.test(clause);
      const cond: Condition = crossing ? crossCond(dir, id, level) : { op: dir === 'up' ? 'gt' : 'lt', left: id, right: level };
      out.push({ family: 'rsi', text: `RSI(${b.rsiPeriod}) ${crossing ? 'crosses ' : ''}${dir === 'up' ? 'above' : 'below'} ${level}`, cond });
    }
    return out;
  }

  if (/bollinger|\bboll\b|\bbb\b|布林/.test(clause) || (context === 'boll' && /上轨|下轨|中轨|upper|lower|middle|mid\b|band/.test(clause))) {
    const p = /(?:bollinger(?: bands?)?|boll|布林带?|布林线)\s*\(\s*(\d+)\s*(?:,\s*(\d+(?:\.\d+)?))?\s*\)/.exec(clause) ?? /(\d+)\s*(?:-|\s)?(?:day|日)\s*(?:bollinger|布林)/.exec(clause);
    if (p) {
      b.bollPeriod = Number(p[1]);
      if (p[2]) b.bollDev = Number(p[2]);
    }
    const band = /upper|上轨|top/.test(clause) ? 'upper' : /lower|下轨|bottom/.test(clause) ? 'lower' : /middle|mid\b|中轨|中线/.test(clause) ? 'middle' : null;
    let dir = cross ?? compareDir(clause);
    const isCross = cross !== null;
    dir ??= action === 'sell' ? 'down' : 'up';
    const which = band ?? (dir === 'up' ? 'upper' : 'middle');
    const id = b.boll();
    const cond: Condition = isCross || band === null ? crossCond(dir, 'close', `${id}.${which}`) : { op: dir === 'up' ? 'gt' : 'lt', left: 'close', right: `${id}.${which}` };
    out.push({
      family: 'boll',
      text: `close ${isCross || band === null ? 'crosses ' : ''}${dir === 'up' ? 'above' : 'below'} the ${which} Bollinger band (${b.bollPeriod}, ${b.bollDev})`,
      cond,
    });
    return out;
  }

  const channel = /(\d+)\s*(?:-|\s)?\s*(?:days?|日|天|bars?|periods?)?\s*(?:high(?:est)?|highs|高点|最高价?|新高)/.exec(clause);
  const channelLow = /(\d+)\s*(?:-|\s)?\s*(?:days?|日|天|bars?|periods?)?\s*(?:low(?:est)?|lows|低点|最低价?|新低)/.exec(clause);
  if (mas.length === 0 && (channel || channelLow)) {
    const m = (channel ?? channelLow)!;
    const high = m === channel;
    const n = Number(m[1]);
    const id = b.extreme(high ? 'highest' : 'lowest', n);
    // The channel of the N bars before this one: today's bar is compared with the range it has not yet set.
    out.push({
      family: 'channel',
      text: `close breaks ${high ? 'above the highest high' : 'below the lowest low'} of the previous ${n} bars`,
      cond: { op: high ? 'gt' : 'lt', left: 'close', right: { ref: id, offset: 1 } },
    });
    return out;
  }

  if (mas.length >= 2) {
    let [a, c] = [mas[0]!, mas[1]!];
    const golden = /golden cross|金叉|death cross|dead cross|死叉/.test(clause);
    // "5 and 20 day MA golden cross" names no order; the shorter period is the fast line.
    if (golden && a.period > c.period) [a, c] = [c, a];
    const dir = cross ?? (action === 'sell' ? 'down' : action === 'buy' ? 'up' : null);
    if (dir) {
      const fa = b.ma(a.kind, a.period);
      const fc = b.ma(c.kind, c.period);
      out.push({
        family: 'ma',
        text: `${a.kind.toUpperCase()}(${a.period}) crosses ${dir === 'up' ? 'above' : 'below'} ${c.kind.toUpperCase()}(${c.period})`,
        cond: crossCond(dir, fa, fc),
      });
    }
    return out;
  }

  if (mas.length === 1 && (PRICE_WORD.test(clause) || cross !== null || compareDir(clause) !== null)) {
    const t = mas[0]!;
    const id = b.ma(t.kind, t.period);
    const isCross = cross !== null;
    const dir = cross ?? compareDir(clause);
    if (dir) {
      out.push({
        family: 'ma',
        text: `close ${isCross ? 'crosses ' : 'is '}${dir === 'up' ? 'above' : 'below'} ${t.kind.toUpperCase()}(${t.period})`,
        cond: isCross ? crossCond(dir, 'close', id) : { op: dir === 'up' ? 'gt' : 'lt', left: 'close', right: id },
      });
    }
    return out;
  }

  // "…, sell when it crosses under" / "死叉卖出": the MA pair named last.
  if (context === 'ma' && cross !== null && b.lastMaPair) {
    const [fa, fc] = b.lastMaPair;
    out.push({ family: 'ma', text: `${fa.toUpperCase()} crosses ${cross === 'up' ? 'above' : 'below'} ${fc.toUpperCase()}`, cond: crossCond(cross, fa, fc) });
  }
  return out;
}

function crossCond(dir: Dir, left: Operand, right: Operand): Condition {
  return { op: dir === 'up' ? 'crossAbove' : 'crossBelow', left, right };
}

/** The exit a trader means when they only say when to buy (documented in PHRASES.md). */
function impliedExit(entry: Found, b: SpecBuilder): Found | null {
  const c = entry.cond;
  if ((c.op === 'crossAbove' || c.op === 'crossBelow') && (entry.family === 'ma' || entry.family === 'macd')) {
    const op = c.op === 'crossAbove' ? 'crossBelow' : 'crossAbove';
    return { family: entry.family, text: entry.text.replace(/golden cross.*|death cross.*|crosses (above|below)/, (s) => flipWords(s)), cond: { op, left: c.left, right: c.right } };
  }
  if (entry.family === 'boll' && c.op === 'crossAbove') {
    const id = b.boll();
    return { family: 'boll', text: `close crosses below the middle Bollinger band (${b.bollPeriod}, ${b.bollDev})`, cond: { op: 'crossBelow', left: 'close', right: `${id}.middle` } };
  }
  if (entry.family === 'rsi' && (c.op === 'lt' || c.op === 'crossBelow') && typeof c.right === 'number') {
    const level = 100 - c.right;
    return { family: 'rsi', text: `RSI(${b.rsiPeriod}) above ${level}`, cond: { op: 'gt', left: c.left, right: level } };
  }
  if (entry.family === 'channel' && c.op === 'gt' && typeof c.right === 'object' && 'ref' in c.right) {
    const n = Math.max(2, Math.round(b.extremePeriod(c.right.ref) / 2));
    const id = b.extreme('lowest', n);
    return { family: 'channel', text: `close breaks below the lowest low of the previous ${n} bars`, cond: { op: 'lt', left: 'close', right: { ref: id, offset: 1 } } };
  }
  return null;
}

function flipWords(s: string): string {
  if (s.startsWith('golden cross')) return 'death cross (MACD line crosses below signal)';
  if (s.startsWith('death cross')) return 'golden cross (MACD line crosses above signal)';
  return s === 'crosses above' ? 'crosses below' : 'crosses above';
}

// ---------------------------------------------------------------------------------------------------------------

class SpecBuilder {
  timeframe: Timeframe = '1d';
  market: 'ashare' | 'crypto' | undefined;
  sizing: Sizing | undefined;
  stopLoss: StopRule | undefined;
  takeProfit: StopRule | undefined;
  trailingStop: StopRule | undefined;
  macdParams = { fast: 12, slow: 26, signal: 9 };
  rsiPeriod = 14;
  bollPeriod = 20;
  bollDev = 2;
  lastMaPair: [string, string] | null = null;
  readonly entries: Found[] = [];
  readonly exits: Found[] = [];
  private readonly indicators = new Map<string, IndicatorInstance>();
  private lastMa: string | null = null;

  addRule(action: Action, f: Found): void {
    (action === 'buy' ? this.entries : this.exits).push(f);
  }

  ma(kind: 'sma' | 'ema' | 'wma', period: number): string {
    const id = `${kind}${period}`;
    this.indicators.set(id, { id, indicator: kind, params: { period } });
    if (this.lastMa && this.lastMa !== id) this.lastMaPair = [this.lastMa, id];
    this.lastMa = id;
    return id;
  }

  macd(): string {
    this.indicators.set('macd', { id: 'macd', indicator: 'macd', params: { ...this.macdParams } });
    return 'macd';
  }

  rsi(): string {
    const id = `rsi${this.rsiPeriod}`;
    this.indicators.set(id, { id, indicator: 'rsi', params: { period: this.rsiPeriod } });
    return id;
  }

  boll(): string {
    this.indicators.set('boll', { id: 'boll', indicator: 'bollinger', params: { period: this.bollPeriod, devUp: this.bollDev, devDown: this.bollDev } });
    return 'boll';
  }

  extreme(kind: 'highest' | 'lowest', period: number): string {
    const id = `${kind === 'highest' ? 'hh' : 'll'}${period}`;
    this.indicators.set(id, { id, indicator: kind, params: { period }, source: kind === 'highest' ? 'high' : 'low' });
    return id;
  }

  extremePeriod(id: string): number {
    const p = this.indicators.get(id)?.params.period;
    return typeof p === 'number' ? p : 20;
  }

  build(text: string): StrategySpecInput {
    const all = (fs: Found[]): Condition => (fs.length === 1 ? fs[0]!.cond : { op: 'and', conditions: fs.map((f) => f.cond) });
    const any = (fs: Found[]): Condition => (fs.length === 1 ? fs[0]!.cond : { op: 'or', conditions: fs.map((f) => f.cond) });
    const name = this.entries.map((f) => f.text).join(' and ');
    return {
      name: name.length > 120 ? `${name.slice(0, 117)}...` : name,
      description: text.trim(),
      timeframe: this.timeframe,
      indicators: [...this.indicators.values()],
      long: { entry: all(this.entries), ...(this.exits.length > 0 ? { exit: any(this.exits) } : {}) },
      ...(this.sizing ? { sizing: this.sizing } : {}),
      ...(this.stopLoss ? { stopLoss: this.stopLoss } : {}),
      ...(this.takeProfit ? { takeProfit: this.takeProfit } : {}),
      ...(this.trailingStop ? { trailingStop: this.trailingStop } : {}),
      ...(this.market ? { market: this.market } : {}),
    };
  }
}
