/**
 * `ser predict`: class probabilities and embeddings of WAV files from a trained run's model. Features are made
 * with the settings the model was trained on. Training normalised features per speaker; for files of unknown
 * speakers each file is normalised by its own statistics (the closest stand-in), or all files together when the
 * caller says they come from one speaker (better for short files).
 */
import type { FileSystem } from '../io/fileSystem';
import { asSerError } from '../errors';
import { loadAudio } from '../audio/loadAudio';
import { FeatureComputer } from '../features/featureComputer';
import type { FeatureMatrix } from '../features/featureConfig';
import { normalizeBySpeaker } from '../features/speakerNormalization';
import type { FileProblem } from '../../shared/protocol';
import { loadModel } from './modelFiles';
import { assignEncoderWeights, disposeEncoderWeights, initEncoderWeights } from './encoderParams';
import { predictUtterances } from './predict';

export interface FilePrediction {
  file: string;
  /** Class name -> probability. */
  probabilities: Record<string, number>;
  predicted: string;
  embedding: number[];
}

export interface PredictFilesResult {
  classes: string[];
  predictions: FilePrediction[];
  errors: FileProblem[];
}

export async function predictFiles(fs: FileSystem, modelDir: string, files: readonly string[], opts: { sameSpeaker?: boolean; signal?: AbortSignal } = {}): Promise<PredictFilesResult> {
  const model = await loadModel(fs, modelDir);
  const computer = new FeatureComputer(model.featureConfig);
  const errors: FileProblem[] = [];
  const ok: { file: string; m: FeatureMatrix }[] = [];
  for (const file of files) {
    try {
      const m = computer.compute(await loadAudio(fs, file, undefined, model.featureConfig.sampleRate));
      if (m.frames === 0) throw new Error('too short for one analysis frame');
      ok.push({ file, m });
    } catch (err) {
      const e = asSerError(err, file);
      errors.push({ file, message: e.problem });
    }
  }
  if (ok.length === 0) return { classes: model.classes, predictions: [], errors };
  let matrices = ok.map((o) => o.m);
  if (model.config.speakerNormalization) {
    const groups = opts.sameSpeaker ? new Map([['all', matrices]]) : new Map(matrices.map((m, i) => [String(i), [m]]));
    const norm = normalizeBySpeaker(groups);
    matrices = opts.sameSpeaker ? norm.get('all')!.matrices : matrices.map((_, i) => norm.get(String(i))!.matrices[0]);
  }
  const w = initEncoderWeights(model.config.model, model.inputDims, model.classes.length, 0);
  try {
    assignEncoderWeights(w, model.weights);
    const preds = predictUtterances(w, model.config.model, matrices, { cropFrames: model.config.cropFrames, hopFrames: model.config.testHopFrames, ...(opts.signal ? { signal: opts.signal } : {}) });
    return {
      classes: model.classes,
      predictions: preds.map((p, i) => {
        let best = 0;
        for (let c = 1; c < p.probs.length; c++) if (p.probs[c] > p.probs[best]) best = c;
        return {
          file: ok[i].file,
          probabilities: Object.fromEntries(model.classes.map((c, k) => [c, p.probs[k]])),
          predicted: model.classes[best],
          embedding: Array.from(p.embedding),
        };
      }),
      errors,
    };
  } finally {
    disposeEncoderWeights(w);
  }
}
