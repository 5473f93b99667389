/**
 * The messages the two review lists (suspects, mislabelled pairs) have in common. Both list utterances of the open
 * run, load one's details and audio on demand, open it in the utterance view, undo and refresh; kept here once so
 * the host can serve that part of both with one controller. Each list adds its own list message and verdicts.
 */
import type { AudioSource, ViewError } from './audioSource';
import type { UtteranceDetail } from './viewTypes';
import { isText, type Fields } from './validate';

/** Host -> a review list, besides the list itself. */
export type ToReviewList =
  | { type: 'busy'; message: string }
  /** Details and audio of a listed utterance (answer to 'load'). */
  | { type: 'detail'; detail: UtteranceDetail }
  | { type: 'audio'; id: string; source: AudioSource }
  | { type: 'error'; error: ViewError };

/** A review list -> host, besides its verdicts. */
export type FromReviewList =
  | { type: 'ready' }
  /** Details and audio of a listed utterance. */
  | { type: 'load'; id: string }
  | { type: 'open'; id: string }
  | { type: 'undo' }
  | { type: 'refresh' };

/** `m` checked as one of the messages every review list sends; undefined if malformed or of another type. */
export function parseFromReviewList(m: Fields & { type: string }): FromReviewList | undefined {
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'refresh':
      return { type: m.type };
    case 'load':
    case 'open':
      return isText(m.id) ? { type: m.type, id: m.id } : undefined;
    default:
      return undefined;
  }
}
