import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { loadAudio } from '../../../src/engine/audio/loadAudio';
import { CancelledError } from '../../../src/engine/errors';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../../src/engine/features/featureConfig';
import { FeatureComputer } from '../../../src/engine/features/featureComputer';
import { extractFeatures, finishFeatureJob, loadFeatures, type FeatureEvent, type FeatureUtterance } from '../../../src/engine/features/extractFeatures';
import { AUDIO_INDEX_FILE } from '../../../src/engine/features/audioHashIndex';
import { decodeEntry } from '../../../src/engine/features/cacheEntry';
import { MemoryFileSystem } from '../../fixtures/memoryFileSystem';
import { chirp, mix, noise, sine } from './referenceFeatures';

const CACHE = '/cache';
const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG };

function wav(seconds: number, seed: number, rate = 16000): Uint8Array {
  const n = Math.round(seconds * rate);
  return encodeWav([mix(sine(n, rate, 200 + 50 * seed, 0.3), noise(n, seed, 0.05))], rate);
}

/** A small corpus: 5 files (one at 44.1 kHz), and two regions of a longer file. */
function corpus(): { fs: MemoryFileSystem; utts: FeatureUtterance[] } {
  const fs = new MemoryFileSystem();
  const utts: FeatureUtterance[] = [];
  for (let i = 0; i < 5; i++) {
    const path = `/data/spk${i % 2}/u${i}.wav`;
    fs.put(path, wav(0.3 + 0.1 * i, i, i === 3 ? 44100 : 16000));
    utts.push({ id: `u${i}`, audioPath: path, speaker: `spk${i % 2}` });
  }
  fs.put('/data/long.wav', encodeWav([chirp(32000, 16000, 100, 5000)], 16000));
  utts.push({ id: 'r1', audioPath: '/data/long.wav', start: 0.25, end: 0.75, speaker: 'spk2' });
  utts.push({ id: 'r2', audioPath: '/data/long.wav', start: 1, speaker: 'spk2' });
  return { fs, utts };
}

const run = (fs: MemoryFileSystem, utts: FeatureUtterance[], c = config) => finishFeatureJob(extractFeatures(fs, utts, { config: c, cacheDir: CACHE, workers: 0 }));
const audioReads = (fs: MemoryFileSystem) => fs.readsOf((p) => p.startsWith('/data/'));
const entries = (fs: MemoryFileSystem) => [...fs.files.keys()].filter((p) => p.endsWith('.serf'));

test('a first run computes and caches every utterance; a second reads them all without touching the audio', async () => {
  const { fs, utts } = corpus();
  const first = await run(fs, utts);
  assert.deepEqual([first.total, first.computed, first.cached, first.failed], [7, 7, 0, 0]);
  assert.equal(entries(fs).length, 7);
  assert.ok(fs.files.has(`${CACHE}/${AUDIO_INDEX_FILE}`));
  assert.ok(Math.abs(first.audioSeconds - (0.3 + 0.4 + 0.5 + 0.6 + 0.7 + 0.5 + 1)) < 1e-3, `${first.audioSeconds}`);
  fs.reads.clear();
  const second = await run(fs, utts);
  assert.deepEqual([second.computed, second.cached, second.failed], [0, 7, 0]);
  assert.equal(audioReads(fs), 0, 'unchanged audio is neither read nor hashed again');
  assert.ok(Math.abs(second.audioSeconds - first.audioSeconds) < 1e-9);
});

test('loaded features equal a direct computation on the loaded audio, region by region, in input order', async () => {
  const { fs, utts } = corpus();
  const computer = new FeatureComputer(config);
  for (const pass of ['computed', 'cached']) {
    const loaded = await loadFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0 });
    assert.equal(loaded.summary[pass === 'computed' ? 'computed' : 'cached'], 7, pass);
    assert.deepEqual(loaded.items.map((i) => i.utterance.id), utts.map((u) => u.id));
    for (const item of loaded.items) {
      const u = item.utterance;
      const samples = await loadAudio(fs, u.audioPath, u.start !== undefined || u.end !== undefined ? { start: u.start ?? 0, ...(u.end !== undefined ? { end: u.end } : {}) } : undefined);
      assert.deepEqual(item.matrix, computer.compute(samples), `${pass} ${u.id}`);
      assert.equal(item.speaker, u.speaker);
    }
  }
});

test('a changed file is recomputed, the others stay cached; the old entry is not served', async () => {
  const { fs, utts } = corpus();
  await run(fs, utts);
  fs.put(utts[1].audioPath, wav(0.4, 99), fs.clock + 60_000); // same size: only the content and mtime differ
  const again = await run(fs, utts);
  assert.deepEqual([again.computed, again.cached], [1, 6]);
  const loaded = await loadFeatures(fs, [utts[1]], { config, cacheDir: CACHE, workers: 0 });
  const fresh = new FeatureComputer(config).compute(await loadAudio(fs, utts[1].audioPath));
  assert.deepEqual(loaded.items[0].matrix, fresh);
});

