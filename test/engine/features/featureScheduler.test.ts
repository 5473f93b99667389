// The scheduler's memory and ordering contract, watched through a fake executor: however many utterances, only
// executor.capacity are ever in flight, extract mode never asks for matrices back, and a file nobody has hashed
// yet is hashed by one task while the others of that file wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_CONFIG } from '../../../src/engine/features/featureConfig';
import { runFeatureJob, type ExecutorFactory } from '../../../src/engine/features/featureJob';
import type { FeatureTask, TaskOutcome } from '../../../src/engine/features/featureTask';
import type { TaskExecutor } from '../../../src/engine/features/taskExecutor';
import { extractFeatures, finishFeatureJob, type FeatureUtterance } from '../../../src/engine/features/extractFeatures';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { MemoryFileSystem } from '../../fixtures/memoryFileSystem';
import { Prng } from '../../../src/engine/demo/prng';
import { noise } from './referenceFeatures';

class FakeExecutor implements TaskExecutor {
  threads = 2;
  mainThread = true;
  inFlight = 0;
  maxInFlight = 0;
  readonly seen: FeatureTask[] = [];
  /** Paths being hashed right now (tasks without a `known` hash). */
  readonly hashingNow = new Map<string, number>();
  maxHashingSamePath = 0;
  closed = false;
  private readonly delay: () => number;

  constructor(readonly capacity: number, seed = 1) {
    const r = new Prng(seed);
    this.delay = () => r.int(3);
  }

  async run(task: FeatureTask): Promise<TaskOutcome> {
    this.seen.push(task);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (!task.known) {
      const n = (this.hashingNow.get(task.audioPath) ?? 0) + 1;
      this.hashingNow.set(task.audioPath, n);
      this.maxHashingSamePath = Math.max(this.maxHashingSamePath, n);
    }
    for (let i = this.delay(); i > 0; i--) await new Promise((r) => setImmediate(r));
    this.inFlight--;
    if (!task.known) this.hashingNow.set(task.audioPath, this.hashingNow.get(task.audioPath)! - 1);
    return {
      index: task.index,
      status: 'computed',
      samples: 16000,
      ...(task.keep ? { matrix: { frames: 1, dims: 1, data: Float32Array.of(task.index) } } : {}),
      hashed: { size: 100, mtimeMs: 0, hash: 'f'.repeat(64), readAtMs: Date.now() },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const options = { config: { ...DEFAULT_FEATURE_CONFIG }, cacheDir: '/cache' };

function factory(ex: FakeExecutor): ExecutorFactory {
  return async () => ex;
}

test('100k utterances: never more than capacity in flight, no matrices requested or held in extract mode', async () => {
  const utts: FeatureUtterance[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `u${i}`, audioPath: `/d/${i}.wav`, speaker: `s${i % 10}` }));
  const ex = new FakeExecutor(6);
  let events = 0;
  const summary = await finishFeatureJob(runFeatureJob(new MemoryFileSystem(), utts, options, undefined, factory(ex)), () => events++);
  assert.deepEqual([summary.total, summary.computed, summary.failed], [100_000, 100_000, 0]);
  assert.equal(ex.maxInFlight, 6);
  assert.ok(ex.seen.every((t) => !t.keep), 'extract mode never asks for features back');
  assert.ok(events < 1000, `progress is throttled (${events} events)`);
  assert.ok(ex.closed);
  assert.equal(summary.audioSeconds, 100_000);
});

test('load mode delivers every matrix to the sink, in any completion order', async () => {
  const utts: FeatureUtterance[] = Array.from({ length: 500 }, (_, i) => ({ id: `u${i}`, audioPath: `/d/${i}.wav`, speaker: 's' }));
  const ex = new FakeExecutor(4, 7);
  const got = new Map<number, number>();
  await finishFeatureJob(runFeatureJob(new MemoryFileSystem(), utts, options, (i, m) => got.set(i, m.data[0]), factory(ex)));
  assert.equal(got.size, 500);
  for (const [i, v] of got) assert.equal(v, i);
  assert.ok(ex.maxInFlight <= 4);
});

test('regions of one unhashed file wait for the first task to hash it, then run with its hash', async () => {
  const utts: FeatureUtterance[] = [
    ...Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, audioPath: '/d/session.wav', start: i, end: i + 1, speaker: 's' })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, audioPath: `/d/${i}.wav`, speaker: 's' })),
  ];
  const ex = new FakeExecutor(4, 3);
  const summary = await finishFeatureJob(runFeatureJob(new MemoryFileSystem(), utts, options, undefined, factory(ex)));
  assert.equal(summary.computed, 60);
  assert.equal(ex.maxHashingSamePath, 1);
  const sessionTasks = ex.seen.filter((t) => t.audioPath === '/d/session.wav');
  assert.equal(sessionTasks.filter((t) => !t.known).length, 1, 'the session file is hashed once');
  assert.equal(ex.seen.length, 60);
});

test('an executor failure ends the job with that error, and the executor is closed', async () => {
  const ex = new FakeExecutor(2);
  ex.run = async () => {
    throw new Error('pool gave up');
  };
  const utts = [{ id: 'a', audioPath: '/a.wav', speaker: 's' }];
  await assert.rejects(finishFeatureJob(runFeatureJob(new MemoryFileSystem(), utts, options, undefined, factory(ex))), /pool gave up/);
  assert.ok(ex.closed);
});

test('with threads, cached utterances of known files are answered in the calling thread and start no thread', async () => {
  const fs = new MemoryFileSystem();
  const utts: FeatureUtterance[] = Array.from({ length: 6 }, (_, i) => ({ id: `u${i}`, audioPath: `/d/${i}.wav`, speaker: 's' }));
  utts.forEach((u, i) => fs.put(u.audioPath, encodeWav([noise(4000, i)], 16000)));
  await finishFeatureJob(extractFeatures(fs, utts, { ...options, workers: 0 }));
  // One file changes: only it reaches the executor.
  fs.put(utts[2].audioPath, encodeWav([noise(4000, 99)], 16000), fs.clock + 5000);
  const ex = new FakeExecutor(4);
  ex.mainThread = false;
  const summary = await finishFeatureJob(runFeatureJob(fs, utts, options, undefined, factory(ex)));
  assert.deepEqual(ex.seen.map((t) => t.audioPath), ['/d/2.wav']);
  assert.deepEqual([summary.cached, summary.computed], [5, 1]);
});
