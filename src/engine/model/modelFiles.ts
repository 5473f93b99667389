/**
 * A trained encoder on disk, in TensorFlow.js' weights layout: model.json (our header plus a tfjs
 * `weightsManifest`) and a binary weights file of little-endian float32 values in manifest order.
 *
 * Saving is crash-safe without renaming directories: the weights go to a content-addressed file
 * (weights-<sha256 prefix>.bin) first, then model.json is replaced atomically and names that file with its full
 * SHA-256. A kill at any moment leaves either the old model.json with its old weights file (still present) or the
 * new pair; a model that loads is never a mix. Loading verifies the checksum and every shape, so a damaged file is
 * refused with the file named rather than silently giving wrong predictions. Stale weight files are removed last.
 */
import { createHash } from 'node:crypto';
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';
import type { FeatureConfig } from '../features/featureConfig';
import type { TrainConfig } from '../train/trainConfig';
import { encoderWeightShapes } from './encoderParams';

export const MODEL_FORMAT = 'ser-encoder';
export const MODEL_VERSION = 1;
export const MODEL_JSON = 'model.json';

export interface SavedModel {
  classes: string[];
  /** Feature dimension the encoder reads (e.g. 64 mel bands). */
  inputDims: number;
  /** The resolved feature settings the model was trained on (prediction must extract the same). */
  featureConfig: FeatureConfig;
  config: TrainConfig;
  weights: Map<string, Float32Array>;
  /** Free-form facts about training (backend, epochs, dataset), kept in model.json. */
  meta: Record<string, unknown>;
}

export async function saveModel(fs: FileSystem, dir: string, model: SavedModel): Promise<void> {
  const shapes = encoderWeightShapes(model.config.model, model.inputDims, model.classes.length);
  const total = shapes.reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1), 0);
  const flat = new Float32Array(total);
  let at = 0;
  for (const [name, shape] of shapes) {
    const v = model.weights.get(name);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!v || v.length !== size) throw new SerError('usage', dir, `weight ${name} has ${v?.length ?? 0} values, expected ${size}`);
    flat.set(v, at);
    at += size;
  }
  const bytes = new Uint8Array(flat.buffer);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const weightsFile = `weights-${sha.slice(0, 16)}.bin`;
  await fs.mkdirp(dir);
  await fs.writeFileAtomic(joinPath(dir, weightsFile), bytes);
  const header = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    classes: model.classes,
    inputDims: model.inputDims,
    featureConfig: model.featureConfig,
    config: model.config,
    meta: model.meta,
    weightsSha256: sha,
    weightsManifest: [{ paths: [weightsFile], weights: shapes.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }],
  };
  await fs.writeFileAtomic(joinPath(dir, MODEL_JSON), `${JSON.stringify(header, null, 1)}\n`);
  for (const e of await fs.readdir(dir)) {
    if (e.isFile && /^weights-[0-9a-f]+\.bin$/.test(e.name) && e.name !== weightsFile) await fs.remove(joinPath(dir, e.name));
  }
}

export async function loadModel(fs: FileSystem, dir: string): Promise<SavedModel> {
  const jsonPath = joinPath(dir, MODEL_JSON);
  if (!(await fs.stat(jsonPath))) throw new SerError('not-found', jsonPath, 'no trained model here (run `ser train` first)');
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(await fs.readText(jsonPath)) as Record<string, unknown>;
  } catch (err) {
    throw new SerError('parse', jsonPath, `not valid JSON: ${(err as Error).message}`);
  }
  const bad = (why: string) => new SerError('corrupt', jsonPath, why);
  if (h.format !== MODEL_FORMAT) throw bad(`not a SER Studio model (format ${JSON.stringify(h.format)})`);
  if (h.version !== MODEL_VERSION) throw bad(`model version ${String(h.version)} is not supported (this engine reads ${MODEL_VERSION})`);
  const classes = h.classes as string[];
  const config = h.config as TrainConfig;
  const inputDims = h.inputDims as number;
  const manifest = (h.weightsManifest as { paths: string[] }[] | undefined)?.[0];
  if (!Array.isArray(classes) || !config?.model || !Number.isInteger(inputDims) || !manifest || typeof manifest.paths?.[0] !== 'string' || !/^weights-[0-9a-f]+\.bin$/.test(manifest.paths[0])) {
    throw bad('header is incomplete (classes, config, inputDims, weightsManifest)');
  }
  const binPath = joinPath(dir, manifest.paths[0]);
  if (!(await fs.stat(binPath))) throw new SerError('not-found', binPath, 'the weights file named by model.json is missing');
  const bytes = await fs.readFile(binPath);
  if (createHash('sha256').update(bytes).digest('hex') !== h.weightsSha256) throw new SerError('corrupt', binPath, 'checksum mismatch: the weights file is damaged');
  const shapes = encoderWeightShapes(config.model, inputDims, classes.length);
  const total = shapes.reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== total * 4) throw new SerError('corrupt', binPath, `holds ${bytes.byteLength} bytes, the architecture needs ${total * 4}`);
  const flat = new Float32Array(total);
  new Uint8Array(flat.buffer).set(bytes);
  const weights = new Map<string, Float32Array>();
  let at = 0;
  for (const [name, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights.set(name, flat.slice(at, at + size));
    at += size;
  }
  return { classes, inputDims, featureConfig: h.featureConfig as FeatureConfig, config, weights, meta: (h.meta as Record<string, unknown>) ?? {} };
}
