/**
 * An engine worker process (dist/worker.js) as the host sees it: forked on first use, restarted on the next
 * request after a crash or kill, its stderr kept so a crash is reported with the engine's last words. Requests and
 * their timings go to the log. The host never waits on it synchronously: everything is a promise over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { RpcClient, type RequestOptions } from '../shared/rpc';
import { ipcChannel } from '../shared/processChannel';
import type { WorkerMethods } from '../shared/protocol';
import { Emitter } from './core/events';
import type { Logger } from './core/datasetService';

/** Lines of the engine's stderr kept for the crash report. */
const STDERR_LINES = 8;

/** Methods whose params are too big or too private to log in full. */
const QUIET_PARAMS = new Set<string>(['trainFold']);

export interface EngineExit {
  name: string;
  /** e.g. "code 1" or "SIGKILL". */
  how: string;
  lastError: string;
  /** Requests that were running and were rejected. */
  interrupted: number;
}

export class EngineProcess {
  private child: ChildProcess | undefined;
  private client: RpcClient<WorkerMethods> | undefined;
  private stderrTail: string[] = [];
  private intentional = new WeakSet<ChildProcess>();
  private disposed = false;
  private readonly exitEmitter = new Emitter<EngineExit>();
  /** Fires when the process ends unexpectedly (crash, out of memory, killed from outside). */
  readonly onDidCrash = this.exitEmitter.event;

  constructor(
    readonly name: string,
    private readonly workerPath: string,
    private readonly log: Logger,
    private readonly env: () => NodeJS.ProcessEnv = () => ({}),
  ) {}

  /** Requests still waiting for their reply. */
  get busy(): number {
    return this.client?.pendingCount ?? 0;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async request<K extends keyof WorkerMethods & string>(
    method: K,
    params: WorkerMethods[K]['params'],
    options: RequestOptions<WorkerMethods[K]['progress']> = {},
  ): Promise<WorkerMethods[K]['result']> {
    const started = Date.now();
    this.log.info(`${this.name}: ${method}${QUIET_PARAMS.has(method) ? '' : ` ${brief(params)}`}`);
    try {
      const result = await this.ensureClient().request(method, params, options);
      this.log.info(`${this.name}: ${method} done in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === 'cancelled') this.log.info(`${this.name}: ${method} cancelled after ${Date.now() - started} ms`);
      else this.log.error(`${this.name}: ${method} failed after ${Date.now() - started} ms: ${e.message ?? String(err)}`);
      throw err;
    }
  }

  /** Stops the process (its next request starts a fresh one), e.g. after the backend setting or the native engine changed. */
  restart(reason: string): void {
    if (!this.child) return;
    this.log.info(`${this.name}: restarting (${reason})`);
    this.intentional.add(this.child);
    this.client?.dispose(`the engine restarted (${reason})`);
    this.child.kill();
    this.child = undefined;
    this.client = undefined;
  }

  private ensureClient(): RpcClient<WorkerMethods> {
    if (this.client && this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.connected) return this.client;
    const started = Date.now();
    const child = fork(this.workerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, ...this.env() },
    });
    const client = new RpcClient<WorkerMethods>(ipcChannel(child));
    this.child = child;
    this.client = client;
    this.stderrTail = [];
    this.log.info(`${this.name}: started worker process ${child.pid} (${Date.now() - started} ms to fork)`);
    child.stdout?.on('data', (d: Buffer) => this.log.info(`${this.name}: ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => {
      const lines = d.toString().split('\n').map((l) => l.trimEnd()).filter((l) => l);
      this.stderrTail = [...this.stderrTail, ...lines].slice(-STDERR_LINES);
      for (const l of lines) this.log.warn(`${this.name}: ${l}`);
    });
    child.on('error', (err) => this.log.error(`${this.name}: process error: ${err.message}`));
    child.on('exit', (code, signal) => {
      const interrupted = client.pendingCount;
      const how = signal ?? `code ${code}`;
      const lastError = this.stderrTail.join('\n');
      const planned = this.disposed || this.intentional.has(child);
      client.dispose(`the engine process stopped (${how})${lastError ? `; its last error: ${lastError}` : ''}`);
      if (this.child === child) {
        this.child = undefined;
        this.client = undefined;
      }
      if (planned) return;
      this.log.error(`${this.name}: the engine process ${child.pid} exited (${how}) with ${interrupted} request(s) running${lastError ? `; its last error:\n${lastError}` : ''}; it restarts on the next request`);
      this.exitEmitter.fire({ name: this.name, how, lastError, interrupted });
    });
    return client;
  }

  dispose(): void {
    this.disposed = true;
    this.client?.dispose('SER Studio is shutting down');
    this.child?.kill();
    this.exitEmitter.dispose();
  }
}

/** Params for the log: long arrays and strings shortened. */
function brief(params: unknown): string {
  const s = JSON.stringify(params, (_k, v: unknown) => (Array.isArray(v) && v.length > 20 ? `[${v.length} items]` : v));
  return s.length > 400 ? `${s.slice(0, 400)}...` : s;
}
