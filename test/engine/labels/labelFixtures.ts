// Shared helpers of the label store tests: a temp dataset root, a deterministic clock and id generator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { LabelStore, type LabelStoreOptions } from '../../../src/engine/labels/labelStore';

export const CORPUS: Record<string, string | undefined> = {
  u1: 'neu',
  u2: 'ang',
  u3: 'sad',
  u4: undefined,
};

export interface TempRoot {
  root: string;
  fs: NodeFileSystem;
  cleanup(): void;
}

export function tempRoot(): TempRoot {
  const root = mkdtempSync(join(tmpdir(), 'ser-labels-'));
  return { root, fs: new NodeFileSystem(), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A clock starting at 2024-05-01T10:00:00Z that advances one second per call. */
export function fixedClock(): () => Date {
  let t = Date.UTC(2024, 4, 1, 10, 0, 0);
  return () => new Date((t += 1000) - 1000);
}

/** Ids "000000000001", "000000000002", ... (distinct per prefix so two stores never collide). */
export function counterIds(prefix = '0'): () => string {
  let n = 0;
  return () => prefix + String(++n).padStart(11, '0');
}

export function openStore(t: TempRoot, extra: Partial<LabelStoreOptions> = {}, idPrefix = '0'): Promise<LabelStore> {
  return LabelStore.open(t.fs, t.root, { corpusLabels: CORPUS, now: fixedClock(), newId: counterIds(idPrefix), ...extra });
}
