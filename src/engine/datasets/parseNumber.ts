/** Strict decimal parsing for corpus text: "1.5" and "2e3" are numbers, "1.5x", "", "NaN" and 1e999 are not. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The finite number `s` spells (surrounding spaces allowed), or undefined. */
export function parseFiniteNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMBER.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Quotes a piece of corpus text for an error message, cut to `max` characters. */
export function quoteSnippet(s: string, max = 60): string {
  const t = s.length > max ? `${s.slice(0, max)}...` : s;
  return JSON.stringify(t);
}
