/**
 * bench/noise: finding wrong labels. A known 10 % of the synthetic EmoDB stand-in's labels are flipped (the audio
 * says one emotion, the file name another); the default config is evaluated leave-one-speaker-out, and the
 * out-of-fold predictions are ranked three ways in the same run: plain self-confidence (cleanlab's default), the
 * normalised margin, and SER Studio's combined ranking (model + neighbourhood). Reported: precision at k (k = number
 * of flips) and AUROC. Peer in the same run: an RBF-SVM on MFCC statistics ranked by its own out-of-fold
 * self-confidence (the issue's bar on the real corpus: precision 69.8 % at k, AUROC 0.963).
 */
import { basename, join } from 'node:path';
import { pythonWith } from '../peers';
import { BENCH_DIR, emodbCorpus } from '../corpora';
import { emodbSvmItems, runSvmBaseline, serEvalLoso } from '../emodbEval';
import { NodeFileSystem } from '../../src/engine/io/nodeFileSystem';
import { readTruth, TRUTH_FILE } from '../../src/engine/demo/corpusTruth';
import { InspectionSession } from '../../src/engine/inspect/inspectionSession';
import { labelNoiseScores } from '../../src/engine/inspect/labelNoiseScores';

async function main(): Promise<void> {
  const difficulty = Number(process.env.SER_BENCH_DIFFICULTY ?? 0.5);
  const dir = await emodbCorpus(`emodb-d${difficulty}-flip10`, { difficulty, seed: 3, flipFraction: 0.1 });
  const fs = new NodeFileSystem();
  const truth = await readTruth(fs, join(dir, TRUTH_FILE));
  const flipped = new Set(truth.flips.map((f) => f.id));
  console.log(`corpus: ${dir}: ${truth.utterances.length} utterances, ${flipped.size} labels flipped (difficulty ${difficulty})`);

  const runDir = join(BENCH_DIR, 'runs', `noise-d${difficulty}-${Date.now()}`);
  const ev = serEvalLoso<{ UA: number; backend: string }>(dir, runDir);
  if (!ev) return;
  console.log(`evaluation on the noisy labels: UA ${ev.summary.UA.toFixed(2)} (${ev.summary.backend}, ${ev.seconds.toFixed(0)} s)`);

  const session = await InspectionSession.open(fs, { root: dir }, runDir);
  const rows: [string, ReturnType<typeof labelNoiseScores>][] = [];
  for (const rankBy of ['self-confidence', 'margin', 'combined'] as const) {
    const list = session.suspects({ rankBy });
    rows.push([`SER Studio, ${rankBy}`, labelNoiseScores(flipped, list.suspects.map((s) => s.id))]);
  }
  const py = pythonWith(['librosa', 'sklearn']);
  if ('skip' in py) console.log(`RBF-SVM peer: ${py.skip}`);
  else {
    const items = emodbSvmItems(dir);
    const svm = runSvmBaseline<{ selfConfidence: Record<string, number> }>(py.python, { items, selfConfidence: true });
    const ranking = items.map((it) => ({ id: basename(it.path).replace(/\.wav$/, ''), score: 1 - svm.selfConfidence[it.path] }));
    rows.push(['RBF-SVM (MFCC stats), self-confidence', labelNoiseScores(flipped, ranking)]);
  }
  console.log(`${'ranking'.padEnd(40)}${'precision@k'.padStart(13)}${'AUROC'.padStart(8)}`);
  for (const [name, s] of rows) console.log(`${name.padEnd(40)}${`${(100 * s.precisionAtK).toFixed(1)}%`.padStart(13)}${s.auroc.toFixed(3).padStart(8)}`);
  console.log(`k = ${flipped.size}`);
}

void main();
