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
    let stdout = '';
    const take = (chunk: Buffer, isStdout: boolean) => {
      const text = chunk.toString('utf8');
      if (options.logFile) appendFileSync(options.logFile, text);
      if (isStdout && options.captureStdout && stdout.length < 1 << 20) stdout += text;
      for (const line of text.split('\n')) if (line.trim()) lines.push(line.trimEnd());
      if (lines.length > TAIL_LINES * 4) lines.splice(0, lines.length - TAIL_LINES);
    };
    child.stdout.on('data', (c: Buffer) => take(c, true));
    child.stderr.on('data', (c: Buffer) => take(c, false));
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
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
