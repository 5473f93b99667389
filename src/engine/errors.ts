/**
 * Typed errors of the engine. Every error that comes from user data names the file it concerns, so a
 * caller can report "file: problem" and carry on with the rest of the work.
 */

/** What went wrong, as a stable code callers can switch on. */
export type SerErrorCode =
  | 'not-found'
  | 'empty'
  | 'not-wav'
  | 'truncated'
  | 'corrupt'
  | 'unsupported'
  | 'too-large'
  | 'parse'
  | 'not-a-dataset'
  | 'cache'
  | 'label-store'
  | 'io'
  | 'cancelled'
  | 'usage';

export class SerError extends Error {
  constructor(
    readonly code: SerErrorCode,
    /** The file (or folder) the problem is in; undefined when the error is not about a file. */
    readonly file: string | undefined,
    /** The problem in plain words, without the file name (see `message` for both). */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(file === undefined ? problem : `${file}: ${problem}`, options);
    this.name = 'SerError';
  }
}

/** Raised by the WAV reader for anything it cannot decode. */
export class WavError extends SerError {
  constructor(code: SerErrorCode, file: string, problem: string) {
    super(code, file, problem);
    this.name = 'WavError';
  }
}

/** Raised by dataset adapters for a corpus file they cannot parse, or a folder that is not a dataset. */
export class DatasetError extends SerError {
  constructor(code: SerErrorCode, file: string, problem: string) {
    super(code, file, problem);
    this.name = 'DatasetError';
  }
}

/** Raised by the label store for an unusable sidecar (a damaged record is reported, not thrown). */
export class LabelStoreError extends SerError {
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super('label-store', file, problem, options);
    this.name = 'LabelStoreError';
  }
}

/** Raised when an AbortSignal stops a long job. */
export class CancelledError extends SerError {
  constructor(what = 'the job') {
    super('cancelled', undefined, `${what} was cancelled`);
    this.name = 'CancelledError';
  }
}

/** Turns anything thrown into a SerError naming `file`, keeping SerErrors as they are. */
export function asSerError(err: unknown, file: string): SerError {
  if (err instanceof SerError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && e.code === 'ENOENT') return new SerError('not-found', file, 'file not found', { cause: err });
  if (e && (e.code === 'EISDIR' || e.code === 'EACCES' || e.code === 'EIO')) {
    return new SerError('io', file, `${e.code}: ${e.message}`, { cause: err });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new SerError('io', file, msg, { cause: err });
}

export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}
