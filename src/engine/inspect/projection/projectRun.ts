/**
 * 2-D projections of a run's out-of-fold embeddings (PCA or UMAP), cached in the run directory as
 * `projection-<method>-<key>.json`. The key hashes the projection settings and the OOF files' bytes, so a rewritten
 * oof.json / oof-embeddings.f32 (a new or resumed run) or other settings miss the cache; when a new file is written,
 * the stale ones of the same settings are removed. A cache file that does not parse is recomputed. With
 * `writeCache: false` the cache is read but nothing is written or removed.
 *
 * A projection depends on the run only, not on today's labels: the caller colours points by effective label.
 */
import { createHash } from 'node:crypto';
import type { FileSystem } from '../../io/fileSystem';
import { SerError, throwIfAborted } from '../../errors';
import { joinPath } from '../../datasets/paths';
import { OOF_EMBEDDINGS, OOF_JSON, readOofPredictions } from '../../run/oofPredictions';
import { KnnIndex } from '../knn/knnIndex';
import { pca2d } from './pca';
import { umap2d, UMAP_NEIGHBOURS } from './umapProjection';

export type ProjectionMethod = 'pca' | 'umap';

export interface ProjectionParams {
  method: ProjectionMethod;
  /** Only this fold's embeddings (one model's space, see neighbourSpace.ts); default all. */
  fold?: number;
  /** UMAP: neighbours per point, self included; default 15. */
  neighbours?: number;
  /** UMAP: default 0.1. */
  minDist?: number;
  /** UMAP: default umap-js' choice. */
  epochs?: number;
  /** UMAP: default 42. */
  seed?: number;
}

export interface Projection {
  method: ProjectionMethod;
  /** Utterance ids, in the order of the coordinates. */
  ids: string[];
  /** n x 2, row-major. */
  coords: Float32Array;
  /** PCA: share of variance on each axis. */
  explainedVariance?: [number, number];
  params: ProjectionParams;
  /** The cache key: hash of the OOF files and the settings. */
  key: string;
  /** Read from the cache rather than computed. */
  cached: boolean;
  /** The cache file. */
  file: string;
}

export interface ProjectOptions {
  signal?: AbortSignal;
  /** Fraction done, 0..1, with a word on the stage. */
  onProgress?: (fraction: number, stage: string) => void;
  threads?: number;
  /**
   * Write the computed projection to the cache in the run directory (and remove stale ones); default true. False
   * where the run folder must not be written (an untrusted workspace): the cache is still read, never written.
   */
  writeCache?: boolean;
}

const FORMAT = 'ser-projection';
const VERSION = 1;

