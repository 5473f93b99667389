/** Messages between the host and the utterance view (waveform, label, votes, predictions, neighbours). */
import type { AudioSource, ViewError } from './audioSource';
import type { NeighbourItem, UtteranceDetail } from './viewTypes';
import { asMessage, isText } from './validate';

/** An utterance of the dialog, as a region of the dialog recording (seconds). */
export interface DialogRegion {
  id: string;
  start: number;
  end: number;
  label: string | null;
  speaker: string;
}

/** Host -> utterance view. */
export type ToUtteranceView =
  /** The utterance to show (also sent again when its label or history changed). */
  | { type: 'utterance'; classes: string[]; detail: UtteranceDetail; neighbours: NeighbourItem[]; hasDialog: boolean }
  /** Audio of the shown utterance. */
  | { type: 'audio'; id: string; source: AudioSource }
  /** The whole dialog around the shown utterance (answer to showDialog). */
  | { type: 'dialog'; id: string; dialog: string; source: AudioSource; regions: DialogRegion[] }
  /** Audio of a neighbour, to play (answer to playNeighbour). */
  | { type: 'neighbourAudio'; id: string; source: AudioSource }
  | { type: 'error'; error: ViewError };

/** Utterance view -> host. */
export type FromUtteranceView =
  | { type: 'ready' }
  | { type: 'setLabel'; id: string; label: string }
  | { type: 'undo' }
  /** Show another utterance in this view (a neighbour or a dialog region); the host accepts only ids it sent. */
  | { type: 'open'; id: string }
  | { type: 'showDialog'; show: boolean }
  | { type: 'playNeighbour'; id: string };

export function parseFromUtteranceView(raw: unknown): FromUtteranceView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
    case 'undo':
      return { type: m.type };
    case 'setLabel':
      return isText(m.id) && isText(m.label, 200) ? { type: 'setLabel', id: m.id, label: m.label } : undefined;
    case 'open':
    case 'playNeighbour':
      return isText(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'showDialog':
      return typeof m.show === 'boolean' ? { type: 'showDialog', show: m.show } : undefined;
    default:
      return undefined;
  }
}

/** What the utterance view keeps across hide/show (webview state) and a window reload (panel serializer). */
export interface UtteranceViewState {
  id: string;
  /** Pixels per second; 0 = fit. */
  zoom: number;
  /** Playback rate, 0.25..4. */
  rate: number;
  dialog: boolean;
}

export function parseUtteranceViewState(raw: unknown): UtteranceViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (!isText(s.id)) return undefined;
  const zoom = typeof s.zoom === 'number' && s.zoom >= 0 && s.zoom <= 5000 ? s.zoom : 0;
  const rate = typeof s.rate === 'number' && s.rate >= 0.25 && s.rate <= 4 ? s.rate : 1;
  return { id: s.id, zoom, rate, dialog: s.dialog === true };
}

/** Playback speeds the view offers. */
export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
