/**
 * Benchmark corpora, generated once into .bench/ (ignored by git) and reused: the synthetic stand-ins for the
 * corpora the issues quote (EmoDB: 535 utterances, 10 speakers, 7 classes; IEMOCAP: 5 sessions, 4 classes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../src/engine/io/nodeFileSystem';
import { writeEmodbCorpus, type EmodbCorpusOptions } from '../src/engine/demo/emodbCorpus';
import { writeIemocapCorpus, type IemocapCorpusOptions } from '../src/engine/demo/iemocapCorpus';
import { TRUTH_FILE, writeTruth } from '../src/engine/demo/corpusTruth';
import { REPO_ROOT } from './peers';

export const BENCH_DIR = join(REPO_ROOT, '.bench');

/** The EmoDB-like corpus at `difficulty` (0.5: the reference SVM scores about what it scores on real EmoDB). */
export async function emodbCorpus(name: string, options: EmodbCorpusOptions): Promise<string> {
  const dir = join(BENCH_DIR, name);
  if (!existsSync(join(dir, TRUTH_FILE))) {
    const fs = new NodeFileSystem();
    const r = await writeEmodbCorpus(fs, dir, options);
    await writeTruth(fs, join(dir, TRUTH_FILE), r.truth);
  }
  return dir;
}

export async function iemocapCorpus(name: string, options: IemocapCorpusOptions): Promise<string> {
  const dir = join(BENCH_DIR, name);
  if (!existsSync(join(dir, TRUTH_FILE))) {
    const fs = new NodeFileSystem();
    const r = await writeIemocapCorpus(fs, dir, options);
    await writeTruth(fs, join(dir, TRUTH_FILE), r.truth);
  }
  return dir;
}
