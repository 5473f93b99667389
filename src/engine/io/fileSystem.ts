/**
 * The engine's only window on storage. The CLI and the worker give it node:fs (nodeFileSystem.ts); tests may
 * give it an in-memory one. Paths are absolute, '/'-separated on POSIX.
 */
export interface FileStat {
  /** Size in bytes. */
  size: number;
  /** Last modification, milliseconds since the epoch. */
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileSystem {
  /** The whole file; rejects with ENOENT-like errors for missing files. */
  readFile(path: string): Promise<Uint8Array>;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). Used to read headers without the body. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  /** undefined when the path does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  readdir(path: string): Promise<DirEntry[]>;
  mkdirp(path: string): Promise<void>;
  /** Writes via a temporary file and rename, so a reader never sees a half-written file. */
  writeFileAtomic(path: string, data: Uint8Array | string): Promise<void>;
  /**
   * Appends `data` with a single O_APPEND write and fsyncs before resolving: once this resolves the bytes
   * survive a process kill, and concurrent appenders from other processes never interleave within a call.
   */
  appendDurable(path: string, data: Uint8Array | string): Promise<void>;
  remove(path: string): Promise<void>;
}
