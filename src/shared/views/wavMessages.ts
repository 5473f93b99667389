/** Messages between the host and the read-only .wav editor. */
import type { AudioSource, ViewError } from './audioSource';
import { asMessage } from './validate';

/** Host -> wav editor. */
export type ToWavView =
  | { type: 'file'; name: string; source: AudioSource; utterance?: { id: string; label: string | null } }
  | { type: 'error'; error: ViewError };

/** Wav editor -> host. */
export type FromWavView = { type: 'ready' } | { type: 'openUtterance' };

export function parseFromWavView(raw: unknown): FromWavView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
    case 'openUtterance':
      return { type: m.type };
    default:
      return undefined;
  }
}
