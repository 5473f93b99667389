/**
 * Audio as it crosses into a webview: a webview URI of a file the panel may load (under the dataset root), or the
 * file's bytes when it lies elsewhere. `start`/`end` (seconds) mark the utterance inside a longer file.
 */
export type AudioSource =
  | { kind: 'uri'; uri: string; start?: number; end?: number }
  | { kind: 'bytes'; bytes: Uint8Array; mime: string; start?: number; end?: number };

/** Errors the views show in place of what failed to load. */
export interface ViewError {
  /** What was being done, e.g. "loading the suspects". */
  action: string;
  message: string;
}
