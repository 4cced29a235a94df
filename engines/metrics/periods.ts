// Annualisation as empyrical (empyrical/periods.py): a named period maps to periods per year, or the caller gives the
// factor directly, which then wins over the name.

export const APPROX_BDAYS_PER_MONTH = 21;
export const APPROX_BDAYS_PER_YEAR = 252;
export const MONTHS_PER_YEAR = 12;
export const WEEKS_PER_YEAR = 52;
export const QTRS_PER_YEAR = 4;

export const ANNUALIZATION_FACTORS = {
  daily: APPROX_BDAYS_PER_YEAR,
  weekly: WEEKS_PER_YEAR,
  monthly: MONTHS_PER_YEAR,
  quarterly: QTRS_PER_YEAR,
  yearly: 1,
} as const;

export type Period = keyof typeof ANNUALIZATION_FACTORS;

export interface AnnualizationOptions {
  /** Periodicity of the returns; ignored when `annualization` is given. Default 'daily'. */
  period?: Period;
  /** Periods per year, overriding `period` (e.g. 365 for crypto daily bars). */
  annualization?: number;
}

export function annualizationFactor(opts: AnnualizationOptions = {}): number {
  if (opts.annualization !== undefined) return opts.annualization;
  const period = opts.period ?? 'daily';
  const factor = (ANNUALIZATION_FACTORS as Record<string, number>)[period];
  if (factor === undefined) {
    throw new Error(`Period cannot be '${period}'. Can be '${Object.keys(ANNUALIZATION_FACTORS).join("', '")}'.`);
  }
  return factor;
}
