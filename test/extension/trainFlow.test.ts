// Train Model / Evaluate / Retrain as the editor runs them: a new run folder each time, progress and dashboard
// events, the current run switched only on success, cancel leaving the previous run in place, the retrain
// comparison; and a real cancel of the engine's evaluation in the worker's handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RpcError } from '../../src/shared/rpc';
import type { EvalSummary, TrainEvent } from '../../src/shared/trainTypes';
import type { EngineApi } from '../../src/extension/core/datasetService';
import { DatasetService } from '../../src/extension/core/datasetService';
import { BusyError, JobRunner } from '../../src/extension/core/jobRunner';
import { comparisonReport, newRunDir, runTraining, TrainProgress, type TrainDeps, type TrainingSink } from '../../src/extension/core/trainFlow';
import { writeInspectFixture, SUSPECT } from '../engine/inspect/inspectFixture';
import { immediateProgress, inProcessEngine, MemoryLog, MemoryState, settingsWith } from './helpers';

const CLASSES = ['ang', 'hap', 'neu', 'sad'];

function metrics(ua: number): EvalSummary['metrics'] {
  const h = { WA: ua + 1, UA: ua, macroF1: ua - 1 };
  return { ...h, std: { WA: 1, UA: 1, macroF1: 1 }, pooled: h, classes: CLASSES, confusion: CLASSES.map(() => CLASSES.map(() => 1)), folds: [], protocol: 'loso-session' };
}

class RecordingSink implements TrainingSink {
  readonly calls: string[] = [];
  readonly events: TrainEvent[] = [];
  startedAt: number | undefined;
  start(run: { title: string; runDir: string; startedAt: number }): void {
    this.calls.push(`start ${run.title}`);
    this.startedAt = run.startedAt;
  }
  post(e: TrainEvent): void {
    this.events.push(e);
  }
  finish(): void {
    this.calls.push('finish');
  }
  fail(message: string, cancelled: boolean): void {
    this.calls.push(`fail ${cancelled ? 'cancelled' : message}`);
  }
}

/** A jobs engine whose evaluate reports a few events and writes `source`'s run files into the run folder. */
function scriptedJobs(source: () => string, opts: { waitForCancel?: boolean } = {}): EngineApi & { params: unknown[] } {
  const params: unknown[] = [];
  return {
    params,
    request: (async (method: string, p: { runDir: string }, o: { signal?: AbortSignal; onProgress?: (e: TrainEvent) => void } = {}) => {
      params.push({ method, ...p });
      const emit = (e: TrainEvent) => o.onProgress?.(e);
      emit({ type: 'backend', backend: { name: 'wasm', device: 'WASM', detail: 'wasm simd' } });
      emit({ type: 'fold-start', fold: 0, folds: 2, name: 'Ses01', train: 5, validation: 1, test: 3 });
      emit({ type: 'epoch', fold: 0, epoch: 1, epochs: 2, step: 4, stepsPerEpoch: 4, ce: 1.2, contrastive: 0.3, elapsedSeconds: 1, validation: { UA: 40, WA: 41 } });
      if (opts.waitForCancel) {
        if (!o.signal?.aborted) await new Promise<void>((resolve) => o.signal?.addEventListener('abort', () => resolve()));
        throw new RpcError('cancelled', `${method} was cancelled`);
      }
      if (method === 'train') return { runDir: p.runDir, backend: { name: 'wasm', device: 'WASM', detail: '' }, classes: CLASSES, bestEpoch: 1, epochsRun: 2, seconds: 1, errors: [] };
      await cp(source(), p.runDir, { recursive: true });
      return { runDir: p.runDir, backend: { name: 'wasm', device: 'WASM', detail: 'wasm simd' }, metrics: metrics(60), seconds: 3, errors: [] } satisfies EvalSummary;
    }) as EngineApi['request'],
  };
}