test('a file rewritten within the mtime granularity of its hashing (same size and mtime) is hashed again', async () => {
  const { fs, utts } = corpus();
  const path = utts[0].audioPath;
  const now = Date.now();
  fs.put(path, wav(0.3, 0), now);
  await run(fs, utts);
  // Same length, same mtime, different content: only the racy-clean rule can notice.
  fs.put(path, wav(0.3, 42), now);
  const loaded = await loadFeatures(fs, [utts[0]], { config, cacheDir: CACHE, workers: 0 });
  assert.equal(loaded.summary.computed, 1);
  assert.deepEqual(loaded.items[0].matrix, new FeatureComputer(config).compute(await loadAudio(fs, path)));
});

test('a moved or touched file with the same content hits the cache (keys are content hashes)', async () => {
  const { fs, utts } = corpus();
  await run(fs, utts);
  const moved = { ...utts[2], audioPath: '/elsewhere/copy.wav' };
  fs.put(moved.audioPath, fs.files.get(utts[2].audioPath)!.data);
  fs.put(utts[0].audioPath, fs.files.get(utts[0].audioPath)!.data, fs.clock + 1000);
  const s = await run(fs, [moved, utts[0]]);
  assert.deepEqual([s.cached, s.computed], [2, 0]);
});

test('a changed config computes new entries and leaves the old ones valid', async () => {
  const { fs, utts } = corpus();
  await run(fs, utts);
  const mfcc: FeatureConfig = { ...config, kind: 'mfcc', deltaOrder: 2 };
  const s = await run(fs, utts, mfcc);
  assert.deepEqual([s.computed, s.cached], [7, 0]);
  assert.equal(entries(fs).length, 14);
  const back = await run(fs, utts);
  assert.deepEqual([back.computed, back.cached], [0, 7]);
  const loaded = await loadFeatures(fs, utts.slice(0, 1), { config: mfcc, cacheDir: CACHE, workers: 0 });
  assert.equal(loaded.items[0].matrix.dims, 60);
});

test('damaged cache entries are detected, reported, recomputed and rewritten', async () => {
  const { fs, utts } = corpus();
  await run(fs, utts);
  const paths = entries(fs).sort();
  const damage: [string, (b: Uint8Array) => Uint8Array][] = [
    ['truncated', (b) => b.slice(0, b.length - 100)],
    ['bad magic', (b) => Uint8Array.from(b, (v, i) => (i === 1 ? 0 : v))],
    ['checksum mismatch', (b) => Uint8Array.from(b, (v, i) => (i === b.length - 1 ? v ^ 0x10 : v))],
    ['wrong size', (b) => Uint8Array.from([...b, 1, 2, 3, 4])],
  ];
  damage.forEach(([, f], i) => fs.put(paths[i], f(fs.files.get(paths[i])!.data)));
  const events: FeatureEvent[] = [];
  for await (const e of extractFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0 })) events.push(e);
  const done = events.at(-1)!;
  assert.equal(done.type, 'done');
  if (done.type !== 'done') return;
  const s = done.summary;
  assert.deepEqual([s.computed, s.cached, s.failed], [4, 3, 0]);
  assert.equal(s.repaired.length, 4);
  assert.deepEqual(s.repaired.map((r) => r.file).sort(), paths.slice(0, 4));
  for (const [reason] of damage) assert.ok(s.repaired.some((r) => r.message.includes(reason)), `reported: ${reason}`);
  assert.equal(events.filter((e) => e.type === 'progress' && e.repaired).length, 4);
  for (const p of paths) assert.doesNotThrow(() => decodeEntry(p.slice(-69, -5), fs.files.get(p)!.data), p);
  const after = await run(fs, utts);
  assert.deepEqual([after.cached, after.repaired.length], [7, 0]);
});

test('an unreadable cache entry is recomputed; a damaged hash index is reported and rebuilt', async () => {
  const { fs, utts } = corpus();
  await run(fs, utts);
  const victim = entries(fs)[0];
  fs.failing.add(victim);
  fs.put(`${CACHE}/${AUDIO_INDEX_FILE}`, new TextEncoder().encode('{"format":"ser-audio-has'));
  const s = await run(fs, utts);
  assert.equal(s.failed, 0);
  assert.equal(s.computed, 1);
  assert.match(s.repaired[0].message, /unreadable/);
  assert.match(s.warnings[0].message, /audio hash index damaged/);
  fs.failing.clear();
  fs.reads.clear();
  const t = await run(fs, utts);
  assert.deepEqual([t.cached, t.warnings.length, audioReads(fs)], [7, 0, 0]);
});

