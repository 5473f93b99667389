/**
 * Train Model, Evaluate and Retrain with Corrections as the editor runs them.
 *
 * What users expect of "Train Model" in a labelling tool is a model whose opinion they can review: that needs a
 * prediction for every utterance from a model that never heard its speaker. So Train Model runs the
 * speaker-independent cross-validation (out-of-fold predictions: suspects, map, UA/WA) and then, by default
 * (ser.training.finalModel), one model on all speakers into <run>/final for `ser predict`. Evaluate runs the
 * cross-validation alone with a chosen protocol. Retrain with Corrections repeats the current run's config and
 * protocol (so the folds are the same) on today's effective labels and reports what changed.
 *
 * Every run goes to a new folder under <dataset>/.ser/runs; the dataset's current run changes only when the new
 * one completes, so a cancelled or failed run leaves the previous one in place (the engine keeps finished folds
 * of the cancelled one, and running it again resumes them).
 */
import * as path from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { EvalSummary, EvalProtocol, TrainEvent, TrainSummary, BackendSummary } from '../../shared/trainTypes';
import type { WireRetrainComparison } from '../../shared/protocol';
import type { DatasetService, EngineApi, Logger } from './datasetService';
import type { JobRunner, Report } from './jobRunner';
import { trainConfig, type SerSettings } from './settings';

export type TrainKind = 'train' | 'evaluate' | 'retrain';

/** Where the training events go besides the progress notification (the training dashboard). */
export interface TrainingSink {
  /** `startedAt`: when the run started, ms since the epoch. */
  start(run: { title: string; kind: 'train' | 'evaluate'; runDir: string; startedAt: number; onCancel: () => void }): void;
  post(event: TrainEvent): void;
  finish(result: { kind: 'evaluate'; summary: EvalSummary } | { kind: 'train'; summary: TrainSummary }): void;
  fail(message: string, cancelled: boolean): void;
}

export interface TrainDeps {
  /** The engine process that runs long jobs. */
  jobsEngine: EngineApi;
  service: DatasetService;
  jobs: JobRunner;
  settings(): SerSettings;
  /** The training config file's content (ser.training.configFile), undefined when none is set. */
  configFile(): Promise<Record<string, unknown> | undefined>;
  sink: TrainingSink;
  log: Logger;
  /** The backend the engine picked, as soon as it is known (status bar, native-setup suggestion). */
  onBackend(backend: BackendSummary): void;
  now?: () => Date;
}

export interface TrainOutcome {
  runDir: string;
  summary: EvalSummary;
  final?: TrainSummary;
  comparison?: WireRetrainComparison;
  /** Retrain: the comparison report; `file` is <runDir>/comparison.md, absent when it could not be written. */
  report?: { line: string; markdown: string; file?: string };
  previousRun?: string;
}

/** The retrain report's file in the new run's folder: it stays with the run and opens without an unsaved editor. */
export const COMPARISON_REPORT = 'comparison.md';

/** <dataset>/.ser/runs/<kind>-<yyyymmdd>-<hhmmss>. */
export function newRunDir(root: string, kind: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join(root, '.ser', 'runs', `${kind}-${stamp}`);
}

/** Folds x epochs done, as a fraction, from the training events seen so far. */
export class TrainProgress {
  private readonly epochs = new Map<string, number>();
  private folds = 0;
  private epochsPerFold = 0;
  private variants = new Set<string>();
  private featuresFraction = 0;
  message = 'starting';

