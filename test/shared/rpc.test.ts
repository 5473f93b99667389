import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../fixtures/until.mjs';
import { RpcClient, RpcError, RpcServer, isEnvelope, type Channel, type Envelope } from '../../src/shared/rpc';

interface Methods {
  add: { params: { a: number; b: number }; result: number; progress: never };
  count: { params: { to: number }; result: string; progress: number };
  fail: { params: Record<string, never>; result: never; progress: never };
  wait: { params: Record<string, never>; result: string; progress: never };
}

/** Two in-memory channel ends; delivery is asynchronous like real IPC, and messages are cloned. */
function pipe(): [Channel, Channel, Envelope[]] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const log: Envelope[] = [];
  const end = (me: 0 | 1): Channel => ({
    post: (m) => {
      log.push(m);
      const copy = structuredClone(m);
      setImmediate(() => listeners[1 - me].forEach((l) => l(copy)));
    },
    onMessage: (l) => {
      listeners[me].add(l);
      return { dispose: () => listeners[me].delete(l) };
    },
  });
  return [end(0), end(1), log];
}


function setup() {
  const [a, b, log] = pipe();
  let waitSignal: AbortSignal | undefined;
  const server = new RpcServer<Methods>(b, {
    add: async ({ a: x, b: y }) => x + y,
    count: async ({ to }, ctx) => {
      for (let i = 1; i <= to; i++) ctx.progress(i);
      return 'done';
    },
    fail: async () => {
      throw Object.assign(new Error('disk on fire'), { code: 'io', file: '/data/x.wav' });
    },
    wait: (_p, ctx) =>
      new Promise((resolve) => {
        waitSignal = ctx.signal;
        ctx.signal.addEventListener('abort', () => resolve('aborted'));
      }),
  });
  const client = new RpcClient<Methods>(a);
  return { client, server, log, getWaitSignal: () => waitSignal };
}

test('a request gets its own reply, and progress arrives before the result', async () => {
  const { client } = setup();
  const seen: number[] = [];
  const [sum, counted] = await Promise.all([
    client.request('add', { a: 2, b: 3 }),
    client.request('count', { to: 3 }, { onProgress: (p) => seen.push(p) }),
  ]);
  assert.equal(sum, 5);
  assert.equal(counted, 'done');
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(client.pendingCount, 0);
});

test('a handler that throws rejects the caller with its code and file', async () => {
  const { client } = setup();
  await assert.rejects(client.request('fail', {}), (e: unknown) => {
    assert.ok(e instanceof RpcError);
    assert.equal(e.code, 'io');
    assert.equal(e.file, '/data/x.wav');
    assert.match(e.message, /disk on fire/);
    return true;
  });
  assert.equal(client.pendingCount, 0);
});

test('aborting the caller cancels the handler through its signal', async () => {
  const { client, server, getWaitSignal } = setup();
  const ac = new AbortController();
  const p = client.request('wait', {}, { signal: ac.signal });
  await until('the server to start the handler', () => server.runningCount === 1, 5000, 1);
  assert.equal(getWaitSignal()?.aborted, false);
  ac.abort();
  await assert.rejects(p, (e: unknown) => e instanceof RpcError && e.code === 'cancelled');
  await until('the server to drop the cancelled handler', () => server.runningCount === 0, 5000, 1);
  assert.equal(getWaitSignal()?.aborted, true);
});

test('a timeout rejects and dispose rejects whatever is pending', async () => {
  const { client } = setup();
  await assert.rejects(client.request('wait', {}, { timeoutMs: 10 }), (e: unknown) => e instanceof RpcError && e.code === 'timeout');
  const pending = client.request('wait', {});
  client.dispose('worker exited with code 1');
  await assert.rejects(pending, /worker exited with code 1/);
  await assert.rejects(client.request('add', { a: 1, b: 1 }), (e: unknown) => e instanceof RpcError && e.code === 'disposed');
});

test('unknown methods and malformed messages are refused, not trusted', async () => {
  const [a, b] = pipe();
  new RpcServer<Methods>(b, {
    add: async () => 0, count: async () => '', fail: async () => { throw new Error('x'); }, wait: async () => '',
  });
  const client = new RpcClient<Record<'nope', { params: null; result: null; progress: never }>>(a);
  await assert.rejects(client.request('nope', null), (e: unknown) => e instanceof RpcError && e.code === 'unknown-method');
  for (const bad of [null, 1, 'x', {}, { kind: 'reply' }, { kind: 'reply', id: 1, ok: false }, { kind: 'request', id: 1.5, method: 'add' }, { kind: 'what', id: 1 }]) {
    assert.equal(isEnvelope(bad), false, JSON.stringify(bad));
  }
  assert.equal(isEnvelope({ kind: 'cancel', id: 3 }), true);
});
