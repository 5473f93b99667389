/**
 * bench/quality: the default config against the reference pipeline (MFCC statistics + RBF-SVM), both
 * leave-one-speaker-out on the same synthetic EmoDB-like corpus (535 utterances, 10 speakers, 7 classes, ~25 min)
 * in the same run, plus the wall-clock time of the 10-fold evaluation with the default config on this machine.
 * At difficulty 0.5 the SVM scores about what it scores on real EmoDB (72.4 % UA), so the corpus is a fair stand-in.
 *   node bench/run.mjs quality            (SER_BENCH_DIFFICULTY=0.5 by default; SER_BENCH_BACKEND to force one)
 */
import { join } from 'node:path';
import { pythonWith } from '../peers';
import { BENCH_DIR, emodbCorpus } from '../corpora';
import { emodbSvmItems, runSvmBaseline, serEvalLoso } from '../emodbEval';

async function main(): Promise<void> {
  const difficulty = Number(process.env.SER_BENCH_DIFFICULTY ?? 0.5);
  const dir = await emodbCorpus(`emodb-d${difficulty}`, { difficulty, seed: 1 });
  console.log(`corpus: ${dir} (synthetic EmoDB layout, difficulty ${difficulty})`);

  const runDir = join(BENCH_DIR, 'runs', `quality-d${difficulty}-${Date.now()}`);
  const ev = serEvalLoso<{ UA: number; WA: number; macroF1: number; std: { UA: number }; backend: string; device: string; folds: number }>(
    dir,
    runDir,
    process.env.SER_BENCH_BACKEND ? ['--backend', process.env.SER_BENCH_BACKEND] : [],
  );
  if (!ev) return;
  const { summary: ours, seconds: wall } = ev;
  console.log(`SER Studio default config: UA ${ours.UA.toFixed(2)} +- ${ours.std.UA.toFixed(2)}  WA ${ours.WA.toFixed(2)}  macro-F1 ${ours.macroF1.toFixed(2)}  (${ours.folds} folds, ${ours.backend} ${ours.device}, ${wall.toFixed(0)} s wall clock incl. feature extraction)`);

  const py = pythonWith(['librosa', 'sklearn']);
  if ('skip' in py) {
    console.log(`MFCC-statistics + RBF-SVM: ${py.skip}`);
    return;
  }
  const svm = runSvmBaseline<{ UA: number; WA: number }>(py.python, { items: emodbSvmItems(dir) });
  console.log(`MFCC-statistics + RBF-SVM:  UA ${svm.UA.toFixed(2)}  WA ${svm.WA.toFixed(2)}`);
  console.log(`difference (ours - SVM): UA ${(ours.UA - svm.UA >= 0 ? '+' : '')}${(ours.UA - svm.UA).toFixed(2)}, WA ${(ours.WA - svm.WA >= 0 ? '+' : '')}${(ours.WA - svm.WA).toFixed(2)}`);
  console.log(`10-fold leave-one-speaker-out wall clock: ${wall.toFixed(0)} s (target: <= 900 s on 2 cores; <= 300 s with the native backend)`);
}

void main();
