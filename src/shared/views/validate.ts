/**
 * Small checks the host runs on every message a webview posts: a webview is untrusted input (a compromised page,
 * a stale state, a bug), so each field is checked for type and size before anything acts on it.
 */

/** Longest id, label or path accepted from a webview (characters). */
export const MAX_STRING = 4096;
/** Most ids in one message (bulk relabel of a map selection). */
export const MAX_IDS = 100_000;

export type Fields = Record<string, unknown>;

/** The message as an object with a string `type`, or undefined. */
export function asMessage(m: unknown): (Fields & { type: string }) | undefined {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const o = m as Fields;
  return typeof o.type === 'string' ? (o as Fields & { type: string }) : undefined;
}

export function isText(v: unknown, max = MAX_STRING): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

export function isIndex(v: unknown, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isOneOf<T extends string>(v: unknown, options: readonly T[]): v is T {
  return typeof v === 'string' && (options as readonly string[]).includes(v);
}

/** A non-empty array of distinct ids, at most MAX_IDS. */
export function isIdList(v: unknown): v is string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_IDS) return false;
  for (const x of v) if (!isText(x)) return false;
  return new Set(v).size === v.length;
}
