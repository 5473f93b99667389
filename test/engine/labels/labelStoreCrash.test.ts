// Crash safety of the label sidecar: two processes append concurrently, and one (sometimes both) is killed with
// SIGKILL at a random moment. Every record a child acknowledged must be in the sidecar afterwards, and the sidecar
// must read back with no damage except possibly a torn last line. SIGKILL cannot tear a single write(2), so to
// exercise torn records under real concurrency some rounds also append a fragment (a record cut short, as a power
// loss would leave it) while the children run: a child that read the file before it glues its record onto it,
// and that record must be recovered. Kills: 200 by default, SER_CRASH_KILLS overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { LabelStore, labelSidecarPath } from '../../../src/engine/labels/labelStore';
import { serializeRecord } from '../../../src/engine/labels/labelRecord';
import { Prng } from '../../../src/engine/demo/prng';
import { appenderCorpus } from './appender';

interface Child {
  proc: ChildProcess;
  acks: string[];
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  done: () => boolean;
}

function startChild(script: string, root: string, who: string, seed: number, count: number): Child {
  const proc = spawn(process.execPath, [script, root, who, String(seed), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: string[] = [];
  let out = '';
  let err = '';
  let finished = false;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => {
    out += d;
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line === 'ready') onReady();
      else if (line === 'done') finished = true;
      else if (line.startsWith('ack ')) acks.push(line.slice(4));
    }
  });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' waits for stdout to drain, so every ack the child wrote has been read.
    proc.on('close', (code, signal) => {
      onReady();
      resolve({ code, signal });
    });
  });
  return { proc, acks, ready, exited, stderr: () => err, done: () => finished };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('acknowledged appends survive SIGKILL of concurrent appenders', async (t) => {
  const target = Number(process.env.SER_CRASH_KILLS ?? 200);
  assert.ok(Number.isInteger(target) && target > 0, 'SER_CRASH_KILLS must be a positive integer');
  const dir = mkdtempSync(join(tmpdir(), 'ser-labels-crash-'));
  try {
    const script = join(dir, 'appender.js');
    await build({
      entryPoints: [join(__dirname, 'appender.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: script,
      logLevel: 'silent',
    });
    const root = join(dir, 'dataset');
    const fs = new NodeFileSystem();
    await fs.mkdirp(root);
    const prng = new Prng(20240501);
    const acked = new Set<string>();
    let kills = 0;
    let rounds = 0;
    let injected = 0;
    const sidecar = labelSidecarPath(root);
    const injectFragment = () => {
      const line = serializeRecord({
        v: 1, id: `badbad${String(injected).padStart(6, '0')}`, op: 'set', utt: 'utt00', old: null, new: 'ang', who: 'power-loss', when: new Date(0).toISOString(),
      });
      appendFileSync(sidecar, line.slice(0, 27 + prng.int(line.length - 30)));
      injected++;
    };
    while (kills < target) {
      rounds++;
      const seed = Math.floor(prng.next() * 2 ** 31);
      const bothKilled = prng.next() < 0.5;
      const victim = startChild(script, root, 'ana', seed, 1_000_000);
      const other = startChild(script, root, 'ben', seed + 1, bothKilled ? 1_000_000 : 5 + prng.int(25));
      const killAfter = async (c: Child, ms: number) => {
        await c.ready;
        await sleep(ms);
        if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
      };
      const delays = [3 + prng.next() * 97, 3 + prng.next() * 97];
      const inject = rounds > 1 && prng.next() < 0.25 ? 3 + prng.next() * 60 : -1;
      await Promise.all([
        killAfter(victim, delays[0]),
        bothKilled ? killAfter(other, delays[1]) : other.ready,
        inject >= 0 ? victim.ready.then(() => sleep(inject)).then(injectFragment) : undefined,
      ]);
      const [ve, oe] = await Promise.all([victim.exited, other.exited]);
      for (const [c, e] of [[victim, ve], [other, oe]] as const) {
        if (e.signal === 'SIGKILL') kills++;
        else assert.ok(e.code === 0 && c.done(), `round ${rounds}: child exited ${e.code} ${e.signal}: ${c.stderr()}`);
      }
      assert.equal(ve.signal, 'SIGKILL', `round ${rounds}: the long-running appender was still running when killed`);
      for (const id of [...victim.acks, ...other.acks]) acked.add(id);

      const store = await LabelStore.open(fs, root, { corpusLabels: appenderCorpus() });
      const missing = [...acked].filter((id) => store.record(id) === undefined);
      assert.deepEqual(missing, [], `round ${rounds}: acknowledged records lost`);
      const lineCount = readFileSync(sidecar, 'utf8').split('\n').length;
      // The only damage allowed is the injected fragments, each reported once, and only the last line torn.
      const found = new Set<string>();
      for (const p of store.problems) {
        if (p.kind === 'torn-tail') assert.equal(p.line, lineCount, `round ${rounds}: torn line ${p.line} is not the last`);
        else assert.ok(p.kind === 'fragment' || p.kind === 'invalid-json', `round ${rounds}: line ${p.line} ${p.kind}: ${p.problem}`);
        const m = /badbad\d{6}/.exec(p.problem);
        assert.ok(m, `round ${rounds}: damage not injected by the test: line ${p.line} ${p.kind}: ${p.problem}`);
        assert.ok(!found.has(m[0]), `${m[0]} reported twice`);
        found.add(m[0]);
      }
      assert.equal(found.size, injected, `round ${rounds}: every injected fragment is reported`);
    }
    const finalStore = await LabelStore.open(fs, root, { corpusLabels: appenderCorpus() });
    const total = finalStore.records().length;
    const kinds = (k: string) => finalStore.problems.filter((p) => p.kind === k).length;
    t.diagnostic(
      `${kills} kills in ${rounds} rounds, 2 concurrent appenders, ${acked.size} acked records (${total} in the sidecar), 0 lost, ` +
        `${injected} torn records injected and reported (${kinds('fragment')} with a record glued after them and recovered, ` +
        `${kinds('invalid-json')} on a line of their own, ${kinds('torn-tail')} torn tail), 0 other damage`,
    );
    assert.ok(acked.size > rounds, 'the appenders got work done before being killed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
