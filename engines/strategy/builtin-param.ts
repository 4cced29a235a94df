/**
 * A tunable parameter of a builtin strategy. Its own module so the web app can import the type without reaching the
 * sandbox (node:module) that library.ts needs for code strategies.
 */
export interface BuiltinParam {
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (periods, counts). */
  integer: boolean;
  description: string;
}
