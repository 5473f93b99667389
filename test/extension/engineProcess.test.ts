// The engine process as the host runs it: forked dist/worker.js, requests with timings in the log, a kill reported
// with the engine's last error and the running request rejected, a fresh process on the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineProcess, type EngineExit } from '../../src/extension/engineProcess';
import { MemoryLog } from './helpers';
import { until } from '../fixtures/until.mjs';

const worker = join(__dirname, '..', '..', 'dist', 'worker.js');

test('a killed worker is reported with its last error, its requests reject, and the next request restarts it', { skip: !existsSync(worker) && 'run `node esbuild.mjs` first' }, async (t) => {
  const log = new MemoryLog();
  const e = new EngineProcess('engine', worker, log, () => ({ SER_TEST_MARK: '1' }));
  t.after(() => e.dispose());
  const first = await e.request('ping', {});
  assert.equal(first.pid, e.pid);
  assert.ok(log.lines.some((l) => /engine: ping done in \d+ ms/.test(l)));
  const exits: EngineExit[] = [];
  e.onDidCrash((x) => exits.push(x));
  // A scan of a folder that is not there fails in the worker without killing it: an ordinary error.
  await assert.rejects(e.request('scan', { root: '/no/such/folder' }), /not|no such/i);
  assert.equal((await e.request('ping', {})).pid, first.pid, 'an engine error does not restart the process');
  // Now a long request, and the process dies under it.
  const dir = mkdtempSync(join(tmpdir(), 'ser-engine-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.txt'), 'x');
  const pending = e.request('listRuns', { dirs: [dir] }).then(() => 'answered', (err: Error) => err.message);
  process.kill(first.pid, 'SIGKILL');
  const outcome = await pending;
  // The request may have been answered before the kill landed; if not, it was rejected with the reason.
  if (outcome !== 'answered') assert.match(outcome, /stopped \(SIGKILL\)/);
  await until('the crash to be reported', () => exits.length > 0, 10_000);
  assert.equal(exits.length, 1);
  assert.equal(exits[0].how, 'SIGKILL');
  assert.ok(log.lines.some((l) => l.startsWith('error engine: the engine process') && l.includes('restarts on the next request')));
  const second = await e.request('ping', {});
  assert.notEqual(second.pid, first.pid);
  // A restart asked for (backend changed) is not a crash.
  e.restart('test');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(exits.length, 1);
  assert.notEqual((await e.request('ping', {})).pid, second.pid);
});
