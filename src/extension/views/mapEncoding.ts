/**
 * The embedding map's points in the compact form the webview draws from (no vscode here, so it is unit-tested in
 * plain Node): one Float32Array of coordinates and, per colouring, a Uint16Array of category codes.
 */
import { NO_CATEGORY, type Categories, type MapPoints } from '../../shared/views/mapMessages';
import type { ColourBy } from '../../shared/views/viewTypes';
import type { ProjectionData } from './viewData';

/** Names of the 'correct' colouring. */
export const CORRECTNESS = ['correct', 'wrong'] as const;

/** Encodes a projection; `classes` fixes the order of label and prediction categories (others follow, sorted). */
export function encodeMapPoints(p: ProjectionData, classes: readonly string[]): MapPoints {
  const n = p.ids.length;
  if (p.coords.length !== 2 * n) throw new Error(`the projection has ${p.coords.length / 2} points for ${n} ids`);
  for (const [name, a] of [['labels', p.labels], ['predicted', p.predicted], ['speakers', p.speakers], ['sessions', p.sessions]] as const) {
    if (a.length !== n) throw new Error(`the projection has ${a.length} ${name} for ${n} points`);
  }
  const label = categorise(p.labels, classes);
  const predicted = categorise(p.predicted, classes);
  const categories: Record<ColourBy, Categories> = {
    label,
    predicted,
    correct: correctness(p.labels, p.predicted),
    speaker: categorise(p.speakers, []),
    session: categorise(p.sessions, []),
  };
  const out: MapPoints = { method: p.method, ids: p.ids, coords: p.coords, categories };
  if (p.scores) out.scores = Float32Array.from(p.scores, (s) => (s === null ? Number.NaN : s));
  if (p.explainedVariance) out.explainedVariance = p.explainedVariance;
  return out;
}

/** Category codes of `values`: `first` in that order, then the other values sorted. */
export function categorise(values: readonly (string | null)[], first: readonly string[]): Categories {
  const names = [...first];
  const seen = new Set(first);
  const extra = [...new Set(values.filter((v): v is string => v !== null && !seen.has(v)))].sort();
  names.push(...extra);
  if (names.length >= NO_CATEGORY) throw new Error(`too many categories to colour by (${names.length})`);
  const index = new Map(names.map((name, i) => [name, i]));
  const codes = new Uint16Array(values.length);
  values.forEach((v, i) => (codes[i] = v === null ? NO_CATEGORY : index.get(v)!));
  return { names, codes };
}

/** 0 = prediction equals the label, 1 = it does not, NO_CATEGORY when either is missing. */
export function correctness(labels: readonly (string | null)[], predicted: readonly (string | null)[]): Categories {
  const codes = new Uint16Array(labels.length);
  labels.forEach((l, i) => {
    const p = predicted[i];
    codes[i] = l === null || p === null ? NO_CATEGORY : l === p ? 0 : 1;
  });
  return { names: [...CORRECTNESS], codes };
}
