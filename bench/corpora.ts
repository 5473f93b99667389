/**
 * Benchmark corpora, generated once into .bench/ (ignored by git) and reused: the synthetic stand-ins for the
 * corpora the issues quote (EmoDB: 535 utterances, 10 speakers, 7 classes; IEMOCAP: 5 sessions, 4 classes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../src/engine/io/nodeFileSystem';
import { writeEmodbCorpus, type EmodbCorpusOptions } from '../src/engine/demo/emodbCorpus';
import { writeIemocapCorpus, type IemocapCorpusOptions } from '../src/engine/demo/iemocapCorpus';
import { TRUTH_FILE, writeTruth, type CorpusTruth } from '../src/engine/demo/corpusTruth';
import type { FileSystem } from '../src/engine/io/fileSystem';
import { REPO_ROOT } from './peers';

export const BENCH_DIR = join(REPO_ROOT, '.bench');

/** `<BENCH_DIR>/<name>`, written by `write` (which returns the corpus' ground truth) unless an earlier run left it there. */
async function generatedOnce(name: string, write: (fs: FileSystem, dir: string) => Promise<{ truth: CorpusTruth }>): Promise<string> {
  const dir = join(BENCH_DIR, name);
  if (!existsSync(join(dir, TRUTH_FILE))) {
    const fs = new NodeFileSystem();
    const r = await write(fs, dir);
    // The truth file goes last: its presence says the corpus is complete.
    await writeTruth(fs, join(dir, TRUTH_FILE), r.truth);
  }
  return dir;
}

/** The EmoDB-like corpus at `difficulty` (0.5: the reference SVM scores about what it scores on real EmoDB). */
export function emodbCorpus(name: string, options: EmodbCorpusOptions): Promise<string> {
  return generatedOnce(name, (fs, dir) => writeEmodbCorpus(fs, dir, options));
}

export function iemocapCorpus(name: string, options: IemocapCorpusOptions): Promise<string> {
  return generatedOnce(name, (fs, dir) => writeIemocapCorpus(fs, dir, options));
}
