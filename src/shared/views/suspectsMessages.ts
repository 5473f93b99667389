/** Messages between the host and the suspects list. */
import type { AudioSource, ViewError } from './audioSource';
import type { SuspectListData, UtteranceDetail } from './viewTypes';
import { asMessage, isText } from './validate';

/** Host -> suspects view. */
export type ToSuspectsView =
  | { type: 'suspects'; classes: string[]; list: SuspectListData }
  | { type: 'busy'; message: string }
  /** Details and audio of a listed suspect (answer to 'load'). */
  | { type: 'detail'; detail: UtteranceDetail }
  | { type: 'audio'; id: string; source: AudioSource }
  | { type: 'error'; error: ViewError };

/** Suspects view -> host. */
export type FromSuspectsView =
  | { type: 'ready' }
  | { type: 'setLabel'; id: string; label: string }
  /** "Not an issue" for the suspect's current label. */
  | { type: 'dismiss'; id: string }
  /** Details and audio of the suspect under review. */
  | { type: 'load'; id: string }
  | { type: 'open'; id: string }
  | { type: 'undo' }
  | { type: 'refresh' };

export function parseFromSuspectsView(raw: unknown): FromSuspectsView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'refresh':
      return { type: m.type };
    case 'setLabel':
      return isText(m.id) && isText(m.label, 200) ? { type: 'setLabel', id: m.id, label: m.label } : undefined;
    case 'dismiss':
    case 'load':
    case 'open':
      return isText(m.id) ? { type: m.type, id: m.id } : undefined;
    default:
      return undefined;
  }
}

/** Kept across hide/show: the suspect under review. */
export interface SuspectsViewState {
  activeId?: string;
}
