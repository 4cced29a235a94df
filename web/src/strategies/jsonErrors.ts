export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number | null; column: number | null };

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * JSON.parse with the place it failed. Engines word it differently — V8 says "at position N" (newer ones add
 * "(line L column C)"), Firefox "at line L column C of the JSON data" — so read whichever is there.
 */
export function parseJsonWithPosition(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*(in JSON )?at position \d+/, '')
      .replace(/\s*at line \d+ column \d+ of the JSON data/, '')
      .replace(/^JSON\.parse: /, '');
    const lineCol = /line (\d+) column (\d+)/.exec(raw);
    if (lineCol) return { ok: false, message, line: Number(lineCol[1]), column: Number(lineCol[2]) };
    const position = /position (\d+)/.exec(raw);
    if (position) return { ok: false, message, ...lineColumnAt(text, Number(position[1])) };
    if (/end of (JSON )?(input|data)/i.test(raw)) return { ok: false, message, ...lineColumnAt(text, text.length) };
    return { ok: false, message, line: null, column: null };
  }
}