test('bad files fail alone with the file and the problem; the rest is extracted', async () => {
  const { fs, utts } = corpus();
  fs.put('/data/garbage.wav', new TextEncoder().encode('this is not a wav file at all, just text'));
  const good = wav(0.5, 3);
  fs.put('/data/cut.wav', good.slice(0, 60));
  const bad: FeatureUtterance[] = [
    { id: 'missing', audioPath: '/data/missing.wav', speaker: 'x' },
    { id: 'garbage', audioPath: '/data/garbage.wav', speaker: 'x' },
    { id: 'cut', audioPath: '/data/cut.wav', speaker: 'x' },
    { id: 'late', audioPath: utts[0].audioPath, start: 30, speaker: 'x' },
  ];
  const all = [bad[0], ...utts.slice(0, 3), bad[1], bad[2], ...utts.slice(3), bad[3]];
  const events: FeatureEvent[] = [];
  for await (const e of extractFeatures(fs, all, { config, cacheDir: CACHE, workers: 0 })) events.push(e);
  const done = events.at(-1)!;
  if (done.type !== 'done') throw new Error('no summary');
  assert.deepEqual([done.summary.failed, done.summary.computed], [4, 7]);
  const byId = new Map(done.summary.errors.map((e) => [e.id, e]));
  assert.equal(byId.get('missing')!.file, '/data/missing.wav');
  assert.match(byId.get('missing')!.message, /not found/);
  assert.match(byId.get('garbage')!.message, /RIFF|WAV/i);
  assert.match(byId.get('cut')!.message, /truncated|ended|short/i);
  assert.match(byId.get('late')!.message, /after the end|region|starts/i);
  const errorEvents = events.filter((e) => e.type === 'progress' && e.error);
  assert.equal(errorEvents.length, 4);
  const loaded = await loadFeatures(fs, all, { config, cacheDir: CACHE, workers: 0 });
  assert.deepEqual(loaded.items.map((i) => i.utterance.id), utts.map((u) => u.id));
});

test('progress events count up to the total and the last one says done = total', async () => {
  const { fs, utts } = corpus();
  const progress = [];
  for await (const e of extractFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0, progressIntervalMs: 0 })) if (e.type === 'progress') progress.push(e);
  assert.equal(progress[0].done, 0);
  const last = progress.at(-1)!;
  assert.deepEqual([last.done, last.total, last.computed], [7, 7, 7]);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].done >= progress[i - 1].done);
  assert.ok(progress.some((p) => p.currentFile === '/data/long.wav'));
});

test('cancelling stops the job with CancelledError; what was written stays valid and is reused', async () => {
  const { fs, utts } = corpus();
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    (async () => {
      for await (const e of extractFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0, signal: controller.signal, progressIntervalMs: 0 })) {
        if (e.type === 'progress' && e.done >= 3) {
          seen = e.done;
          controller.abort();
        }
      }
    })(),
    CancelledError,
  );
  assert.ok(seen >= 3);
  const written = entries(fs);
  assert.ok(written.length >= 3 && written.length < 7, `${written.length} entries`);
  for (const p of written) assert.doesNotThrow(() => decodeEntry(p.slice(-69, -5), fs.files.get(p)!.data));
  const s = await run(fs, utts);
  assert.equal(s.cached, written.length);
  assert.equal(s.computed, 7 - written.length);
  await assert.rejects(finishFeatureJob(extractFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0, signal: AbortSignal.abort() })), CancelledError);
});

test('leaving the loop early stops the job', async () => {
  const { fs, utts } = corpus();
  for await (const e of extractFeatures(fs, utts, { config, cacheDir: CACHE, workers: 0, progressIntervalMs: 0 })) {
    if (e.type === 'progress' && e.done === 2) break;
  }
  // The two done, plus at most the calling thread's three tasks in flight, which finish; nothing new starts.
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(entries(fs).length <= 5, `${entries(fs).length}`);
});

test('thread workers need node:fs, and a worker script when asked for threads', async () => {
  const { fs, utts } = corpus();
  await assert.rejects(run2(fs, utts, 2), /workers: 0/);
  await assert.rejects(run2(fs, utts, -1), /whole number/);
  function run2(f: MemoryFileSystem, u: FeatureUtterance[], workers: number) {
    return finishFeatureJob(extractFeatures(f, u, { config, cacheDir: CACHE, workers }));
  }
});

test('a content change hidden from size and mtime is corrected in the index once noticed', async () => {
  const { fs, utts } = corpus();
  const u = utts[0];
  await run(fs, [u]);
  const old = fs.files.get(u.audioPath)!;
  // Same size, mtime put back: the index still trusts the old hash, so its entry would be served...
  fs.put(u.audioPath, wav(0.3, 77), old.mtimeMs);
  // ...unless the old entry is gone, in which case the bytes are read, found different, and the index fixed.
  for (const p of entries(fs)) await fs.remove(p);
  const first = await loadFeatures(fs, [u], { config, cacheDir: CACHE, workers: 0 });
  assert.equal(first.summary.computed, 1);
  const fresh = new FeatureComputer(config).compute(await loadAudio(fs, u.audioPath));
  assert.deepEqual(first.items[0].matrix, fresh);
  const second = await loadFeatures(fs, [u], { config, cacheDir: CACHE, workers: 0 });
  assert.equal(second.summary.cached, 1);
  assert.deepEqual(second.items[0].matrix, fresh);
});
