/**
 * Deliberately wrong labels for label-noise benchmarks: labels are swapped between utterances of different
 * classes (pairs, plus one three-way rotation for an odd count), so every class keeps its size and a corpus with
 * flips still has the class counts it was asked for.
 */
import type { Prng } from './prng';

export interface FlipOptions {
  /** Only these indices may be flipped. Default: all. */
  eligible?: (index: number) => boolean;
  /** Whether a swap between these labels really changes the class. Default: a !== b. */
  differ?: (a: string, b: string) => boolean;
}

/**
 * Index -> wrong label for about `count` of `labels`. Returns fewer when the eligible items run out of
 * partners; a count of 1 becomes 2 (a single flip would change two class sizes).
 */
export function chooseLabelSwaps(labels: readonly string[], count: number, rng: Prng, options: FlipOptions = {}): Map<number, string> {
  const out = new Map<number, string>();
  const target = count <= 0 ? 0 : Math.max(2, Math.round(count));
  const differ = options.differ ?? ((a: string, b: string) => a !== b);
  const pool = rng.shuffle(labels.map((_, i) => i).filter((i) => options.eligible?.(i) ?? true));
  const used = new Set<number>();
  const partner = (i: number, also?: number) =>
    pool.find((j) => !used.has(j) && j !== i && differ(labels[i], labels[j]) && (also === undefined || (j !== also && differ(labels[also], labels[j]))));

  for (const i of pool) {
    const left = target - out.size;
    if (left < 2) break;
    if (used.has(i)) continue;
    if (left === 3) {
      // Rotate three labels i <- j <- k <- i, all of different classes.
      const j = partner(i);
      const k = j === undefined ? undefined : partner(j, i);
      if (j !== undefined && k !== undefined) {
        out.set(i, labels[j]).set(j, labels[k]).set(k, labels[i]);
        used.add(i).add(j).add(k);
        continue;
      }
    }
    const j = partner(i);
    if (j === undefined) continue;
    out.set(i, labels[j]).set(j, labels[i]);
    used.add(i).add(j);
  }
  return out;
}