async function setup(t: { after(fn: () => unknown): void }, jobsEngine: (fx: Awaited<ReturnType<typeof writeInspectFixture>>) => EngineApi, opts: { cancelAfter?: number; finalModel?: boolean } = {}) {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const engine = inProcessEngine();
  t.after(engine.stop);
  const settings = () => settingsWith({ training: { finalModel: opts.finalModel ?? false, epochs: 2 }, neighbours: 3 });
  const log = new MemoryLog();
  const service = new DatasetService(engine, new MemoryState(), log, settings, async () => 'ana');
  const m = await service.open(fx.root);
  const sink = new RecordingSink();
  const progress = immediateProgress(opts.cancelAfter !== undefined ? { cancelAfter: opts.cancelAfter } : {});
  const backends: string[] = [];
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const deps: TrainDeps = {
    jobsEngine: jobsEngine(fx),
    service,
    jobs: new JobRunner(progress),
    settings,
    configFile: async () => undefined,
    sink,
    log,
    onBackend: (b) => backends.push(b.device),
    now: () => new Date((clock += 1000)),
  };
  return { fx, m, service, deps, sink, progress, backends, log };
}

test('Train Model: a new run folder, progress and dashboard events, the new run becomes current, then the final model', async (t) => {
  const { fx, m, service, deps, sink, progress, backends } = await setup(t, (fx) => scriptedJobs(() => fx.runDir), { finalModel: true });
  const before = Date.now();
  const out = await runTraining(deps, 'train');
  // The dashboard counts elapsed time from when the run started, whenever it is opened.
  assert.ok(sink.startedAt !== undefined && sink.startedAt >= before && sink.startedAt <= Date.now(), `startedAt ${sink.startedAt}`);
  assert.match(out.runDir, /[/\\]\.ser[/\\]runs[/\\]train-20260301-100001$/);
  assert.equal(service.runOf(m.root), out.runDir);
  assert.equal(m.overlay?.run.runDir, out.runDir);
  assert.equal(m.prediction(SUSPECT)?.predicted, 'hap');
  assert.ok(out.final, 'a final model was trained after the cross-validation');
  const jobs = (deps.jobsEngine as unknown as { params: { method: string; runDir: string; config: unknown }[] }).params;
  assert.deepEqual(jobs.map((p) => p.method), ['evaluate', 'train']);
  assert.equal(jobs[1].runDir, join(out.runDir, 'final'));
  assert.deepEqual(jobs[0].config, { epochs: 2 });
  assert.deepEqual(backends, ['WASM']);
  assert.deepEqual(sink.calls, [`start Train ${m.root.split(/[/\\]/).pop()}`, 'finish']);
  assert.ok(sink.events.some((e) => e.type === 'epoch'));
  assert.ok(progress.reports.some((r) => /epoch 1\/2 · validation UA 40\.0%/.test(r.message)));
  const fractions = progress.reports.filter((r) => r.fraction !== undefined).map((r) => r.fraction!);
  assert.deepEqual([...fractions].sort((a, b) => a - b), fractions, 'progress only moves forward');
  void fx;
});

test('cancel: the engine is told, the dashboard says cancelled, the previous run stays current', async (t) => {
  const { fx, m, service, deps, sink } = await setup(t, () => scriptedJobs(() => '', { waitForCancel: true }), { cancelAfter: 2 });
  await service.setRun(m.root, fx.runDir);
  await assert.rejects(runTraining(deps, 'train'), (err: RpcError) => err.code === 'cancelled');
  assert.equal(service.runOf(m.root), fx.runDir);
  assert.equal(m.overlay?.run.runDir, fx.runDir);
  assert.equal(sink.calls.at(-1), 'fail cancelled');
  assert.equal(deps.jobs.running, undefined);
});

test('one job at a time: a second one is refused while the first runs', async () => {
  let release!: () => void;
  const jobs = new JobRunner(immediateProgress());
  const first = jobs.run('a', 'A', () => new Promise<void>((r) => (release = r)));
  await assert.rejects(jobs.run('b', 'B', async () => undefined), (e: BusyError) => e instanceof BusyError && e.running.title === 'A');
  assert.equal(jobs.cancel(), true);
  assert.equal(jobs.running?.controller.signal.aborted, true);
  release();
  await first;
  assert.equal(jobs.running, undefined);
  assert.equal(jobs.cancel(), false);
});

