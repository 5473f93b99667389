/** Messages between the host and the embedding map. */
import type { AudioSource, ViewError } from './audioSource';
import type { ColourBy, ProjectionMethod } from './viewTypes';
import { asMessage, isIdList, isOneOf, isText } from './validate';

export const COLOUR_BYS: readonly ColourBy[] = ['label', 'predicted', 'correct', 'speaker', 'session'];
export const PROJECTION_METHODS: readonly ProjectionMethod[] = ['pca', 'umap'];
/** Code of "no category" (a point without a label or a prediction). */
export const NO_CATEGORY = 0xffff;

/** One way of colouring: a category per point, as an index into `names`. */
export interface Categories {
  names: string[];
  /** One per point; NO_CATEGORY when the point has none. */
  codes: Uint16Array;
}

/** The points of the map, compact enough for 50k+ utterances in one message. */
export interface MapPoints {
  method: ProjectionMethod;
  ids: string[];
  /** n x 2, row-major, projection units. */
  coords: Float32Array;
  categories: Record<ColourBy, Categories>;
  /** Combined suspicion per point, 0..1; NaN when unknown. */
  scores?: Float32Array;
  explainedVariance?: [number, number];
}

/** Host -> map. */
export type ToMapView =
  | { type: 'points'; classes: string[]; points: MapPoints }
  /** Projection progress, 0..1, while computing. */
  | { type: 'progress'; fraction: number; stage: string }
  /** Labels changed: the 'label' and 'correct' colourings of every point, anew. */
  | { type: 'labels'; label: Categories; correct: Categories }
  | { type: 'audio'; id: string; source: AudioSource }
  | { type: 'error'; error: ViewError };

/** Map -> host. */
export type FromMapView =
  | { type: 'ready' }
  | { type: 'method'; method: ProjectionMethod }
  | { type: 'play'; id: string }
  | { type: 'open'; id: string }
  | { type: 'relabel'; ids: string[]; label: string };

export function parseFromMapView(raw: unknown): FromMapView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'method':
      return isOneOf(m.method, PROJECTION_METHODS) ? { type: 'method', method: m.method } : undefined;
    case 'play':
    case 'open':
      return isText(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'relabel':
      return isIdList(m.ids) && isText(m.label, 200) ? { type: 'relabel', ids: m.ids, label: m.label } : undefined;
    default:
      return undefined;
  }
}

/** What the map keeps across hide/show and reloads. */
export interface MapViewState {
  method: ProjectionMethod;
  colourBy: ColourBy;
}

export function parseMapViewState(raw: unknown): MapViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  return {
    method: isOneOf(s.method, PROJECTION_METHODS) ? s.method : 'pca',
    colourBy: isOneOf(s.colourBy, COLOUR_BYS) ? s.colourBy : 'label',
  };
}
