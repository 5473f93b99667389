/**
 * UMAP to 2-D with umap-js, driven epoch by epoch so it reports progress and stops on an AbortSignal.
 *
 * Two departures from umap-js' defaults, both for speed and reproducibility:
 *  - the k-nearest-neighbour graph is ours (exact cosine, see knn/knnIndex.ts) handed over with
 *    setPrecomputedKNN, instead of umap-js' approximate NN-descent in plain JavaScript;
 *  - the layout starts from the PCA coordinates scaled to umap-js' initial range (its own start is uniform noise;
 *    umap-learn starts from a spectral layout for the same reason: global structure survives). umap-js has no
 *    option for this, so the arrays getEmbedding() returns are overwritten in place before the first epoch; were a
 *    later umap-js to return a copy, the start would silently be its own random one, nothing worse.
 * Randomness (negative sampling) comes from a seeded generator: the same run and options give the same picture.
 * The graph construction inside initializeFit is one synchronous call and cannot be interrupted.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { UMAP } from 'umap-js';
import { SerError, throwIfAborted } from '../../errors';
import { Prng } from '../../demo/prng';
import type { KnnGraph } from '../knn/knnIndex';

export interface UmapOptions {
  /** Neighbours per point, self included (umap-js' nNeighbors); default 15. */
  neighbours?: number;
  /** Default 0.1. */
  minDist?: number;
  /** Default umap-js' choice for the size (500 up to 2500 points, 200 from 10000). */
  epochs?: number;
  /** Default 42. */
  seed?: number;
  /** n x 2 start layout (e.g. PCA); default umap-js' random start. */
  init?: Float32Array;
  signal?: AbortSignal;
  /** Epochs done of total. */
  onProgress?: (epoch: number, epochs: number) => void;
}

/** Default neighbours per point (umap-learn's default). */
export const UMAP_NEIGHBOURS = 15;
/** umap-js draws its random start in [-10, 10]; a given start is scaled to the same range. */
const INIT_RANGE = 10;

/**
 * Lays out n points from their kNN graph (at least neighbours - 1 neighbours each, self excluded) in 2-D.
 * Returns n x 2 coordinates.
 */
export async function umap2d(graph: KnnGraph, options: UmapOptions = {}): Promise<Float32Array> {
  const n = graph.n;
  const nNeighbors = options.neighbours ?? UMAP_NEIGHBOURS;
  if (n <= nNeighbors) throw new SerError('usage', undefined, `UMAP needs more than ${nNeighbors} embeddings (there are ${n}); use PCA`);
  if (graph.k < nNeighbors - 1) throw new SerError('usage', undefined, `UMAP with ${nNeighbors} neighbours needs a graph of k >= ${nNeighbors - 1}, not ${graph.k}`);
  throwIfAborted(options.signal, 'the UMAP projection');
  // umap-js expects each point's own index first, at distance 0 (umap-learn's convention).
  const knnIndices: number[][] = [];
  const knnDistances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const idx = [i];
    const dist = [0];
    for (let p = 0; p < nNeighbors - 1; p++) {
      const j = graph.indices[i * graph.k + p];
      if (j < 0) throw new SerError('usage', undefined, `embedding ${i} has fewer than ${nNeighbors - 1} neighbours in its space`);
      idx.push(j);
      dist.push(Math.max(0, 1 - graph.similarities[i * graph.k + p]));
    }
    knnIndices.push(idx);
    knnDistances.push(dist);
  }
  const rnd = new Prng(options.seed ?? 42);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors,
    minDist: options.minDist ?? 0.1,
    ...(options.epochs !== undefined ? { nEpochs: options.epochs } : {}),
    random: () => rnd.next(),
  });
  umap.setPrecomputedKNN(knnIndices, knnDistances);
  // With a precomputed graph umap-js reads only the number of points from X.
  const epochs = umap.initializeFit(Array.from({ length: n }, () => []));
  if (options.init) startFrom(umap.getEmbedding(), options.init);
  let last = Date.now();
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (Date.now() - last > 50 || e === epochs - 1) {
      options.onProgress?.(e + 1, epochs);
      // Let the abort (and the host's other work) in.
      await nextTurn();
      throwIfAborted(options.signal, 'the UMAP projection');
      last = Date.now();
    }
  }
  const out = new Float32Array(n * 2);
  umap.getEmbedding().forEach((p, i) => {
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  });
  return out;
}

function startFrom(embedding: number[][], init: Float32Array): void {
  let max = 0;
  for (let k = 0; k < init.length; k++) max = Math.max(max, Math.abs(init[k]));
  if (!(max > 0) || init.length !== embedding.length * 2) return;
  embedding.forEach((p, i) => {
    p[0] = (INIT_RANGE * init[2 * i]) / max;
    p[1] = (INIT_RANGE * init[2 * i + 1]) / max;
  });
}
