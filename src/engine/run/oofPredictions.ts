/**
 * Out-of-fold predictions of a run: for every utterance, the class probabilities and the embedding produced by the
 * model of the fold that held that utterance's speaker out. This is the honest input of every inspection score
 * (in-sample probabilities drift to 0/1 and hide label errors).
 *
 * On disk, in the run directory:
 *   oof.json            header + one entry per utterance (id, label trained on, fold, probabilities)
 *   oof-embeddings.f32  N x dim float32 little-endian, rows in the order of oof.json's `utterances`
 * Both are written atomically; the header names the row count and dimension so a mismatched pair is refused.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';

export const OOF_FORMAT = 'ser-oof';
export const OOF_VERSION = 1;

/** One utterance's held-out prediction. */
export interface OofEntry {
  /** Utterance id within the dataset. */
  id: string;
  /** The label the run trained and scored against (effective label: corpus + corrections at run time). */
  label: string;
  /** Index of the fold whose model did not see this utterance's speaker (or session). */
  fold: number;
  /** Probabilities over `classes`, summing to 1. */
  probs: number[];
}

export interface OofPredictions {
  /** Class names, in the order of `probs`. */
  classes: string[];
  /** Embedding dimension. */
  dim: number;
  utterances: OofEntry[];
  /** N x dim, row-major, rows in the order of `utterances`. */
  embeddings: Float32Array;
}

export const OOF_JSON = 'oof.json';
export const OOF_EMBEDDINGS = 'oof-embeddings.f32';

export async function writeOofPredictions(fs: FileSystem, runDir: string, oof: OofPredictions): Promise<void> {
  const n = oof.utterances.length;
  if (oof.embeddings.length !== n * oof.dim) {
    throw new SerError('usage', undefined, `embeddings hold ${oof.embeddings.length} values, expected ${n} x ${oof.dim}`);
  }
  const bytes = new Uint8Array(oof.embeddings.buffer, oof.embeddings.byteOffset, oof.embeddings.byteLength);
  // Little-endian on every platform we run on (x86-64, arm64); a big-endian host would need a byte swap here.
  await fs.writeFileAtomic(joinPath(runDir, OOF_EMBEDDINGS), bytes.slice());
  const header = { format: OOF_FORMAT, version: OOF_VERSION, classes: oof.classes, dim: oof.dim, count: n, utterances: oof.utterances };
  await fs.writeFileAtomic(joinPath(runDir, OOF_JSON), `${JSON.stringify(header)}\n`);
}

/** Reads and validates a run's out-of-fold predictions; every problem is a SerError naming the file. */
export async function readOofPredictions(fs: FileSystem, runDir: string): Promise<OofPredictions> {
  const jsonPath = joinPath(runDir, OOF_JSON);
  const binPath = joinPath(runDir, OOF_EMBEDDINGS);
  if (!(await fs.stat(jsonPath))) {
    throw new SerError('not-found', jsonPath, 'this run has no out-of-fold predictions (run `ser eval` to produce them)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readText(jsonPath));
  } catch (err) {
    throw new SerError('parse', jsonPath, `not valid JSON: ${(err as Error).message}`);
  }
  const h = parsed as Record<string, unknown>;
  const bad = (what: string) => new SerError('corrupt', jsonPath, what);
  if (h?.format !== OOF_FORMAT) throw bad(`not an out-of-fold prediction file (format ${JSON.stringify(h?.format)})`);
  if (h.version !== OOF_VERSION) throw bad(`version ${String(h.version)} is not supported (this engine reads ${OOF_VERSION})`);
  const classes = h.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) throw bad('classes must be 2 or more names');
  const dim = h.dim;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > 65536) throw bad('dim must be an integer in 1..65536');
  const list = h.utterances;
  if (!Array.isArray(list) || list.length !== h.count) throw bad('utterance list missing or not of the stated count');
  const utterances: OofEntry[] = list.map((e: unknown, i: number) => {
    const o = e as Record<string, unknown>;
    const probs = o?.probs;
    if (typeof o?.id !== 'string' || typeof o.label !== 'string' || typeof o.fold !== 'number' || !Array.isArray(probs) || probs.length !== classes.length || !probs.every((p) => typeof p === 'number' && Number.isFinite(p))) {
      throw bad(`utterance entry ${i} is malformed (needs id, label, fold and ${classes.length} finite probabilities)`);
    }
    return { id: o.id, label: o.label, fold: o.fold, probs: probs as number[] };
  });
  const st = await fs.stat(binPath);
  const expected = utterances.length * dim * 4;
  if (!st) throw new SerError('not-found', binPath, 'embeddings file missing');
  if (st.size !== expected) throw new SerError('corrupt', binPath, `holds ${st.size} bytes, expected ${expected} (${utterances.length} x ${dim} float32)`);
  const raw = await fs.readFile(binPath);
  const embeddings = new Float32Array(utterances.length * dim);
  new Uint8Array(embeddings.buffer).set(raw.subarray(0, expected));
  return { classes: classes as string[], dim, utterances, embeddings };
}
