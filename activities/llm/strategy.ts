import { ApplicationFailure } from '@temporalio/common';
import { findIndicator, indicatorIds, outputNames, takesSource } from '../../engines/strategy/catalog';
import { fromLlmSpec, llmStrategySpecJsonSchema, llmStrategySpecSchema } from '../../engines/strategy/json-schema';
import { parseStrategyText } from '../../engines/strategy/parse-text';
import type { StrategySpec } from '../../engines/strategy/spec';
import { validateSpec } from '../../engines/strategy/validate';
import { LlmFailureTypes, llmProviderFromConfig, type LlmProvider } from './provider';
import { generateStructured, zodProblems, type StructuredResult, type TranscriptEntry, type Validation } from './structured';

export interface StrategySpecRequest {
  /** The strategy in the user's words (English or Chinese). */
  text: string;
  maxRepairs?: number;
}

export interface StrategySpecResult {
  spec: StrategySpec;
  /** Who wrote the spec: the configured LLM, or the rule-based parser when no provider is configured. */
  source: 'llm' | 'rules';
  attempts: number;
  transcript: TranscriptEntry[];
  /** For the user: what was understood or ignored, validation warnings, which model wrote it. */
  notes: string[];
  provider: StructuredResult<unknown>['provider'] | null;
}

const maxTextChars = 20_000;

function catalogLines(): string[] {
  return indicatorIds().map((id) => {
    const def = findIndicator(id)!;
    const params = Object.entries(def.params)
      .filter(([name]) => name !== 'source')
      .map(([name, p]) => (p.type === 'enum' ? `${name} (one of ${p.options.join('|')}, default ${p.default})` : `${name} (${p.type} ${p.min}..${p.max}, default ${p.default})`));
    const reads = takesSource(def) ? 'reads `source` (default close)' : `reads ${def.inputs.join(', ')}`;
    return `- ${id}: ${def.label}. Params: ${params.join(', ') || 'none'}. ${reads}. Outputs: ${outputNames(def).join(', ')}.`;
  });
}

const example = {
  name: 'SMA 5/20 cross',
  description: 'Buy when the 5-bar SMA crosses above the 20-bar SMA, sell on the cross back; 5% stop loss.',
  timeframe: '1d',
  symbols: null,
  indicators: [
    { id: 'fast', indicator: 'sma', params: [{ name: 'period', value: 5 }], source: null },
    { id: 'slow', indicator: 'sma', params: [{ name: 'period', value: 20 }], source: null },
  ],
  long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossBelow', left: 'fast', right: 'slow' } },
  short: null,
  sizing: { kind: 'percentEquity', percent: 100 },
  stopLoss: { kind: 'percent', percent: 5 },
  takeProfit: null,
  trailingStop: null,
  market: null,
  fees: null,
};

/** Everything the model needs to write a spec the validator accepts; the JSON Schema itself travels in response_format. */
export function strategySystemPrompt(): string {
  return [
    'You translate a trading strategy described in words (English or Chinese) into one JSON document of the Lurus strategy DSL, matching the `strategy_spec` schema. Answer with the JSON object only.',
    '',
    'The DSL:',
    '- timeframe: the bar size the rules run on (1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w); "1d" when the text does not say.',
    '- indicators: { id: your name for it (letters, digits, _; not a price field), indicator: a catalog id below, params: [{ name, value }] (leave a parameter out to take its default), source: the bar value a single-input indicator reads, null for close }.',
    '- An operand is a number; a reference: a price field (open high low close volume hl2 hlc3 ohlc4), an indicator id, or "id.output" for an indicator with several outputs (e.g. "m.signal"); { "ref": <reference>, "offset": N } for its value N closed bars earlier; or { "math": "add"|"sub"|"mul"|"div"|"max"|"min", "left": <operand>, "right": <operand> }.',
    '- A condition is { "op": "crossAbove"|"crossBelow"|"gt"|"lt"|"gte"|"lte", "left", "right" }, { "op": "between", "value", "lower", "upper" }, { "op": "and"|"or", "conditions": [...] } or { "op": "not", "condition" }. crossAbove holds on the bar where left goes from ≤ right to > right.',
    '- long / short: { entry, exit } conditions, null where absent; null for a side the text does not trade. Short selling only with market "crypto"; A-shares ("ashare") are long-only.',
    '- sizing: { kind: "percentEquity", percent } (use 100 when unsaid), { kind: "fixed", quantity } or { kind: "risk", riskPercent } (needs stopLoss).',
    '- stopLoss / takeProfit / trailingStop: { kind: "percent", percent } or { kind: "atr", multiple, period }; null when not asked for.',
    '- Use null for whatever the text does not state; do not invent rules, symbols or fees.',
    '',
    'Indicator catalog:',
    ...catalogLines(),
    '',
    `Example, for "5-day MA crosses above 20-day MA buy, crosses below sell, stop loss 5%":\n${JSON.stringify(example)}`,
  ].join('\n');
}

