import type { AudioSource } from '../../shared/views/audioSource';
import { audioUrl } from './audioUrl';

/**
 * Plays short clips (a neighbour, a map point, a suspect) through one audio element: a new clip stops the last.
 * Injected into the views so tests can record what would play.
 */
export interface ClipPlayer {
  /** Plays `source` (its start..end range when given); `id` names it for `playing`. */
  play(id: string, source: AudioSource): Promise<void>;
  stop(): void;
  /** The clip playing, if any. */
  readonly playing: string | undefined;
  dispose(): void;
}

export function htmlClipPlayer(doc: Document): ClipPlayer {
  const audio = doc.createElement('audio');
  audio.preload = 'auto';
  let current: { id: string; revoke(): void; end?: number } | undefined;
  const onTime = (): void => {
    if (current?.end !== undefined && audio.currentTime >= current.end) audio.pause();
  };
  const onEnd = (): void => {
    if (current) current = { ...current, id: '' };
  };
  audio.addEventListener('timeupdate', onTime);
  audio.addEventListener('ended', onEnd);
  audio.addEventListener('pause', onEnd);
  const player: ClipPlayer = {
    async play(id, source) {
      player.stop();
      const { url, revoke } = audioUrl(source);
      current = { id, revoke, ...(source.end !== undefined ? { end: source.end } : {}) };
      audio.src = url;
      if (source.start !== undefined) audio.currentTime = source.start;
      await audio.play();
    },
    stop() {
      audio.pause();
      current?.revoke();
      current = undefined;
    },
    get playing() {
      return current?.id || undefined;
    },
    dispose() {
      player.stop();
      audio.removeEventListener('timeupdate', onTime);
      audio.removeEventListener('ended', onEnd);
      audio.removeEventListener('pause', onEnd);
      audio.removeAttribute('src');
    },
  };
  return player;
}
