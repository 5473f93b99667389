/**
 * Names of feature cache entries. An entry's key is a hash of everything its features depend on:
 *   - the audio file's content (sha-256 of its bytes), so a changed file misses and an unchanged file that was
 *     moved or touched still hits;
 *   - the region (start / end seconds as given, or '-' for the file's own edges);
 *   - the feature config (every field, canonically serialised);
 *   - FEATURE_PIPELINE_VERSION, bumped whenever the computation changes (decoder, resampler, DSP), and the entry
 *     format version.
 * Entries live at <cacheDir>/v<format>/<first 2 hex digits>/<key>.serf, 256 folders so none grows huge.
 */
import { createHash } from 'node:crypto';
import { joinPath } from '../datasets/paths';
import { ENTRY_FORMAT_VERSION } from './cacheEntry';
import type { FeatureConfig } from './featureConfig';

/** Bump when features computed from the same audio and config would come out different. */
export const FEATURE_PIPELINE_VERSION = 1;

/** Hex sha-256 of audio bytes: the content part of entry keys. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** contentHash over bytes fed in pieces (for files too big to read at once). */
export function contentHasher(): { update(bytes: Uint8Array): void; digest(): string } {
  const h = createHash('sha256');
  return { update: (bytes) => void h.update(bytes), digest: () => h.digest('hex') };
}

/** A hash of every field of `config` (key order does not matter), with the pipeline version. */
export function configHash(config: FeatureConfig): string {
  const fields = Object.keys(config)
    .sort()
    .map((k) => [k, (config as unknown as Record<string, unknown>)[k]]);
  return createHash('sha256').update(JSON.stringify({ pipeline: FEATURE_PIPELINE_VERSION, fields })).digest('hex').slice(0, 32);
}

/** Region bounds as they enter a key: the number's shortest round-trip text, or '-' when absent. */
function bound(x: number | undefined): string {
  return x === undefined ? '-' : String(x);
}

/** The entry key (64 hex digits) of the features of `audioHash`'s region under the config hashed as `cfgHash`. */
export function entryKey(audioHash: string, region: { start?: number; end?: number }, cfgHash: string): string {
  const text = `serf/${ENTRY_FORMAT_VERSION}/${audioHash}/${bound(region.start)}/${bound(region.end)}/${cfgHash}`;
  return createHash('sha256').update(text).digest('hex');
}

/** Where the entry of `key` lives under `cacheDir`. */
export function entryPath(cacheDir: string, key: string): string {
  return joinPath(cacheDir, `v${ENTRY_FORMAT_VERSION}`, key.slice(0, 2), `${key}.serf`);
}