/** Structure (the LLM variant of the schema), then validateSpec's semantics on the spec it maps to. */
function validateLlmSpec(data: unknown): Validation<StrategySpec> {
  const parsed = llmStrategySpecSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
  const v = validateSpec(fromLlmSpec(parsed.data));
  return v.ok ? { ok: true, value: v.spec } : { ok: false, problems: v.errors };
}

/**
 * Activity: a validated strategy spec from text. With a provider configured the LLM writes it (validation problems,
 * semantic ones included, go back to it for repair); without one the rule-based parser reads the text, and the
 * result says so.
 */
export async function generateStrategySpec(
  input: StrategySpecRequest,
  provider: LlmProvider | null = llmProviderFromConfig(),
): Promise<StrategySpecResult> {
  const text = typeof input?.text === 'string' ? input.text.trim() : '';
  if (!text) throw ApplicationFailure.create({ type: LlmFailureTypes.badInput, message: 'text: describe the strategy (it is empty)', nonRetryable: true });
  if (text.length > maxTextChars) {
    throw ApplicationFailure.create({ type: LlmFailureTypes.badInput, message: `text: ${text.length} characters, at most ${maxTextChars}`, nonRetryable: true });
  }

  if (!provider) {
    const r = parseStrategyText(text);
    if (!r.ok) {
      throw ApplicationFailure.create({
        type: LlmFailureTypes.notConfigured,
        message:
          `No LLM provider is configured (set LLM_BASE_URL and/or LLM_API_KEY), and the rule-based parser could not read the text: ${r.reason}. ${r.hint}` +
          (r.matched.length ? ` (It did recognise: ${r.matched.join('; ')}.)` : ''),
        nonRetryable: true,
      });
    }
    return {
      spec: r.spec,
      source: 'rules',
      attempts: 0,
      transcript: [],
      notes: [
        'No LLM provider is configured (LLM_BASE_URL / LLM_API_KEY unset): the rule-based parser read the text.',
        ...r.matched.map((m) => `recognised: ${m}`),
        ...r.ignored.map((m) => `not understood, ignored: ${m}`),
        ...r.warnings.map((w) => `warning: ${w}`),
      ],
      provider: null,
    };
  }

  const result = await generateStructured(
    {
      schema: llmStrategySpecSchema,
      jsonSchema: llmStrategySpecJsonSchema(),
      schemaName: 'strategy_spec',
      system: strategySystemPrompt(),
      prompt: text,
      maxRepairs: input.maxRepairs ?? 2,
      validate: validateLlmSpec,
    },
    provider,
  );
  const warnings = validateSpec(result.value).warnings;
  return {
    spec: result.value,
    source: 'llm',
    attempts: result.attempts,
    transcript: result.transcript,
    notes: [
      `Written by ${result.provider.model} at ${result.provider.host} in ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}.`,
      ...warnings.map((w) => `warning: ${w.path}: ${w.message}`),
    ],
    provider: result.provider,
  };
}
