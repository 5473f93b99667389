/**
 * What the training dashboard knows about a run, folded from its TrainEvents: per variant and fold the loss and
 * validation curves, progress, results; the backend; feature extraction; log lines. Pure (no DOM), so the
 * arithmetic (curves, progress, remaining time) is unit-tested in plain Node.
 */
import type { BackendSummary, TrainEvent } from '../../shared/trainTypes';

export type Point = [x: number, y: number];

export interface FoldState {
  variant: string;
  fold: number;
  name: string;
  folds: number;
  sizes?: { train: number; validation: number; test: number };
  epochs: number;
  /** Epochs finished. */
  epoch: number;
  /** Steps into the current epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Per finished epoch (x = epoch number). */
  ce: Point[];
  contrastive: Point[];
  UA: Point[];
  WA: Point[];
  /** Step reports inside the current epoch (x = fractional epoch). */
  liveCe: Point[];
  liveContrastive: Point[];
  done?: { UA: number; WA: number; macroF1: number; bestEpoch: number; seconds: number; resumed: boolean };
}

/** Fraction of a fold that counts as started once its fold-start arrives (data preparation). */
const STARTED = 0.01;

export class TrainingModel {
  backend: BackendSummary | undefined;
  features: { done: number; total: number; cached: number; computed: number; failed: number } | undefined;
  readonly folds = new Map<string, FoldState>();
  /** Variants in the order they first appeared ('' = the plain run). */
  readonly variants: string[] = [];
  readonly logs: { level: 'info' | 'warn'; message: string }[] = [];
  /** Largest elapsedSeconds reported (the trainer's own clock). */
  elapsed = 0;

  apply(e: TrainEvent): void {
    switch (e.type) {
      case 'backend':
        this.backend = e.backend;
        return;
      case 'features':
        this.features = { done: e.done, total: e.total, cached: e.cached, computed: e.computed, failed: e.failed };
        return;
      case 'fold-start': {
        const f = this.fold(e.variant, e.fold, e.folds);
        f.name = e.name;
        f.sizes = { train: e.train, validation: e.validation, test: e.test };
        return;
      }
      case 'step':
      case 'epoch': {
        const f = this.fold(e.variant, e.fold);
        f.epochs = e.epochs;
        f.stepsPerEpoch = e.stepsPerEpoch;
        this.elapsed = Math.max(this.elapsed, e.elapsedSeconds);
        if (e.type === 'step') {
          const x = e.epoch - 1 + e.step / Math.max(1, e.stepsPerEpoch);
          if (e.epoch - 1 !== f.epoch) {
            f.liveCe = [];
            f.liveContrastive = [];
          }
          f.step = e.step;
          f.liveCe.push([x, e.ce]);
          f.liveContrastive.push([x, e.contrastive]);
          return;
        }
        // A resumed run may repeat an epoch: the later report replaces the earlier.
        const put = (series: Point[], y: number): void => {
          const k = series.findIndex((p) => p[0] === e.epoch);
          if (k >= 0) series.splice(k);
          series.push([e.epoch, y]);
        };
        put(f.ce, e.ce);
        put(f.contrastive, e.contrastive);
        if (e.validation) {
          put(f.UA, e.validation.UA);
          put(f.WA, e.validation.WA);
        }
        f.epoch = e.epoch;
        f.step = 0;
        f.liveCe = [];
        f.liveContrastive = [];
        return;
      }
      case 'fold-done': {
        const f = this.fold(e.variant, e.fold);
        f.name = e.name;
        f.done = { UA: e.UA, WA: e.WA, macroF1: e.macroF1, bestEpoch: e.bestEpoch, seconds: e.seconds, resumed: e.resumed };
        f.liveCe = [];
        f.liveContrastive = [];
        return;
      }
      case 'log':
        this.logs.push({ level: e.level, message: e.message });
        if (this.logs.length > 200) this.logs.shift();
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** Folds of `variant` in fold order. */
  foldsOf(variant: string): FoldState[] {
    return [...this.folds.values()].filter((f) => f.variant === variant).sort((a, b) => a.fold - b.fold);
  }

  /**
   * Share of the work done, 0..1, over the variants seen so far: each fold counts equally, a finished one fully,
   * a running one by epochs and steps done of its planned epochs (early stopping only makes the end come sooner).
   */
  progress(): number {
    if (this.variants.length === 0) return 0;
    let done = 0;
    let total = 0;
    for (const v of this.variants) {
      const folds = this.foldsOf(v);
      const count = Math.max(folds.length, ...folds.map((f) => f.folds));
      total += count;
      for (const f of folds) {
        if (f.done) done += 1;
        else if (f.epochs > 0) done += Math.min(1, (f.epoch + f.step / Math.max(1, f.stepsPerEpoch)) / f.epochs);
        else done += STARTED;
      }
    }
    return total > 0 ? Math.min(1, done / total) : 0;
  }

  /** Seconds left at the pace so far, from `elapsed` seconds; undefined until there is a pace to go by. */
  remaining(elapsed: number): number | undefined {
    const p = this.progress();
    if (p < 0.02 || elapsed <= 0) return undefined;
    return (elapsed * (1 - p)) / p;
  }

  private fold(variant: string | undefined, fold: number, folds?: number): FoldState {
    const v = variant ?? '';
    const key = `${v}\n${fold}`;
    let f = this.folds.get(key);
    if (!f) {
      if (!this.variants.includes(v)) this.variants.push(v);
      f = { variant: v, fold, name: `fold ${fold + 1}`, folds: folds ?? 1, epochs: 0, epoch: 0, step: 0, stepsPerEpoch: 1, ce: [], contrastive: [], UA: [], WA: [], liveCe: [], liveContrastive: [] };
      this.folds.set(key, f);
    }
    if (folds !== undefined) f.folds = folds;
    return f;
  }
}
