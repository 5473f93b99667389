/**
 * Seeds derived from names. Every speaker, utterance and style offset of a synthetic corpus draws from its own
 * Prng seeded by (corpus seed, its id), so an utterance sounds the same whatever else the corpus holds and in
 * whatever order it is rendered.
 */

/** A 32-bit seed from any mix of numbers and strings (FNV-1a over their text, then a murmur3 finaliser). */
export function seedFrom(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${typeof part}:${String(part)}|`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  // FNV alone leaves nearby strings (Ses01F / Ses01M) with correlated low bits; the finaliser spreads them.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