export async function projectRun(fs: FileSystem, runDir: string, params: ProjectionParams, options: ProjectOptions = {}): Promise<Projection> {
  const p = normalise(params);
  const jsonPath = joinPath(runDir, OOF_JSON);
  const binPath = joinPath(runDir, OOF_EMBEDDINGS);
  if (!(await fs.stat(jsonPath)) || !(await fs.stat(binPath))) await readOofPredictions(fs, runDir); // throws the precise error
  // Key = settings hash + content hash: a new run replaces the same settings' file, other settings' files stay.
  const settings = createHash('sha256').update(JSON.stringify({ v: VERSION, ...p })).digest('hex').slice(0, 6);
  const content = createHash('sha256');
  content.update(await fs.readFile(jsonPath));
  content.update(await fs.readFile(binPath));
  const key = `${settings}${content.digest('hex').slice(0, 10)}`;
  const file = joinPath(runDir, `projection-${p.method}-${key}.json`);
  const hit = await readCache(fs, file, key);
  if (hit) return { method: p.method, ...hit, params: p, key, cached: true, file };

  const oof = await readOofPredictions(fs, runDir);
  const rows = oof.utterances.map((_, r) => r).filter((r) => p.fold === undefined || oof.utterances[r].fold === p.fold);
  if (rows.length === 0) throw new SerError('usage', runDir, `fold ${p.fold} has no out-of-fold predictions`);
  const x = new Float32Array(rows.length * oof.dim);
  rows.forEach((r, k) => x.set(oof.embeddings.subarray(r * oof.dim, (r + 1) * oof.dim), k * oof.dim));
  const ids = rows.map((r) => oof.utterances[r].id);
  options.onProgress?.(0, 'pca');
  const pca = pca2d(x, rows.length, oof.dim);
  let coords = pca.coords;
  if (p.method === 'umap') {
    throwIfAborted(options.signal, 'the UMAP projection');
    const neighbours = p.neighbours ?? UMAP_NEIGHBOURS;
    const index = KnnIndex.build(x, rows.length, oof.dim);
    const graph = await index.graph(neighbours - 1, {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.((0.2 * done) / total, 'neighbours'),
    });
    coords = await umap2d(graph, {
      neighbours,
      init: pca.coords,
      ...(p.minDist !== undefined ? { minDist: p.minDist } : {}),
      ...(p.epochs !== undefined ? { epochs: p.epochs } : {}),
      ...(p.seed !== undefined ? { seed: p.seed } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (e, total) => options.onProgress?.(0.2 + (0.8 * e) / total, 'umap'),
    });
  }
  options.onProgress?.(1, 'done');
  const result: Projection = { method: p.method, ids, coords, params: p, key, cached: false, file };
  if (p.method === 'pca') result.explainedVariance = pca.explainedVariance;
  if (options.writeCache !== false) await writeCache(fs, runDir, result);
  return result;
}

/** Settings with defaults made explicit, so equal settings always hash alike; UMAP-only ones dropped for PCA. */
function normalise(params: ProjectionParams): ProjectionParams {
  if (params.method !== 'pca' && params.method !== 'umap') throw new SerError('usage', undefined, `projection method must be pca or umap, not ${String(params.method)}`);
  const out: ProjectionParams = { method: params.method };
  if (params.fold !== undefined) out.fold = params.fold;
  if (params.method === 'umap') {
    out.neighbours = params.neighbours ?? UMAP_NEIGHBOURS;
    out.minDist = params.minDist ?? 0.1;
    if (params.epochs !== undefined) out.epochs = params.epochs;
    out.seed = params.seed ?? 42;
  }
  return out;
}

async function readCache(fs: FileSystem, file: string, key: string): Promise<Pick<Projection, 'ids' | 'coords' | 'explainedVariance'> | undefined> {
  if (!(await fs.stat(file))) return undefined;
  try {
    const o = JSON.parse(await fs.readText(file)) as Record<string, unknown>;
    const ids = o.ids;
    const xy = o.coords;
    if (o.format !== FORMAT || o.version !== VERSION || o.key !== key || !Array.isArray(ids) || !Array.isArray(xy) || xy.length !== 2 * ids.length) return undefined;
    if (!ids.every((id) => typeof id === 'string') || !xy.every((v) => typeof v === 'number')) return undefined;
    const out: Pick<Projection, 'ids' | 'coords' | 'explainedVariance'> = { ids: ids as string[], coords: Float32Array.from(xy as number[]) };
    const ev = o.explainedVariance;
    if (Array.isArray(ev) && ev.length === 2) out.explainedVariance = [Number(ev[0]), Number(ev[1])];
    return out;
  } catch {
    // A damaged cache is only a cache: compute again.
    return undefined;
  }
}

async function writeCache(fs: FileSystem, runDir: string, p: Projection): Promise<void> {
  // Six significant digits: far below a pixel, a third of the file size of full float64 text.
  const coords = Array.from(p.coords, (v) => Number(v.toPrecision(6)));
  const body = { format: FORMAT, version: VERSION, key: p.key, method: p.method, params: p.params, ...(p.explainedVariance ? { explainedVariance: p.explainedVariance } : {}), ids: p.ids, coords };
  await fs.writeFileAtomic(p.file, `${JSON.stringify(body)}\n`);
  const prefix = `projection-${p.method}-${p.key.slice(0, 6)}`;
  for (const e of await fs.readdir(runDir)) {
    if (e.isFile && e.name.startsWith(prefix) && e.name.endsWith('.json') && joinPath(runDir, e.name) !== p.file) await fs.remove(joinPath(runDir, e.name));
  }
}
