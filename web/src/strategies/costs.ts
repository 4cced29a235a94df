import { issueAt } from '../alerts/fieldIssues';

/** The optional cost fields of a backtest form, as typed. */
export interface Costs {
  initialCash: string;
  commissionRate: string;
  minFee: string;
  stampDutyRate: string;
}
export type CostField = keyof Costs;
export type CostErrors = Partial<Record<CostField, string>>;

export const NO_COSTS: Costs = { initialCash: '', commissionRate: '', minFee: '', stampDutyRate: '' };

/** Engine config from the optional fields; empty ones keep the market defaults. Decimals go as strings. */
export function configOf(costs: Costs): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const fees: Record<string, string> = {};
  if (costs.initialCash.trim()) config.initialCash = costs.initialCash.trim();
  if (costs.commissionRate.trim()) {
    fees.takerRate = costs.commissionRate.trim();
    fees.makerRate = costs.commissionRate.trim();
  }
  if (costs.minFee.trim()) fees.minFee = costs.minFee.trim();
  if (costs.stampDutyRate.trim()) fees.stampDutyRate = costs.stampDutyRate.trim();
  if (Object.keys(fees).length) config.fees = fees;
  return config;
}

// Plain digits only: the engine reads decimal strings exactly, so "1e6" or "1,000" would be refused by it anyway.
const DECIMAL = /^\d+(\.\d+)?$/;

/** What can be said before asking the server: each filled field a plain non-negative decimal, the cash above zero. */
export function costErrors(costs: Costs): CostErrors {
  const errors: CostErrors = {};
  for (const field of Object.keys(costs) as CostField[]) {
    const value = costs[field].trim();
    if (value && !DECIMAL.test(value)) errors[field] = 'A plain decimal number, e.g. 0.0003';
  }
  if (!errors.initialCash && costs.initialCash.trim() && Number(costs.initialCash) <= 0) errors.initialCash = 'More than zero';
  return errors;
}

/** The engine config paths each field fills, so a 400 on `config.fees.minFee` is shown next to "Min fee". */
const CONFIG_PATHS: Record<CostField, string[]> = {
  initialCash: ['config.initialCash'],
  commissionRate: ['config.fees.takerRate', 'config.fees.makerRate'],
  minFee: ['config.fees.minFee'],
  stampDutyRate: ['config.fees.stampDutyRate'],
};

/** The cost field an issue path belongs to (the path itself or anything under it), if any. */
export function costFieldOf(path: string): CostField | undefined {
  return (Object.keys(CONFIG_PATHS) as CostField[]).find((field) =>
    CONFIG_PATHS[field].some((p) => path === p || path.startsWith(`${p}.`)),
  );
}

/** A refused start's issues (fieldIssues) that belong to a cost field, by field. */
export function costIssues(issues: Map<string, string>): CostErrors {
  const errors: CostErrors = {};
  for (const field of Object.keys(CONFIG_PATHS) as CostField[]) {
    const message = CONFIG_PATHS[field].map((path) => issueAt(issues, path)).find(Boolean);
    if (message) errors[field] = message;
  }
  return errors;
}
