import type { AudioSource } from '../../shared/views/audioSource';

/** A playable URL for `source`; bytes become a blob URL that `revoke` frees. */
export function audioUrl(source: AudioSource): { url: string; revoke(): void } {
  if (source.kind === 'uri') return { url: source.uri, revoke: () => undefined };
  const url = URL.createObjectURL(new Blob([source.bytes as Uint8Array<ArrayBuffer>], { type: source.mime }));
  return { url, revoke: () => URL.revokeObjectURL(url) };
}
