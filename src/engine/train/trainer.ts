/**
 * The training loop of one model: cross-entropy + lambda x contrastive (Huang et al. 2018) on class-balanced
 * batches of random crops, AdamW with warm-up and cosine decay and a moving average of the weights, validation UA
 * every epoch, early stopping (after a minimum of epochs) that keeps the best epoch's averaged weights. It is an async generator of progress: the caller (a fold of an evaluation, a
 * `ser train` run, the worker process) decides what to print, what to save and when to stop. Cancellation through
 * the AbortSignal is checked before every step; divergence (a NaN loss) stops with a clear error.
 *
 * No I/O happens here: checkpoints go out through `onCheckpoint` and come back through `resume`.
 */
import * as tf from '../backend/tfjs';
import { CancelledError, SerError } from '../errors';
import { Prng } from '../demo/prng';
import type { FeatureMatrix } from '../features/featureConfig';
import { encoderForward } from '../model/encoder';
import { disposeEncoderWeights, initEncoderWeights, assignEncoderWeights, snapshotEncoderWeights } from '../model/encoderParams';
import { predictUtterances } from '../model/predict';
import { argmax, computeMetrics } from '../eval/metrics';
import { AdamW, zerosVariable, type AdamState } from './adam';
import { BatchSampler } from './batchSampler';
import { contrastiveLoss } from './contrastiveLoss';
import { contrastiveFeatures } from './contrastiveFeatures';
import { fillCrop, randomCrop } from './crops';
import type { TrainConfig } from './trainConfig';

/** One utterance to learn from: normalised features and a class index. */
export interface TrainItem {
  id: string;
  features: FeatureMatrix;
  label: number;
}

export interface TrainData {
  classes: string[];
  train: TrainItem[];
  /** Held-out utterances of training speakers for early stopping; empty = train for all epochs. */
  validation: TrainItem[];
}

export interface TrainProgress {
  kind: 'step' | 'epoch';
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Mean cross-entropy and contrastive parts since the last report (the epoch, for 'epoch' events). */
  ce: number;
  contrastive: number;
  /** Validation metrics after the epoch (percent). */
  validation?: { UA: number; WA: number };
  best?: { epoch: number; UA: number };
  elapsedSeconds: number;
}

/** Everything needed to continue a training run where it stopped (at an epoch boundary). */
export interface TrainCheckpoint {
  epoch: number;
  weights: Map<string, Float32Array>;
  optimizer: AdamState;
  rngState: number;
  best: { epoch: number; UA: number; weights: Map<string, Float32Array> } | undefined;
  sinceBest: number;
}

export interface TrainedModel {
  classes: string[];
  inputDims: number;
  /** Weights of the best validation epoch (or of the last epoch without validation). */
  weights: Map<string, Float32Array>;
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
}

export interface TrainOptions {
  signal?: AbortSignal;
  resume?: TrainCheckpoint;
  /** Called after every epoch with a checkpoint; awaited before training goes on. */
  onCheckpoint?: (c: TrainCheckpoint) => Promise<void>;
  /** Steps between 'step' progress reports (each costs one small read from the backend). Default 10. */
  reportEvery?: number;
}

