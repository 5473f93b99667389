/** What every CLI command gets: I/O streams and the file system, injected so commands can be tested in-process. */
import type { FileSystem } from '../engine/io/fileSystem';

export interface CliContext {
  fs: FileSystem;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  /** Aborted on SIGINT/SIGTERM so long jobs stop cleanly. */
  signal: AbortSignal;
  /** Folder holding the bundles (dist/), for worker-thread scripts. */
  distDir: string;
}

/** A command's outcome: the process exit code. 0 ok, 1 failure, 2 usage or not-a-dataset. */
export type ExitCode = 0 | 1 | 2;

/** Thrown by argument parsing; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
