// Test doubles for the extension's core: a real worker's handlers behind an in-memory RPC channel, a workspace
// state, a logger that keeps what it was told, and a progress UI that runs tasks at once.
import { join } from 'node:path';
import { RpcClient, RpcServer, type Channel, type Envelope } from '../../src/shared/rpc';
import type { WorkerMethods } from '../../src/shared/protocol';
import { workerHandlers, toWireError } from '../../src/worker/main';
import type { EngineApi, Logger, StateStore } from '../../src/extension/core/datasetService';
import type { ProgressUi, Report } from '../../src/extension/core/jobRunner';
import { SETTING_DEFAULTS, type SerSettings } from '../../src/extension/core/settings';

export function channelPair(): [Channel, Channel] {
  const a: ((m: unknown) => void)[] = [];
  const b: ((m: unknown) => void)[] = [];
  const mk = (mine: ((m: unknown) => void)[], theirs: ((m: unknown) => void)[]): Channel => ({
    post: (m: Envelope) => queueMicrotask(() => theirs.forEach((l) => l(structuredClone(m)))),
    onMessage: (l) => {
      mine.push(l);
      return { dispose: () => mine.splice(mine.indexOf(l), 1) };
    },
  });
  return [mk(a, b), mk(b, a)];
}

/** The worker process's handlers in this process, reached over a real RpcClient / RpcServer pair. */
export function inProcessEngine(): EngineApi & { calls: string[]; stop(): void } {
  const [host, child] = channelPair();
  const server = new RpcServer<WorkerMethods>(child, workerHandlers(join(__dirname, '..', '..', 'dist')), toWireError);
  const client = new RpcClient<WorkerMethods>(host);
  const calls: string[] = [];
  return {
    calls,
    request: (method, params, options) => {
      calls.push(method);
      return client.request(method, params, options);
    },
    stop: () => {
      server.dispose();
      client.dispose();
    },
  };
}

export class MemoryState implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
}

export class MemoryLog implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}

/** Runs the task at once; `cancelAfter` reports cancels the job after that many progress reports. */
export function immediateProgress(options: { cancelAfter?: number } = {}): ProgressUi & { reports: { title: string; message: string; fraction?: number }[] } {
  const reports: { title: string; message: string; fraction?: number }[] = [];
  return {
    reports,
    withProgress(title, _cancellable, task) {
      let cancel: (() => void) | undefined;
      const report: Report = (message, fraction) => {
        reports.push({ title, message, ...(fraction !== undefined ? { fraction } : {}) });
        if (options.cancelAfter !== undefined && reports.length >= options.cancelAfter) cancel?.();
      };
      return task(report, (l) => (cancel = l));
    },
  };
}

export function settingsWith(over: { [K in keyof SerSettings]?: SerSettings[K] extends object ? Partial<SerSettings[K]> : SerSettings[K] } = {}): SerSettings {
  const s = structuredClone(SETTING_DEFAULTS);
  for (const [k, v] of Object.entries(over)) {
    const cur = (s as unknown as Record<string, unknown>)[k];
    (s as unknown as Record<string, unknown>)[k] = cur && typeof cur === 'object' ? { ...cur, ...(v as object) } : v;
  }
  return s;
}
