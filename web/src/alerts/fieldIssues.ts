import { isApiError } from '../api/client';

/** A refused request's issues by dotted field path (`spec.cron.0`, `input.symbols`), the first message per path. */
export function fieldIssues(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isApiError(error)) return out;
  for (const issue of error.issues) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : issue.path;
    if (!out.has(path)) out.set(path, issue.message);
  }
  return out;
}

/** The message for a field or anything under it (`spec` matches `spec.cron.0`), with the sub-path named. */
export function issueAt(issues: Map<string, string>, field: string): string | undefined {
  for (const [path, message] of issues) {
    if (path === field) return message;
    if (path.startsWith(`${field}.`)) return `${path.slice(field.length + 1)}: ${message}`;
  }
  return undefined;
}
