/**
 * Request/reply over any message channel (child-process IPC, worker threads, webviews), typed by a method map.
 * Requests carry ids; a reply settles exactly one pending request; progress events stream while it runs; a cancel
 * message aborts the handler's AbortSignal; a handler that throws rejects the caller (never a hang); a timeout and
 * dispose() reject whatever is still pending.
 */

/** What one method takes, returns and reports while running. */
export interface MethodSpec {
  params: unknown;
  result: unknown;
  progress: unknown;
}
/** Constraint for a method map: every member is a MethodSpec (works for interfaces, which lack index signatures). */
export type MethodMap<M> = { [K in keyof M]: MethodSpec };

/** An error as it crosses the channel: plain data, with the file it concerns when there is one. */
export interface WireError {
  code: string;
  message: string;
  file?: string;
}

export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: WireError }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'cancel'; id: number };

/** The transport: send a message, subscribe to incoming ones. */
export interface Channel {
  post(message: Envelope): void;
  onMessage(listener: (message: unknown) => void): { dispose(): void };
}

/** Raised on the calling side when the remote handler failed, timed out, or the endpoint was disposed. */
export class RpcError extends Error {
  constructor(readonly code: string, message: string, readonly file?: string) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Validates anything received before it is acted on: the other side is not trusted. */
export function isEnvelope(m: unknown): m is Envelope {
  if (typeof m !== 'object' || m === null) return false;
  const e = m as Record<string, unknown>;
  if (typeof e.id !== 'number' || !Number.isSafeInteger(e.id)) return false;
  switch (e.kind) {
    case 'request': return typeof e.method === 'string';
    case 'reply':
      if (e.ok === true) return true;
      if (e.ok !== false || typeof e.error !== 'object' || e.error === null) return false;
      return typeof (e.error as Record<string, unknown>).message === 'string';
    case 'progress': return true;
    case 'cancel': return true;
    default: return false;
  }
}

export interface RequestOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
  /** Milliseconds before the request is rejected with code 'timeout'. Default: none (long jobs report progress). */
  timeoutMs?: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: unknown) => void;
  cleanup(): void;
}

/** The calling side. */
export class RpcClient<M extends MethodMap<M>> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sub: { dispose(): void };
  private disposed = false;

  constructor(private readonly channel: Channel) {
    this.sub = channel.onMessage((m) => this.receive(m));
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  request<K extends keyof M & string>(
    method: K,
    params: M[K]['params'],
    options: RequestOptions<M[K]['progress']> = {},
  ): Promise<M[K]['result']> {
    if (this.disposed) return Promise.reject(new RpcError('disposed', `cannot call ${method}: the channel is closed`));
    if (options.signal?.aborted) return Promise.reject(new RpcError('cancelled', `${method} was cancelled`));
    const id = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        this.safePost({ kind: 'cancel', id });
        this.settle(id, new RpcError('cancelled', `${method} was cancelled`));
      };
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: options.onProgress as ((p: unknown) => void) | undefined,
        cleanup,
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.safePost({ kind: 'cancel', id });
          this.settle(id, new RpcError('timeout', `${method} got no reply within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
      }
      this.safePost({ kind: 'request', id, method, params });
    });
  }

  /** Rejects everything still pending (e.g. the worker process died) and stops listening. */
  dispose(reason = 'the channel was closed'): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sub.dispose();
    for (const id of [...this.pending.keys()]) this.settle(id, new RpcError('disposed', reason));
  }

  private safePost(m: Envelope): void {
    try {
      this.channel.post(m);
    } catch (err) {
      if (m.kind === 'request') this.settle(m.id, new RpcError('disposed', `could not send: ${(err as Error).message}`));
    }
  }

  private settle(id: number, outcome: Error | { value: unknown }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cleanup();
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome.value);
  }

  private receive(m: unknown): void {
    if (!isEnvelope(m)) return;
    switch (m.kind) {
      case 'reply':
        if (m.ok) this.settle(m.id, { value: m.result });
        else this.settle(m.id, new RpcError(m.error.code, m.error.message, m.error.file));
        return;
      case 'progress':
        this.pending.get(m.id)?.onProgress?.(m.progress);
        return;
      case 'request':
      case 'cancel':
        return; // meant for a server on the same channel
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

/** What a handler gets besides its params. */
export interface HandlerContext<P> {
  signal: AbortSignal;
  progress(p: P): void;
}

/** One handler per method: a missing one fails to compile. */
export type Handlers<M extends MethodMap<M>> = {
  [K in keyof M & string]: (params: M[K]['params'], ctx: HandlerContext<M[K]['progress']>) => Promise<M[K]['result']>;
};

/** Converts a thrown value to a WireError; engines pass one that keeps their error codes and file names. */
export type ErrorMapper = (err: unknown) => WireError;

const defaultErrorMapper: ErrorMapper = (err) => {
  const e = err as { code?: unknown; message?: unknown; file?: unknown } | undefined;
  return {
    code: typeof e?.code === 'string' ? e.code : 'error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.file === 'string' ? { file: e.file } : {}),
  };
};

/** The answering side. */
export class RpcServer<M extends MethodMap<M>> {
  private readonly running = new Map<number, AbortController>();
  private readonly sub: { dispose(): void };

  constructor(
    private readonly channel: Channel,
    private readonly handlers: Handlers<M>,
    private readonly mapError: ErrorMapper = defaultErrorMapper,
  ) {
    this.sub = channel.onMessage((m) => void this.receive(m));
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Aborts every running handler and stops listening. */
  dispose(): void {
    this.sub.dispose();
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }

  private async receive(m: unknown): Promise<void> {
    if (!isEnvelope(m)) return;
    if (m.kind === 'cancel') {
      this.running.get(m.id)?.abort();
      return;
    }
    if (m.kind !== 'request') return;
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, m.method)
      ? (this.handlers as unknown as Record<string, (params: unknown, ctx: HandlerContext<unknown>) => Promise<unknown>>)[m.method]
      : undefined;
    if (!handler) {
      this.post({ kind: 'reply', id: m.id, ok: false, error: { code: 'unknown-method', message: `unknown method ${m.method}` } });
      return;
    }
    const controller = new AbortController();
    this.running.set(m.id, controller);
    try {
      const result = await handler(m.params, {
        signal: controller.signal,
        progress: (p) => {
          if (!controller.signal.aborted) this.post({ kind: 'progress', id: m.id, progress: p });
        },
      });
      this.post({ kind: 'reply', id: m.id, ok: true, result });
    } catch (err) {
      this.post({ kind: 'reply', id: m.id, ok: false, error: this.mapError(err) });
    } finally {
      this.running.delete(m.id);
    }
  }

  private post(m: Envelope): void {
    try {
      this.channel.post(m);
    } catch {
      // The other side is gone; its client rejects its own pending requests when it notices.
    }
  }
}
