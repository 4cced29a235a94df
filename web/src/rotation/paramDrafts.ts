import type { BuiltinParam } from '../api/backtests';

/** A library entry's params as typed into the form: text, so a half-typed "-" or "" is kept as the user left it. */
export type ParamDrafts = Record<string, string>;

export function draftsOf(params: Record<string, BuiltinParam>): ParamDrafts {
  return Object.fromEntries(Object.entries(params).map(([name, p]) => [name, String(p.default)]));
}

/** The same checks the server's schema makes (range, whole numbers), said in words before anything is sent. */
export function paramError(param: BuiltinParam, draft: string): string | undefined {
  const text = draft.trim();
  if (!text) return 'Required';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'A number';
  if (param.integer && !Number.isInteger(value)) return 'A whole number';
  if (value < param.min) return `At least ${param.min}`;
  if (value > param.max) return `At most ${param.max}`;
  return undefined;
}

/** Every param's value, or the errors that keep the form from being sent (by param name). */
export function parseDrafts(
  params: Record<string, BuiltinParam>,
  drafts: ParamDrafts,
): { values: Record<string, number>; errors: Record<string, string> } {
  const values: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const [name, param] of Object.entries(params)) {
    const draft = drafts[name] ?? '';
    const error = paramError(param, draft);
    if (error) errors[name] = error;
    else values[name] = Number(draft.trim());
  }
  return { values, errors };
}

/** The range line under a field: what the server accepts, and the library's default. */
export function rangeHint(param: BuiltinParam): string {
  return `${param.min} to ${param.max}${param.integer ? ', whole numbers' : ''}; default ${param.default}`;
}