  add(e: TrainEvent): void {
    const key = (fold: number, variant?: string) => `${variant ?? ''}#${fold}`;
    switch (e.type) {
      case 'backend':
        this.message = `on ${e.backend.name} (${e.backend.device})`;
        return;
      case 'features':
        this.featuresFraction = e.total ? e.done / e.total : 1;
        this.message = `features ${e.done}/${e.total}${e.failed ? ` (${e.failed} failed)` : ''}`;
        return;
      case 'fold-start':
        this.folds = Math.max(this.folds, e.folds);
        this.variants.add(e.variant ?? '');
        this.epochs.set(key(e.fold, e.variant), this.epochs.get(key(e.fold, e.variant)) ?? 0);
        this.message = `fold ${e.fold + 1}/${e.folds} (${e.name}) started`;
        return;
      case 'epoch':
      case 'step': {
        this.epochsPerFold = Math.max(this.epochsPerFold, e.epochs);
        const done = e.type === 'epoch' ? e.epoch : e.epoch - 1 + e.step / Math.max(1, e.stepsPerEpoch);
        this.epochs.set(key(e.fold, e.variant), Math.max(this.epochs.get(key(e.fold, e.variant)) ?? 0, done));
        const v = e.validation ? ` · validation UA ${e.validation.UA.toFixed(1)}%` : '';
        this.message = `${this.folds > 1 ? `fold ${e.fold + 1}/${this.folds} · ` : ''}epoch ${e.epoch}/${e.epochs}${v}`;
        return;
      }
      case 'fold-done':
        this.epochs.set(key(e.fold, e.variant), Number.POSITIVE_INFINITY);
        this.message = `fold ${e.name} done: UA ${e.UA.toFixed(1)}%${e.resumed ? ' (kept from the cancelled run)' : ''}`;
        return;
      case 'log':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** 0..1: features count for the first 10 %, folds x epochs for the rest (early stopping ends a fold early). */
  get fraction(): number {
    const folds = Math.max(1, this.folds) * Math.max(1, this.variants.size);
    if (this.epochsPerFold === 0) return 0.1 * this.featuresFraction;
    let done = 0;
    for (const v of this.epochs.values()) done += Math.min(1, v / this.epochsPerFold);
    return 0.1 + 0.9 * Math.min(1, done / folds);
  }
}

const TITLES: Record<TrainKind, string> = {
  train: 'SER: Training',
  evaluate: 'SER: Evaluating (speaker-independent)',
  retrain: 'SER: Retraining with corrections',
};

/** Runs one of the three on the active dataset; see the file comment. */
export async function runTraining(deps: TrainDeps, kind: TrainKind, options: { protocol?: EvalProtocol } = {}): Promise<TrainOutcome> {
  const model = deps.service.active();
  if (!model) throw new Error('no dataset is open: run "SER: Open Dataset..." first');
  const root = model.root;
  const s = deps.settings();
  const previousRun = deps.service.runOf(root);
  const previous = model.overlay;
  let config: Record<string, unknown>;
  let protocol: EvalProtocol | undefined = options.protocol ?? (s.protocol === 'auto' ? undefined : s.protocol);
  if (kind === 'retrain') {
    if (!previousRun || !previous) throw new Error('Retrain with Corrections compares against the current run: train a model or open a run first');
    if (!previous.run.hasPredictions) throw new Error(`the current run ${previousRun} has no out-of-fold predictions to compare against`);
    // The same config and protocol give the same folds, so differences come from the labels.
    config = (previous.run.config as Record<string, unknown> | undefined) ?? trainConfig(s, await deps.configFile());
    protocol = (previous.run.protocol as EvalProtocol | undefined) ?? protocol;
  } else {
    config = trainConfig(s, await deps.configFile());
  }
  const now = deps.now?.() ?? new Date();
  const runDir = newRunDir(root, kind === 'train' ? 'train' : kind === 'evaluate' ? 'eval' : 'retrain', now);
  const selection = deps.service.selection(root);
  const title = `${TITLES[kind]} ${path.basename(root)}`;
  return deps.jobs.run(kind, title, async (signal, report, job) => {
    const progress = new TrainProgress();
    const started = Date.now();
    deps.sink.start({ title: `${kind === 'evaluate' ? 'Evaluate' : kind === 'retrain' ? 'Retrain' : 'Train'} ${path.basename(root)}`, kind: 'evaluate', runDir, startedAt: started, onCancel: () => job.controller.abort() });
    deps.log.info(`${kind}: ${runDir} (config ${JSON.stringify(config)}${protocol ? `, ${protocol}` : ''})`);
    const onEvent = (e: TrainEvent, share: [number, number]) => {
      progress.add(e);
      deps.sink.post(e);
      if (e.type === 'backend') deps.onBackend(e.backend);
      if (e.type === 'log') (e.level === 'warn' ? deps.log.warn : deps.log.info)(`engine: ${e.message}`);
      if (e.type === 'fold-done') deps.log.info(`fold ${e.name}: UA ${e.UA.toFixed(2)} WA ${e.WA.toFixed(2)} best epoch ${e.bestEpoch} in ${e.seconds.toFixed(1)} s${e.resumed ? ' (resumed)' : ''}`);
      reportShare(report, progress, share);
    };
    let summary: EvalSummary;
    try {
      const withFinal = kind === 'train' && s.training.finalModel;
      summary = await deps.jobsEngine.request(
        'evaluate',
        { ...selection, runDir, config, configSource: 'SER Studio settings', backend: s.backend, ...(protocol ? { protocol } : {}), ...(s.parallelFolds > 0 ? { jobs: s.parallelFolds } : {}) },
        { signal, onProgress: (e) => onEvent(e, withFinal ? [0, 0.8] : [0, 1]) },
      );
      deps.log.info(`${kind}: ${summary.metrics.protocol}, UA ${summary.metrics.UA.toFixed(2)} ± ${summary.metrics.std.UA.toFixed(2)}, WA ${summary.metrics.WA.toFixed(2)} ± ${summary.metrics.std.WA.toFixed(2)} in ${summary.seconds.toFixed(1)} s on ${summary.backend.name}`);
      let final: TrainSummary | undefined;
      if (withFinal) {
        const finalProgress = new TrainProgress();
        final = await deps.jobsEngine.request(
          'train',
          { ...selection, runDir: path.join(runDir, 'final'), config, configSource: 'SER Studio settings', backend: s.backend },
          {
            signal,
            onProgress: (e) => {
              finalProgress.add(e);
              if (e.type === 'log') deps.log.info(`engine: ${e.message}`);
              report(`final model: ${finalProgress.message}`, 0.8 + 0.2 * finalProgress.fraction);
            },
          },
        );
        deps.log.info(`final model: best epoch ${final.bestEpoch} of ${final.epochsRun} in ${final.seconds.toFixed(1)} s`);
      }
      deps.sink.finish({ kind: 'evaluate', summary });
      report('loading the new run');
      await deps.service.setRun(root, runDir);
      const outcome: TrainOutcome = { runDir, summary, ...(final ? { final } : {}), ...(previousRun ? { previousRun } : {}) };
      if (kind === 'retrain' && previousRun) {
        report('comparing with the previous run');
        outcome.comparison = await deps.service.compareRuns(root, previousRun);
        const r = comparisonReport(outcome.comparison, path.basename(root));
        const file = path.join(runDir, COMPARISON_REPORT);
        try {
          await writeFile(file, r.markdown);
          outcome.report = { ...r, file };
        } catch (err) {
          // The run itself is complete and current; the report can still be shown unsaved.
          deps.log.warn(`retrain: could not write the report ${file}: ${(err as Error).message}`);
          outcome.report = r;
        }
      }
      deps.log.info(`${kind}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return outcome;
    } catch (err) {
      const cancelled = signal.aborted;
      deps.sink.fail(cancelled ? 'cancelled; the previous run is unchanged and running the same command again resumes the finished folds' : (err as Error).message, cancelled);
      deps.log[cancelled ? 'info' : 'error'](`${kind}: ${cancelled ? 'cancelled' : `failed: ${(err as Error).message}`} after ${((Date.now() - started) / 1000).toFixed(1)} s; current run stays ${previousRun ?? '(none)'}`);
      throw err;
    }
  });
}

function reportShare(report: Report, p: TrainProgress, [from, to]: [number, number]): void {
  report(p.message, from + (to - from) * p.fraction);
}

/** The retrain report, in Markdown (opened as a preview) and one line for the notification. */
export function comparisonReport(c: WireRetrainComparison, datasetName: string): { line: string; markdown: string } {
  const num = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));
  const signed = (x: number | undefined) => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
  const b = c.before.metrics ?? {};
  const a = c.after.metrics ?? {};
  const relabelled = c.disappeared.filter((x) => x.relabelled).length;
  const line = `UA ${num(b.UA)} → ${num(a.UA)} (${signed(c.delta.UA)}), WA ${num(b.WA)} → ${num(a.WA)} (${signed(c.delta.WA)}); suspects: ${c.disappeared.length} gone (${relabelled} relabelled), ${c.remained.length} remain, ${c.appeared.length} new${c.sameFolds ? '' : ' — folds differ, compare with care'}`;
  const rows = (list: WireRetrainComparison['disappeared']) =>
    list.length === 0
      ? ['_none_']
      : ['| utterance | rank before | rank after | label before | label after |', '|---|---|---|---|---|', ...list.map((x) => `| ${x.id} | ${x.before ?? '–'} | ${x.after ?? '–'} | ${x.labelBefore ?? '–'} | ${x.labelAfter ?? '–'}${x.relabelled ? ' (relabelled)' : ''} |`)];
  const md = [
    `# Retrain with corrections: ${datasetName}`,
    '',
    `Before: \`${c.before.runDir}\`  `,
    `After: \`${c.after.runDir}\``,
    '',
    '| metric (mean over folds, %) | before | after | change |',
    '|---|---|---|---|',
    `| UA | ${num(b.UA)} | ${num(a.UA)} | ${signed(c.delta.UA)} |`,
    `| WA | ${num(b.WA)} | ${num(a.WA)} | ${signed(c.delta.WA)} |`,
    `| macro-F1 | ${num(b.macroF1)} | ${num(a.macroF1)} | ${signed(c.delta.macroF1)} |`,
    '',
    c.sameFolds
      ? 'Both runs used the same folds, utterance by utterance: the change comes from the labels.'
      : `**The folds differ** for ${c.foldMismatches.length} utterance(s) (e.g. ${c.foldMismatches.slice(0, 5).join(', ')}): part of the change may come from the split.`,
    c.onlyBefore || c.onlyAfter ? `${c.onlyBefore} utterance(s) only in the earlier run, ${c.onlyAfter} only in the new one (labels moved in or out of the class map).` : '',
    '',
    `## Suspects that disappeared (${c.disappeared.length}, ${relabelled} of them relabelled)`,
    ...rows(c.disappeared),
    '',
    `## Suspects that remain (${c.remained.length})`,
    ...rows(c.remained),
    '',
    `## New suspects (${c.appeared.length})`,
    ...rows(c.appeared),
    '',
  ];
  return { line, markdown: md.join('\n') };
}