export async function* trainEncoder(data: TrainData, config: TrainConfig, opts: TrainOptions = {}): AsyncGenerator<TrainProgress, TrainedModel> {
  const started = Date.now();
  const C = data.classes.length;
  if (data.train.length === 0) throw new SerError('usage', undefined, 'no training utterances');
  const dims = data.train[0].features.dims;
  const m = config.model;
  const T = config.cropFrames;
  const B = config.batchSize;
  const weights = initEncoderWeights(m, dims, C, config.seed);
  const adam = new AdamW(weights, { clipNorm: config.optimizer.clipNorm, weightDecay: config.optimizer.weightDecay, emaDecay: config.optimizer.emaDecay });
  let rng = new Prng(config.seed);
  let startEpoch = 0;
  let best: TrainCheckpoint['best'];
  let sinceBest = 0;
  if (opts.resume) {
    assignEncoderWeights(weights, opts.resume.weights);
    adam.restore(opts.resume.optimizer);
    rng = Prng.restore(opts.resume.rngState);
    startEpoch = opts.resume.epoch;
    best = opts.resume.best;
    sinceBest = opts.resume.sinceBest;
  }
  const labels = data.train.map((it) => it.label);
  const sampler = new BatchSampler(labels, C, config.loss.balance === 'sampler', rng);
  const classWeights = ceClassWeights(labels, C, config.loss.balance === 'weights');
  const stepsPerEpoch = Math.max(1, Math.ceil(data.train.length / B));
  const totalSteps = stepsPerEpoch * config.epochs;
  const warmup = Math.min(stepsPerEpoch, Math.floor(totalSteps / 10));
  const lrAt = (step: number) => {
    const lr = config.optimizer.learningRate;
    if (step < warmup) return (lr * (step + 1)) / warmup;
    const p = (step - warmup) / Math.max(1, totalSteps - warmup);
    return lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)));
  };
  const buf = new Float32Array(B * T * dims);
  const sums = zerosVariable([2]);
  const reportEvery = opts.reportEvery ?? 10;
  let stoppedEarly = false;
  let epoch = startEpoch;
  try {
    for (; epoch < config.epochs; epoch++) {
      let epochCe = 0;
      let epochCon = 0;
      let sinceReport = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (opts.signal?.aborted) throw new CancelledError('training');
        const idx = config.loss.pairSelection === 'random' ? sampler.pairBatch(B) : sampler.batch(B);
        const lengths: number[] = [];
        idx.forEach((i, slot) => {
          const crop = randomCrop(data.train[i].features, T, config.augment, rng);
          fillCrop(buf, slot, T, crop, config.augment, rng);
          lengths.push(crop.length);
        });
        const y = idx.map((i) => labels[i]);
        trainStep(weights, adam, config, buf, [B, T, dims], lengths, y, C, classWeights, rng, lrAt(epoch * stepsPerEpoch + step), sums);
        sinceReport++;
        if (sinceReport === reportEvery || step === stepsPerEpoch - 1) {
          const [ce, con] = readAndReset(sums, sinceReport);
          if (!Number.isFinite(ce) || !Number.isFinite(con)) {
            throw new SerError('corrupt', undefined, `training diverged at epoch ${epoch + 1}, step ${step + 1} (loss is ${ce}/${con}); lower optimizer.learningRate or loss.lambda`);
          }
          epochCe += ce * sinceReport;
          epochCon += con * sinceReport;
          yield { kind: 'step', epoch: epoch + 1, epochs: config.epochs, step: step + 1, stepsPerEpoch, ce, contrastive: con, elapsedSeconds: (Date.now() - started) / 1000 };
          sinceReport = 0;
        }
      }
      let validation: TrainProgress['validation'];
      if (data.validation.length > 0) {
        // The averaged weights are what gets validated and kept; the raw ones go back for the next epoch.
        const kept = adam.averagedWeights();
        const raw = kept ? snapshotEncoderWeights(weights) : undefined;
        if (kept) assignEncoderWeights(weights, kept);
        const preds = predictUtterances(weights, m, data.validation.map((v) => v.features), { cropFrames: T, hopFrames: config.testHopFrames, signal: opts.signal });
        if (raw) assignEncoderWeights(weights, raw);
        const r = computeMetrics(data.validation.map((v) => v.label), preds.map((p) => argmax(p.probs)), C);
        validation = { UA: r.UA, WA: r.WA };
        // Ties go to the later epoch: same validation UA after more training usually generalises no worse.
        if (!best || r.UA >= best.UA) {
          best = { epoch: epoch + 1, UA: r.UA, weights: kept ?? snapshotEncoderWeights(weights) };
          sinceBest = 0;
        } else sinceBest++;
      }
      yield {
        kind: 'epoch', epoch: epoch + 1, epochs: config.epochs, step: stepsPerEpoch, stepsPerEpoch,
        ce: epochCe / stepsPerEpoch, contrastive: epochCon / stepsPerEpoch,
        ...(validation ? { validation } : {}), ...(best ? { best: { epoch: best.epoch, UA: best.UA } } : {}),
        elapsedSeconds: (Date.now() - started) / 1000,
      };
      if (opts.onCheckpoint) {
        await opts.onCheckpoint({ epoch: epoch + 1, weights: snapshotEncoderWeights(weights), optimizer: adam.save(), rngState: rng.save(), best, sinceBest });
      }
      if (config.patience > 0 && best && sinceBest >= config.patience && epoch + 1 >= config.minEpochs) {
        stoppedEarly = true;
        epoch++;
        break;
      }
    }
    const final = best && data.validation.length > 0 ? best.weights : (adam.averagedWeights() ?? snapshotEncoderWeights(weights));
    return { classes: data.classes, inputDims: dims, weights: final, bestEpoch: best?.epoch ?? epoch, epochsRun: epoch, stoppedEarly };
  } finally {
    sums.dispose();
    adam.dispose();
    disposeEncoderWeights(weights);
  }
}

