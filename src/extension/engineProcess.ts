/**
 * The engine worker process as the host sees it: forked on first use, restarted on the next request after a crash,
 * its stderr kept in the log so a crash is reported with the engine's last words.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { RpcClient, type RequestOptions } from '../shared/rpc';
import { ipcChannel } from '../shared/processChannel';
import type { WorkerMethods } from '../shared/protocol';
import { Disposable } from './dispose';

export class EngineProcess extends Disposable {
  private child: ChildProcess | undefined;
  private client: RpcClient<WorkerMethods> | undefined;
  private lastStderr = '';

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  async request<K extends keyof WorkerMethods & string>(
    method: K,
    params: WorkerMethods[K]['params'],
    options: RequestOptions<WorkerMethods[K]['progress']> = {},
  ): Promise<WorkerMethods[K]['result']> {
    const started = Date.now();
    this.log.info(`engine: ${method} ${JSON.stringify(params)}`);
    try {
      const result = await this.ensureClient().request(method, params, options);
      this.log.info(`engine: ${method} done in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      this.log.error(`engine: ${method} failed after ${Date.now() - started} ms: ${(err as Error).message}`);
      throw err;
    }
  }

  private ensureClient(): RpcClient<WorkerMethods> {
    if (this.client && this.child && this.child.exitCode === null && this.child.connected) return this.client;
    const child = fork(this.workerPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const client = new RpcClient<WorkerMethods>(ipcChannel(child));
    this.child = child;
    this.client = client;
    this.log.info(`engine: started worker process ${child.pid}`);
    child.stdout?.on('data', (d: Buffer) => this.log.info(`engine: ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString().trimEnd();
      this.lastStderr = text.split('\n').slice(-5).join('\n');
      this.log.warn(`engine: ${text}`);
    });
    child.on('exit', (code, signal) => {
      const why = `the engine process exited (${signal ?? `code ${code}`})${this.lastStderr ? `; its last error: ${this.lastStderr}` : ''}`;
      if (!this.disposed) this.log.error(why);
      client.dispose(why);
      if (this.child === child) {
        this.child = undefined;
        this.client = undefined;
      }
    });
    return client;
  }

  override dispose(): void {
    this.client?.dispose('SER Studio is shutting down');
    this.child?.kill();
    super.dispose();
  }
}
