// Extraction on worker threads (run from the TypeScript sources through tsxFeatureWorker.cjs): the same features
// as the calling thread, bad files failing alone, prompt cancellation that leaves the cache valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { CancelledError, SerError } from '../../../src/engine/errors';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../../src/engine/features/featureConfig';
import { decodeEntry } from '../../../src/engine/features/cacheEntry';
import { extractFeatures, finishFeatureJob, loadFeatures, type FeatureUtterance } from '../../../src/engine/features/extractFeatures';
import { tempCorpusDir } from '../../fixtures/corpora';
import { chirp, mix, noise, sine } from './referenceFeatures';

const workerScript = join(__dirname, 'tsxFeatureWorker.cjs');
const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, kind: 'mfcc', deltaOrder: 2 };

async function writeCorpus(dir: string, good: number, seconds: number): Promise<FeatureUtterance[]> {
  await mkdir(join(dir, 'wav'), { recursive: true });
  const utts: FeatureUtterance[] = [];
  for (let i = 0; i < good; i++) {
    const n = Math.round(seconds * 16000);
    const path = join(dir, 'wav', `u${i}.wav`);
    await writeFile(path, encodeWav([mix(chirp(n, 16000, 100 + i, 3000), sine(n, 16000, 220, 0.2), noise(n, i, 0.02))], 16000));
    utts.push({ id: `u${i}`, audioPath: path, speaker: `s${i % 3}` });
  }
  return utts;
}

async function cacheEntries(cacheDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of await readdir(cacheDir, { recursive: true })) if (String(f).endsWith('.serf')) out.push(join(cacheDir, String(f)));
  return out.sort();
}

test('threads compute exactly what the calling thread computes; bad files fail alone; a rerun is all cached', async () => {
  const { dir, fs, cleanup } = await tempCorpusDir('ser-feat-par-');
  try {
    const good = await writeCorpus(dir, 12, 0.6);
    await writeFile(join(dir, 'wav', 'garbage.wav'), 'definitely not RIFF');
    const full = await readFile(good[0].audioPath);
    await writeFile(join(dir, 'wav', 'cut.wav'), full.subarray(0, 200));
    await mkdir(join(dir, 'wav', 'folder.wav'));
    const bad: FeatureUtterance[] = ['garbage', 'cut', 'folder', 'missing'].map((n) => ({ id: n, audioPath: join(dir, 'wav', `${n}.wav`), speaker: 'x' }));
    const all = [...good.slice(0, 4), bad[0], ...good.slice(4, 8), bad[1], bad[2], ...good.slice(8), bad[3]];

    const threaded = await loadFeatures(fs, all, { config, cacheDir: join(dir, 'cache-threads'), workers: 2, workerScript });
    assert.deepEqual([threaded.summary.workers, threaded.summary.computed, threaded.summary.failed], [2, 12, 4]);
    assert.deepEqual(threaded.summary.errors.map((e) => e.id).sort(), ['cut', 'folder', 'garbage', 'missing']);
    for (const e of threaded.summary.errors) assert.ok(e.file.endsWith(`${e.id}.wav`) && e.message.length > 0, JSON.stringify(e));
    const inline = await loadFeatures(fs, all, { config, cacheDir: join(dir, 'cache-inline'), workers: 0 });
    assert.deepEqual(inline.items.map((i) => i.utterance.id), threaded.items.map((i) => i.utterance.id));
    inline.items.forEach((item, i) => assert.deepEqual(threaded.items[i].matrix, item.matrix, item.utterance.id));

    const again = await finishFeatureJob(extractFeatures(fs, all, { config, cacheDir: join(dir, 'cache-threads'), workers: 2, workerScript }));
    assert.deepEqual([again.cached, again.computed, again.failed], [12, 0, 4]);
  } finally {
    await cleanup();
  }
});

test('cancelling terminates the threads at once: no entry appears afterwards and every entry is whole', async () => {
  const { dir, fs, cleanup } = await tempCorpusDir('ser-feat-cancel-');
  try {
    const utts = await writeCorpus(dir, 30, 8);
    const cacheDir = join(dir, 'cache');
    const controller = new AbortController();
    await assert.rejects(
      (async () => {
        for await (const e of extractFeatures(fs, utts, { config, cacheDir, workers: 2, workerScript, signal: controller.signal, progressIntervalMs: 0 })) {
          if (e.type === 'progress' && e.done >= 2) controller.abort();
        }
      })(),
      CancelledError,
    );
    const atCancel = await cacheEntries(cacheDir);
    assert.ok(atCancel.length >= 2 && atCancel.length < 30, `${atCancel.length} entries`);
    // Threads still running would keep writing entries for the queued files.
    await sleep(1500);
    assert.deepEqual(await cacheEntries(cacheDir), atCancel);
    for (const p of atCancel) assert.doesNotThrow(() => decodeEntry(p.slice(-69, -5), new Uint8Array(readFileSync(p))));
    const rest = await finishFeatureJob(extractFeatures(fs, utts, { config, cacheDir, workers: 2, workerScript }));
    assert.deepEqual([rest.cached, rest.computed], [atCancel.length, 30 - atCancel.length]);
  } finally {
    await cleanup();
  }
});

test('a worker script that is missing or dies while starting is a job error naming the script', async () => {
  const { dir, fs, cleanup } = await tempCorpusDir('ser-feat-script-');
  try {
    const utts = await writeCorpus(dir, 2, 0.2);
    const cacheDir = join(dir, 'cache');
    await assert.rejects(
      finishFeatureJob(extractFeatures(fs, utts, { config, cacheDir, workers: 2, distDir: join(dir, 'no-dist') })),
      (e: unknown) => e instanceof SerError && e.code === 'not-found' && e.message.includes('featureWorker.js'),
    );
    const boom = join(dir, 'boom.cjs');
    await writeFile(boom, "throw new Error('boom while loading');");
    await assert.rejects(
      finishFeatureJob(extractFeatures(fs, utts, { config, cacheDir, workers: 2, workerScript: boom })),
      (e: unknown) => e instanceof SerError && /could not start: .*boom while loading/.test(e.message),
    );
    assert.ok((await stat(cacheDir)).isDirectory());
  } finally {
    await cleanup();
  }
});