/** One optimisation step; the CE and contrastive values are added to `sums` on the backend (no read-back). */
function trainStep(
  weights: Map<string, tf.Variable>, adam: AdamW, config: TrainConfig, buf: Float32Array, shape: [number, number, number],
  lengths: number[], y: number[], C: number, classWeights: Float32Array | undefined, rng: Prng, lr: number, sums: tf.Variable,
): void {
  tf.tidy(() => {
    const x = tf.tensor3d(buf, shape);
    const onehot = smoothOneHot(y, C, config.loss.labelSmoothing);
    const sampleW = classWeights ? tf.tensor1d(Float32Array.from(y, (c) => classWeights[c])) : undefined;
    let parts: tf.Tensor1D | undefined;
    const { grads } = tf.variableGrads(() => {
      const out = encoderForward(weights, config.model, x, { lengths, training: true, rng });
      const logp = tf.logSoftmax(out.logits);
      let perItem = onehot.mul(logp).sum(1).neg();
      if (sampleW) perItem = perItem.mul(sampleW);
      const ce = perItem.mean() as tf.Scalar;
      let con: tf.Scalar = tf.scalar(0);
      if (config.loss.lambda > 0) {
        con = contrastiveLoss(contrastiveFeatures(out, config.loss), y, config.loss.pairSelection, config.loss.margin);
      }
      parts = tf.keep(tf.stack([ce, con]) as tf.Tensor1D);
      return ce.add(con.mul(config.loss.lambda)) as tf.Scalar;
    }, [...weights.values()]);
    const named: tf.NamedTensorMap = {};
    for (const [name, v] of weights) named[name] = grads[v.name];
    adam.apply(named, lr);
    sums.assign(sums.add(parts!));
    parts!.dispose();
  });
}

function readAndReset(sums: tf.Variable, n: number): [number, number] {
  const v = sums.dataSync();
  const out: [number, number] = [v[0] / n, v[1] / n];
  const z = tf.zeros([2]);
  sums.assign(z);
  z.dispose();
  return out;
}

function smoothOneHot(y: number[], C: number, eps: number): tf.Tensor2D {
  const v = new Float32Array(y.length * C).fill(eps / C);
  y.forEach((c, i) => (v[i * C + c] += 1 - eps));
  return tf.tensor2d(v, [y.length, C]);
}

/** Inverse-frequency weights normalised to mean 1 over the training items, or undefined when not asked for. */
function ceClassWeights(labels: number[], C: number, on: boolean): Float32Array | undefined {
  if (!on) return undefined;
  const counts = new Array<number>(C).fill(0);
  for (const l of labels) counts[l]++;
  const w = new Float32Array(C);
  for (let c = 0; c < C; c++) w[c] = counts[c] > 0 ? labels.length / (C * counts[c]) : 0;
  return w;
}
