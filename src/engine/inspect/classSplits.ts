/**
 * The opposite of a mislabelled pair: utterances with the same label that sit far apart, i.e. a class the encoder
 * has split in two. That is either a real sub-type (hot vs. cold anger) or a group labelled with the wrong class;
 * the model's predictions on each side (listed per group) usually tell which.
 *
 * Per class and per neighbour space (see neighbourSpace.ts), the members are split by spherical 2-means (cosine),
 * seeded deterministically with the member farthest from the class mean and then the member farthest from that
 * one. The split is reported when both groups are large enough and its mean silhouette (Rousseeuw 1987; cosine
 * distance) reaches `minSilhouette`: 0.5 is where Kaufman & Rousseeuw's scale starts "reasonable structure"; below
 * it, 2-means cutting one small round blob in half already scores 0.3-0.6, so a lower bar reports noise.
 * The far-apart pair shown is the two groups' medoids.
 */
import type { SuspectAnalysis } from './suspectAnalysis';

export interface SplitGroup {
  size: number;
  /** The member closest to the group's centre. */
  medoid: string;
  /** Share of the group per class the model predicts (argmax of the out-of-fold probabilities). */
  predicted: Record<string, number>;
  members: string[];
}

export interface ClassSplit {
  label: string;
  /** The fold whose space was split (scope 'fold'); undefined with scope 'all'. */
  fold?: number;
  /** Mean silhouette of the two groups, -1..1; higher = more clearly two groups. */
  silhouette: number;
  /** Cosine similarity of the two medoids: the far-apart same-label pair. */
  medoidSimilarity: number;
  groups: [SplitGroup, SplitGroup];
}

export interface SplitOptions {
  /** Default 0.5. */
  minSilhouette?: number;
  /** Smallest group, as a share of the class; default 0.05 (and never under 5 utterances). */
  minShare?: number;
}

const ITERATIONS = 30;
/** Members used for the silhouette (an even stride beyond this): it is quadratic in the member count. */
const SILHOUETTE_SAMPLE = 400;

export function classSplits(a: SuspectAnalysis, options: SplitOptions = {}): ClassSplit[] {
  const { data, space } = a;
  const minSil = options.minSilhouette ?? 0.5;
  const minShare = options.minShare ?? 0.05;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < data.ids.length; i++) {
    const fold = space.scope === 'fold' ? data.folds[i] : -1;
    const key = `${fold}\u0000${data.labels[i]}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const out: ClassSplit[] = [];
  for (const rows of groups.values()) {
    const minSize = Math.max(5, Math.ceil(minShare * rows.length));
    if (rows.length < 2 * minSize) continue;
    const split = twoMeans(rows.map((i) => unit(data.embeddings, i, data.dim)));
    const sizes = [0, 0];
    for (const g of split.assign) sizes[g]++;
    if (Math.min(...sizes) < minSize) continue;
    const sil = silhouette(split.vectors, split.assign);
    if (sil < minSil) continue;
    const group = (g: 0 | 1): SplitGroup => {
      const members = rows.filter((_, k) => split.assign[k] === g);
      const predicted: Record<string, number> = {};
      for (const i of members) predicted[data.classes[a.predicted[i]]] = (predicted[data.classes[a.predicted[i]]] ?? 0) + 1 / members.length;
      return { size: members.length, medoid: data.ids[rows[split.medoids[g]]], predicted, members: members.map((i) => data.ids[i]) };
    };
    const s: ClassSplit = {
      label: data.classes[data.labels[rows[0]]],
      silhouette: sil,
      medoidSimilarity: dot(split.vectors[split.medoids[0]], split.vectors[split.medoids[1]]),
      groups: [group(0), group(1)],
    };
    if (space.scope === 'fold') s.fold = data.folds[rows[0]];
    out.push(s);
  }
  return out.sort((x, y) => y.silhouette - x.silhouette || x.label.localeCompare(y.label) || (x.fold ?? 0) - (y.fold ?? 0));
}

function unit(emb: Float32Array, i: number, dim: number): Float64Array {
  const v = Float64Array.from(emb.subarray(i * dim, (i + 1) * dim));
  const norm = Math.hypot(...v);
  if (norm > 0 && Number.isFinite(norm)) for (let t = 0; t < dim; t++) v[t] /= norm;
  else v.fill(0);
  return v;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let t = 0; t < x.length; t++) s += x[t] * y[t];
  return s;
}

function centroid(vectors: Float64Array[], pick: (k: number) => boolean): Float64Array {
  const c = new Float64Array(vectors[0].length);
  vectors.forEach((v, k) => {
    if (pick(k)) for (let t = 0; t < c.length; t++) c[t] += v[t];
  });
  const norm = Math.hypot(...c);
  if (norm > 0) for (let t = 0; t < c.length; t++) c[t] /= norm;
  return c;
}

/** Spherical 2-means with deterministic seeds; medoids are the members most similar to their centroid. */
function twoMeans(vectors: Float64Array[]): { vectors: Float64Array[]; assign: Uint8Array; medoids: [number, number] } {
  const mean = centroid(vectors, () => true);
  const argmin = (f: (k: number) => number) => vectors.reduce((best, _, k) => (f(k) < f(best) ? k : best), 0);
  const s0 = argmin((k) => dot(vectors[k], mean));
  const s1 = argmin((k) => dot(vectors[k], vectors[s0]));
  let c0 = vectors[s0];
  let c1 = vectors[s1];
  const assign = new Uint8Array(vectors.length);
  for (let it = 0; it < ITERATIONS; it++) {
    let changed = false;
    vectors.forEach((v, k) => {
      const g = dot(v, c1) > dot(v, c0) ? 1 : 0;
      if (g !== assign[k]) changed = true;
      assign[k] = g;
    });
    c0 = centroid(vectors, (k) => assign[k] === 0);
    c1 = centroid(vectors, (k) => assign[k] === 1);
    if (!changed && it > 0) break;
  }
  const medoid = (g: number, c: Float64Array) => vectors.reduce((best, v, k) => (assign[k] === g && (best < 0 || dot(v, c) > dot(vectors[best], c)) ? k : best), -1);
  return { vectors, assign, medoids: [medoid(0, c0), medoid(1, c1)] };
}

/** Mean silhouette with cosine distance, on an even stride of at most SILHOUETTE_SAMPLE members. */
function silhouette(vectors: Float64Array[], assign: Uint8Array): number {
  const stride = Math.max(1, Math.ceil(vectors.length / SILHOUETTE_SAMPLE));
  const sample: number[] = [];
  for (let k = 0; k < vectors.length; k += stride) sample.push(k);
  let total = 0;
  let counted = 0;
  for (const k of sample) {
    const sum = [0, 0];
    const cnt = [0, 0];
    for (const l of sample) {
      if (l === k) continue;
      sum[assign[l]] += 1 - dot(vectors[k], vectors[l]);
      cnt[assign[l]]++;
    }
    const own = assign[k];
    if (cnt[own] === 0 || cnt[1 - own] === 0) continue;
    const inside = sum[own] / cnt[own];
    const outside = sum[1 - own] / cnt[1 - own];
    const den = Math.max(inside, outside);
    total += den > 0 ? (outside - inside) / den : 0;
    counted++;
  }
  return counted > 0 ? total / counted : 0;
}
