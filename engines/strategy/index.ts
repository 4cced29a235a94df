/**
 * Strategies for the backtest engine: the declarative spec DSL (spec.ts, validated by validate.ts, compiled by
 * compile.ts), the builtin library, the rule-based text parser, and sandboxed code strategies. README.md describes
 * the DSL; PHRASES.md the parser; SANDBOX.md the code API.
 */
export {
  COMPARISONS,
  CROSSES,
  MATH_OPS,
  MAX_OFFSET,
  PRICE_FIELDS,
  conditionSchema,
  feeOverridesSchema,
  indicatorInstanceSchema,
  marketSchema,
  operandSchema,
  priceFieldSchema,
  sideRulesSchema,
  sizingSchema,
  stopRuleSchema,
  strategySpecSchema,
  type Condition,
  type FeeOverrides,
  type IndicatorInstance,
  type Market,
  type Operand,
  type PriceField,
  type SideRules,
  type Sizing,
  type StopRule,
  type StrategySpec,
  type StrategySpecInput,
} from './spec';
export { validateSpec, parseSpec, checkIndicatorList, SpecValidationError, type SpecIssue, type SpecValidation } from './validate';
export { compileSpec, backtestConfigForSpec, type CompiledSpec } from './compile';
export {
  fromLlmSpec,
  llmStrategySpecJsonSchema,
  llmStrategySpecSchema,
  strategySpecJsonSchema,
  strictSchemaProblems,
  type LlmStrategySpec,
} from './json-schema';
export { parseStrategyText, type ParseTextResult } from './parse-text';
export {
  builtinPortfolioStrategies,
  builtinStrategies,
  builtinStrategyIds,
  createBuiltinStrategy,
  findBuiltin,
  findBuiltinStrategy,
  findPortfolioBuiltin,
  type BuiltinDefinition,
  type BuiltinParam,
  type BuiltinPortfolioStrategy,
  type BuiltinStrategy,
} from './library';
export { createCodeStrategy, SandboxError, type CodeStrategy, type CodeStrategyOptions, type SandboxErrorKind } from './sandbox';
