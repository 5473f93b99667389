// ser suspects / pairs / neighbors / project end to end, in-process, on the small IEMOCAP corpus and run folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suspectsCommand } from '../../../src/cli/suspectsCommand';
import { pairsCommand } from '../../../src/cli/pairsCommand';
import { neighborsCommand } from '../../../src/cli/neighborsCommand';
import { projectCommand } from '../../../src/cli/projectCommand';
import { UsageError } from '../../../src/cli/cliContext';
import type { FileSystem } from '../../../src/engine/io/fileSystem';
import { captureCliContext } from '../../fixtures/cliContext';
import { GONE, SUSPECT, writeInspectFixture } from './inspectFixture';

function context(fs: FileSystem, cwd: string) {
  return captureCliContext(fs, cwd, cwd);
}

test('ser suspects: text and JSON, dismiss and retract', async () => {
  const fx = await writeInspectFixture();
  try {
    let ctx = context(fx.fs, fx.dir);
    assert.equal(await suspectsCommand(ctx, ['.', '--run', 'run1', '--top', '3']), 0);
    const text = ctx.out();
    assert.match(text, /3 suspects of 10 utterances/);
    assert.match(text.split('\n')[2], new RegExp(`^\\s+1\\s+0\\.\\d+\\s+${SUSPECT}\\s+neu -> hap`));
    assert.match(text, /likely-wrong/);
    assert.match(text, new RegExp(`1 predictions of the run are for utterances no longer in the dataset: ${GONE}`));

    ctx = context(fx.fs, fx.dir);
    assert.equal(await suspectsCommand(ctx, [fx.root, '--run', fx.runDir, '--json', '--top', '2']), 0);
    const json = JSON.parse(ctx.out());
    assert.equal(json.scored, 10);
    assert.equal(json.suspects.length, 2);
    assert.equal(json.suspects[0].id, SUSPECT);
    assert.equal(json.suspects[0].suggested, 'hap');
    assert.deepEqual(Object.keys(json.suspects[0].reasons), ['model', 'neighbourhood', 'evaluators']);
    assert.equal(json.dropped.length, 2);
    assert.equal(ctx.err(), '', 'no progress output with --json');
    assert.deepEqual(json.confidentLearning.classes, ['ang', 'hap', 'neu', 'sad']);
    assert.equal(json.confidentLearning.counts.length, 4);

    ctx = context(fx.fs, fx.dir);
    await suspectsCommand(ctx, ['.', '--run', 'run1', '--json', '--rank-by', 'self-confidence']);
    const bySelf = JSON.parse(ctx.out());
    assert.equal(bySelf.rankBy, 'self-confidence');
    assert.equal(bySelf.suspects[0].id, SUSPECT);
    assert.ok(Math.abs(bySelf.suspects[0].reasons.model.selfConfidence - 0.1) < 1e-12, 'its own label had 0.1');
    await assert.rejects(suspectsCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1', '--rank-by', 'vibes']), UsageError);

    ctx = context(fx.fs, fx.dir);
    await suspectsCommand(ctx, ['.', '--run', 'run1', '--json', '--dismiss', SUSPECT, '--who', 'ana']);
    const after = JSON.parse(ctx.out());
    assert.equal(after.dismissed, 1);
    assert.notEqual(after.suspects[0].id, SUSPECT);
    const verdictId = /verdict (\w+)/.exec(ctx.err())![1];
    ctx = context(fx.fs, fx.dir);
    await suspectsCommand(ctx, ['.', '--run', 'run1', '--json', '--retract', verdictId, '--who', 'ana']);
    assert.equal(JSON.parse(ctx.out()).suspects[0].id, SUSPECT);

    await assert.rejects(suspectsCommand(context(fx.fs, fx.dir), ['.']), UsageError);
    await assert.rejects(suspectsCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1', '--top', '0']), UsageError);
    await assert.rejects(suspectsCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1', '--dismiss', SUSPECT]), /--who/);
    await assert.rejects(suspectsCommand(context(fx.fs, fx.dir), ['.', '--run', 'nowhere']), /no out-of-fold predictions/);
  } finally {
    await fx.cleanup();
  }
});

test('ser pairs, ser neighbors, ser project', async () => {
  const fx = await writeInspectFixture();
  try {
    let ctx = context(fx.fs, fx.dir);
    assert.equal(await pairsCommand(ctx, ['.', '--run', 'run1', '--json', '--neighbours', '3']), 0);
    const pairs = JSON.parse(ctx.out());
    assert.ok(pairs.pairs.length > 0);
    assert.ok(Array.isArray(pairs.splits));
    ctx = context(fx.fs, fx.dir);
    await pairsCommand(ctx, ['.', '--run', 'run1']);
    assert.match(ctx.out(), new RegExp(`${SUSPECT} is likely wrong, should be hap`));

    ctx = context(fx.fs, fx.dir);
    assert.equal(await neighborsCommand(ctx, ['.', '--run', 'run1', SUSPECT, '-k', '3']), 0);
    const lines = ctx.out().trim().split('\n');
    assert.match(lines[0], new RegExp(`^${SUSPECT}\\s+label neu`));
    assert.equal(lines.length, 3 + 3);
    assert.ok(lines.slice(3).every((l) => / hap /.test(l)));
    ctx = context(fx.fs, fx.dir);
    await neighborsCommand(ctx, ['.', '--run', 'run1', SUSPECT, '--json']);
    assert.equal(JSON.parse(ctx.out()).neighbours.length, 9, 'k capped at the 9 other utterances of the fold');
    await assert.rejects(neighborsCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1']), UsageError);

    ctx = context(fx.fs, fx.dir);
    assert.equal(await projectCommand(ctx, ['.', '--run', 'run1', '--method', 'pca', '--out', 'p.json']), 0);
    const p = JSON.parse(readFileSync(join(fx.dir, 'p.json'), 'utf8'));
    assert.equal(p.ids.length, 12);
    assert.equal(p.x.length, 12);
    assert.equal(p.labels[p.ids.indexOf(SUSPECT)], 'neu');
    assert.match(ctx.err(), /PCA of 12 embeddings/);
    ctx = context(fx.fs, fx.dir);
    await projectCommand(ctx, ['.', '--run', 'run1', '--method', 'pca', '--out', 'p.csv']);
    assert.match(ctx.err(), /from the cache/);
    const csv = readFileSync(join(fx.dir, 'p.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'id,x,y,label,score');
    assert.equal(csv.length, 13);
    await assert.rejects(projectCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1', '--method', 'tsne', '--out', 'x.json']), UsageError);
    await assert.rejects(projectCommand(context(fx.fs, fx.dir), ['.', '--run', 'run1', '--method', 'umap', '--out', 'x.json']), /UMAP needs more than 15/);
  } finally {
    await fx.cleanup();
  }
});
