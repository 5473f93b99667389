/** Options `ser train` and `ser eval` share: --config, --backend, --out, --cache, and reading the config file. */
import * as path from 'node:path';
import type { FileSystem } from '../engine/io/fileSystem';
import { SerError } from '../engine/errors';
import { parseBackendChoice } from '../engine/backend/ensureBackend';
import type { BackendChoice } from '../shared/trainTypes';
import { UsageError } from './cliContext';

export const TRAIN_OPTIONS = {
  config: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  cache: { type: 'string' },
  verbose: { type: 'boolean', short: 'v', default: false },
} as const;

export interface TrainArgs {
  config?: unknown;
  configSource?: string;
  backend?: BackendChoice;
  cacheDir?: string;
}

export async function trainArgs(fs: FileSystem, cwd: string, values: { config?: string; backend?: string; cache?: string }): Promise<TrainArgs> {
  const out: TrainArgs = {};
  if (values.config !== undefined) {
    const file = path.resolve(cwd, values.config);
    let text: string;
    try {
      text = await fs.readText(file);
    } catch {
      throw new SerError('not-found', file, 'config file not found');
    }
    try {
      out.config = JSON.parse(text);
    } catch (err) {
      throw new SerError('parse', file, `not valid JSON: ${(err as Error).message}`);
    }
    out.configSource = file;
  }
  if (values.backend !== undefined) {
    try {
      out.backend = parseBackendChoice(values.backend, '--backend');
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (values.cache !== undefined) out.cacheDir = path.resolve(cwd, values.cache);
  return out;
}

/** A default run folder name: runs/<kind>-<date>-<time>. */
export function defaultRunDir(cwd: string, kind: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join(cwd, 'runs', `${kind}-${stamp}`);
}
