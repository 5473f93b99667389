/**
 * Runs the setup's external tools (pip, npm, python, node-gyp, tar) with their output appended to the setup log,
 * the last lines kept for error messages, and a kill on abort.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { CancelledError } from '../../errors';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Output (both streams) is appended here. */
  logFile?: string;
  /** Kept in memory and returned; stdout only (the verifier's JSON). */
  captureStdout?: boolean;
}

export interface RunResult {
  code: number | null;
  /** Last lines of output, for error messages. */
  tail: string;
  stdout: string;
}

const TAIL_LINES = 25;

export function runLogged(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CancelledError('the native engine setup'));
      return;
    }
    if (options.logFile) appendFileSync(options.logFile, `\n$ ${[command, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}\n`);
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    // Chunks end mid-line; each stream keeps its unfinished line until the rest arrives.
    const partial = { out: '', err: '' };
    let stdout = '';
    const keep = (line: string) => {
      if (line.trim()) lines.push(line.trimEnd());
      if (lines.length > TAIL_LINES * 4) lines.splice(0, lines.length - TAIL_LINES);
    };
    const take = (chunk: Buffer, stream: 'out' | 'err') => {
      const text = chunk.toString('utf8');
      if (options.logFile) appendFileSync(options.logFile, text);
      if (stream === 'out' && options.captureStdout && stdout.length < 1 << 20) stdout += text;
      const parts = (partial[stream] + text).split('\n');
      partial[stream] = parts.pop()!;
      parts.forEach(keep);
    };
    child.stdout.on('data', (c: Buffer) => take(c, 'out'));
    child.stderr.on('data', (c: Buffer) => take(c, 'err'));
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      keep(partial.out);
      keep(partial.err);
      if (options.signal?.aborted) reject(new CancelledError('the native engine setup'));
      else resolve({ code, tail: lines.slice(-TAIL_LINES).join('\n'), stdout });
    });
  });
}

/** A quick probe (`tool --version`): the first output line, or undefined when the tool is absent or fails. */
export function probeTool(command: string, args: string[] = ['--version'], env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) return undefined;
    return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim())?.trim() ?? '';
  } catch {
    return undefined;
  }
}