test('Retrain with Corrections: same config and protocol as the current run, then the comparison', async (t) => {
  let source = '';
  const { fx, m, service, deps } = await setup(t, () => scriptedJobs(() => source));
  await service.setRun(m.root, fx.runDir);
  await service.setLabel(m.root, SUSPECT, 'hap');
  const retrained = await writeInspectFixture('retrained', fx);
  source = retrained.runDir;
  const out = await runTraining(deps, 'retrain');
  assert.match(out.runDir, /retrain-/);
  assert.equal(out.previousRun, fx.runDir);
  assert.equal(service.runOf(m.root), out.runDir);
  const c = out.comparison!;
  assert.ok(c);
  assert.equal(c.delta.UA, 62.25 - 58);
  const gone = c.disappeared.find((x) => x.id === SUSPECT);
  assert.ok(gone?.relabelled, 'the corrected suspect disappeared because it was relabelled');
  const report = comparisonReport(c, 'demo');
  assert.match(report.line, /^UA 58\.00 → 62\.25 \(\+4\.25\)/);
  assert.match(report.markdown, new RegExp(`\\| ${SUSPECT} \\| 1 \\| – \\| neu \\| hap \\(relabelled\\) \\|`));
  // The report is a file in the new run's folder (opened from there: nothing asks to be saved).
  assert.equal(out.report?.file, join(out.runDir, 'comparison.md'));
  assert.equal(await readFile(out.report.file, 'utf8'), comparisonReport(c, basename(m.root)).markdown);
  assert.equal(out.report.line, comparisonReport(c, basename(m.root)).line);
});

test('retrain needs a current run to compare against', async (t) => {
  const { deps } = await setup(t, () => scriptedJobs(() => ''));
  await assert.rejects(runTraining(deps, 'retrain'), /compares against the current run/);
});

test('progress: features first, then folds x epochs; resumed folds count as done', () => {
  const p = new TrainProgress();
  p.add({ type: 'features', done: 5, total: 10, cached: 0, computed: 5, failed: 0 });
  assert.equal(p.fraction, 0.05);
  p.add({ type: 'fold-start', fold: 0, folds: 2, name: 'a', train: 1, validation: 1, test: 1 });
  p.add({ type: 'fold-start', fold: 1, folds: 2, name: 'b', train: 1, validation: 1, test: 1 });
  p.add({ type: 'step', fold: 0, epoch: 1, epochs: 4, step: 2, stepsPerEpoch: 4, ce: 1, contrastive: 0, elapsedSeconds: 1 });
  assert.ok(Math.abs(p.fraction - (0.1 + 0.9 * (0.5 / 4) / 2)) < 1e-9);
  p.add({ type: 'fold-done', fold: 1, name: 'b', UA: 50, WA: 50, macroF1: 50, bestEpoch: 2, seconds: 1, resumed: true });
  assert.ok(Math.abs(p.fraction - (0.1 + 0.9 * (0.125 + 1) / 2)) < 1e-9);
  assert.match(p.message, /kept from the cancelled run/);
  assert.equal(newRunDir('/d', 'eval', new Date('2026-05-06T07:08:09.123Z')), join('/d', '.ser', 'runs', 'eval-20260506-070809'));
});

test('a real evaluation in the worker handlers is cancelled promptly and leaves the current run alone', async (t) => {
  process.env.SER_BACKEND = 'cpu';
  t.after(() => delete process.env.SER_BACKEND);
  const { fx, m, service, deps } = await setup(t, () => inProcessEngine(), { cancelAfter: 3 });
  await service.setRun(m.root, fx.runDir);
  const started = Date.now();
  await assert.rejects(runTraining(deps, 'evaluate', { protocol: 'loso-speaker' }), (err: { code?: string }) => err.code === 'cancelled');
  assert.ok(Date.now() - started < 60_000);
  assert.equal(service.runOf(m.root), fx.runDir);
  // If the engine got as far as claiming the run folder, it says the run was cancelled (and can be resumed).
  const runDir = newRunDir(m.root, 'eval', new Date(Date.parse('2026-03-01T10:00:01Z')));
  const info = await stat(join(runDir, 'run.json')).then(() => readFile(join(runDir, 'run.json'), 'utf8'), () => undefined);
  if (info) assert.equal(JSON.parse(info).status, 'cancelled');
});
