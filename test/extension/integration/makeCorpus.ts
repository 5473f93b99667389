// Writes what the integration test opens: the demo corpus's generator with 3 sessions of 16 utterances (48 in all,
// under a second to write), and a finished evaluation run beside it with out-of-fold predictions, so the run,
// suspect and review features are exercised without minutes of training. The run's "model" hears the true emotion
// of the deliberately mislabelled utterances and of a few more, so those become suspects. The end-to-end suite
// trains its own runs: it asks for no seeded run (--no-run) and a few more utterances per session.
//   node --import tsx test/extension/integration/makeCorpus.ts <outDir> [--per-session N] [--no-run]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { writeDemoCorpus } from '../../../src/engine/demo/demoCorpus';
import { openLabelledDataset } from '../../../src/engine/datasets/labelledDataset';
import { classOf } from '../../../src/engine/datasets/classMap';
import { writeOofPredictions, type OofEntry } from '../../../src/engine/run/oofPredictions';
import { Prng } from '../../../src/engine/demo/prng';

/** The seeded run's folder name under <dataset>/.ser/runs. */
export const SEEDED_RUN = 'seeded-eval';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'per-session': { type: 'string', default: '16' }, 'no-run': { type: 'boolean', default: false } } });
  const out = positionals[0];
  if (!out) throw new Error('usage: makeCorpus.ts <outDir> [--per-session N] [--no-run]');
  const started = Date.now();
  const fs = new NodeFileSystem();
  const perSession = Number(values['per-session']);
  const r = await writeDemoCorpus(fs, out, { sessions: 3, dialogsPerSession: 2, utterancesPerSession: perSession, minSeconds: 1.5, maxSeconds: 3, meanSeconds: 2, flipFraction: 0.1 });
  if (values['no-run']) {
    const usable = (await openLabelledDataset(fs, r.base)).utterances.length;
    process.stdout.write(`${JSON.stringify({ base: r.base, truth: r.truthPath, flips: r.truth.flips.length, utterances: r.truth.utterances.length, usable, ms: Date.now() - started })}\n`);
    return;
  }
  const ds = await openLabelledDataset(fs, r.base);
  const classes = ds.classMap.classes;
  const truth = new Map(r.truth.utterances.map((u) => [u.id, u] as const));
  const rng = new Prng(7);
  const sessions = [...new Set(ds.utterances.map((u) => u.utterance.session))].sort();
  const dim = 8;
  const entries: OofEntry[] = [];
  const rows: number[] = [];
  const confusion = classes.map(() => classes.map(() => 0));
  let suspects = 0;
  for (const [i, u] of ds.utterances.entries()) {
    const label = u.className;
    const t = truth.get(u.utterance.id);
    const heard = (t && classOf(ds.classMap, t.emotion)) ?? label;
    // The model hears the true emotion of flipped utterances, and disagrees with one in seven of the others.
    const predicted = heard !== label ? heard : i % 7 === 3 ? classes[(classes.indexOf(label) + 1) % classes.length] : label;
    if (predicted !== label) suspects++;
    const probs = classes.map((c) => (c === predicted ? 0.82 : 0.18 / (classes.length - 1)));
    entries.push({ id: u.utterance.id, label, fold: sessions.indexOf(u.utterance.session), probs });
    for (let d = 0; d < dim; d++) rows.push((d === classes.indexOf(predicted) ? 3 : 0) + 0.3 * rng.normal());
    confusion[classes.indexOf(label)][classes.indexOf(predicted)]++;
  }
  const runDir = join(r.base, '.ser', 'runs', SEEDED_RUN);
  await writeOofPredictions(fs, runDir, { classes, dim, utterances: entries, embeddings: Float32Array.from(rows) });
  const n = entries.length;
  const correct = confusion.reduce((s, row, k) => s + row[k], 0);
  const recalls = confusion.map((row, k) => row[k] / Math.max(1, row.reduce((a, b) => a + b, 0)));
  const UA = (100 * recalls.reduce((a, b) => a + b, 0)) / classes.length;
  const WA = (100 * correct) / n;
  const now = new Date().toISOString();
  await fs.writeFileAtomic(join(runDir, 'metrics.json'), JSON.stringify({ WA, UA, macroF1: UA, std: { WA: 0, UA: 0, macroF1: 0 }, pooled: { WA, UA, macroF1: UA }, classes, confusion, folds: [], protocol: 'loso-session' }));
  await fs.writeFileAtomic(
    join(runDir, 'run.json'),
    JSON.stringify({ format: 'ser-run', version: 1, kind: 'eval', createdAt: now, updatedAt: now, status: 'complete', dataset: { root: r.base, format: 'iemocap', classes: '', subset: 'all' }, classes, protocol: 'loso-session', utterances: n, config: { epochs: 2 }, featureConfig: {}, fingerprint: 'seeded' }, null, 2),
  );
  process.stdout.write(`${JSON.stringify({ base: r.base, dialogs: r.dialogs.length, utterances: r.dialogs.reduce((k, d) => k + d.utterances, 0), usable: n, runDir, suspects, UA, ms: Date.now() - started })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
