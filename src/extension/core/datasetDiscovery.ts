/**
 * Finding datasets in a workspace from file names alone (no file is read), for the activation events and for the
 * first open: each layout the engine detects leaves a file whose path names the dataset root.
 */
import * as path from 'node:path';

/** Glob patterns (workspace-relative) whose matches name a dataset; also package.json's activationEvents. */
export const DATASET_MARKERS: readonly { glob: string; rootOf: (file: string) => string | undefined }[] = [
  // IEMOCAP: <root>/Session1/dialog/EmoEvaluation/<dialog>.txt
  { glob: '**/Session*/dialog/EmoEvaluation/*.txt', rootOf: (f) => up(f, 4) },
  // Corrections already made: <root>/.ser/labels.jsonl
  { glob: '**/.ser/labels.jsonl', rootOf: (f) => up(f, 2) },
  // EmoDB: <root>/wav/03a01Fa.wav
  { glob: '**/wav/[0-9][0-9][a-z][0-9][0-9][A-Z]*.wav', rootOf: (f) => up(f, 2) },
  // RAVDESS: <root>/Actor_12/03-01-05-01-02-01-12.wav
  { glob: '**/Actor_[0-9][0-9]/*-*-*-*-*-*-*.wav', rootOf: (f) => up(f, 2) },
  // CREMA-D: <root>/AudioWAV/1001_DFA_ANG_XX.wav
  { glob: '**/AudioWAV/*_*_*_*.wav', rootOf: (f) => up(f, 2) },
];

function up(file: string, levels: number): string | undefined {
  let d = file;
  for (let i = 0; i < levels; i++) d = path.dirname(d);
  return d === path.dirname(d) ? undefined : d;
}

/**
 * Dataset roots named by `files` (absolute paths of marker matches), outermost first, without roots inside another
 * (an IEMOCAP release found both by its sessions and its sidecar is one dataset).
 */
export function datasetRoots(files: readonly { marker: number; file: string }[]): string[] {
  const roots = new Set<string>();
  for (const { marker, file } of files) {
    const r = DATASET_MARKERS[marker]?.rootOf(file);
    if (r) roots.add(r);
  }
  const sorted = [...roots].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const out: string[] = [];
  for (const r of sorted) if (!out.some((o) => r === o || r.startsWith(o + path.sep))) out.push(r);
  return out;
}
