// A small IEMOCAP corpus (test/fixtures/corpora.ts) with a run folder whose out-of-fold predictions make one
// utterance an obvious suspect: Ses03M_impro05a_F000 is labelled neu, but the model hears hap and it sits among
// the hap utterances. Two more entries are for utterances that cannot be scored (gone, and outside 4class).
import { join } from 'node:path';
import { tempCorpusDir, writeIemocapFixture } from '../../fixtures/corpora';
import { writeOofPredictions, type OofEntry } from '../../../src/engine/run/oofPredictions';
import type { FileSystem } from '../../../src/engine/io/fileSystem';
import { Prng } from '../../../src/engine/demo/prng';

export const CLASSES = ['ang', 'hap', 'neu', 'sad'];
export const SUSPECT = 'Ses03M_impro05a_F000';
export const GONE = 'Ses09F_impro01_F000';
export const OUT_OF_MAP = 'Ses01F_impro01_F003';

/** Usable utterances of the fixture under 4class, with their classes. */
export const USABLE: [string, string][] = [
  ['Ses01F_impro01_F000', 'neu'],
  ['Ses01F_impro01_M000', 'ang'],
  ['Ses01F_impro01_M001', 'hap'],
  ['Ses01F_impro01_F002', 'hap'],
  ['Ses01F_script01_1_F000', 'neu'],
  ['Ses01F_script01_1_M000', 'sad'],
  ['Ses03M_impro05a_M000', 'hap'],
  [SUSPECT, 'neu'],
  ['Ses05M_script01_1b_F000', 'ang'],
  ['Ses05M_script01_1b_M000', 'hap'],
];

export interface InspectFixture {
  fs: FileSystem;
  dir: string;
  root: string;
  runDir: string;
  cleanup: () => Promise<void>;
}

/** Writes the corpus and a run; `variant` changes the predictions (e.g. a retrained run). */
export async function writeInspectFixture(variant: 'first' | 'retrained' = 'first', existing?: { fs: FileSystem; dir: string; cleanup: () => Promise<void> }): Promise<InspectFixture> {
  const t = existing ?? (await tempCorpusDir('ser-inspect-'));
  const root = t.dir;
  if (!existing) await writeIemocapFixture(t.fs, root);
  const runDir = join(t.dir, variant === 'first' ? 'run1' : 'run2');
  const rnd = new Prng(variant === 'first' ? 1 : 2);
  const dim = 6;
  const entries: OofEntry[] = [];
  const rows: number[][] = [];
  const add = (id: string, label: string, where: string, probs: number[]) => {
    entries.push({ id, label, fold: 0, probs });
    rows.push(Array.from({ length: dim }, (_, t) => (t === CLASSES.indexOf(where) ? 3 : 0) + 0.2 * rnd.normal()));
  };
  for (const [id, cls] of USABLE) {
    if (id === SUSPECT) continue;
    add(id, cls, cls, CLASSES.map((c) => (c === cls ? 0.85 : 0.05)));
  }
  if (variant === 'first') add(SUSPECT, 'neu', 'hap', [0.05, 0.8, 0.1, 0.05]);
  // After the correction to hap, the retrained model agrees.
  else add(SUSPECT, 'hap', 'hap', [0.05, 0.85, 0.05, 0.05]);
  add(GONE, 'sad', 'sad', [0.05, 0.05, 0.05, 0.85]);
  add(OUT_OF_MAP, 'neu', 'neu', [0.1, 0.1, 0.7, 0.1]);
  await writeOofPredictions(t.fs, runDir, { classes: CLASSES, dim, utterances: entries, embeddings: Float32Array.from(rows.flat()) });
  await t.fs.writeFileAtomic(join(runDir, 'metrics.json'), JSON.stringify({ WA: variant === 'first' ? 61.5 : 64, UA: variant === 'first' ? 58 : 62.25, macroF1: 57, folds: [{ index: 0, WA: 61.5, UA: 58 }] }));
  return { fs: t.fs, dir: t.dir, root, runDir, cleanup: t.cleanup };
}
