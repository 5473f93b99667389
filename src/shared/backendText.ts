/**
 * The engine's backend line for displays that list the backends not used themselves. The engine's one-line summary
 * (describeBackend) ends in " [not used: node-gpu: ...; node: ...]" when better backends were skipped, and the same
 * backends come as `tried`; a display that shows both says it twice.
 */

/** `detail` without its " [not used: ...]" tail (unchanged when it has none). */
export function withoutNotUsed(detail: string): string {
  return detail.replace(/\s*\[not used: [\s\S]*\]\s*$/, '');
}

/** What to show of a backend: its line and, once, the backends not used with their reasons (for a tooltip). */
export function backendDisplay(b: { detail: string; tried?: readonly { name: string; error: string }[] }): { detail: string; notUsed?: { names: string; reasons: string } } {
  if (!b.tried?.length) return { detail: b.detail };
  return {
    detail: withoutNotUsed(b.detail),
    notUsed: { names: b.tried.map((t) => t.name).join(', '), reasons: b.tried.map((t) => `${t.name}: ${t.error}`).join('\n') },
  };
}
