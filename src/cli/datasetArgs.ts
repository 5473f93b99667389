/** The options every dataset command shares (--format, --classes, --subset), parsed and checked once. */
import * as path from 'node:path';
import type { DatasetFormatName, DatasetSelection } from '../shared/protocol';
import { UsageError } from './cliContext';

export const DATASET_OPTIONS = {
  format: { type: 'string' },
  classes: { type: 'string' },
  subset: { type: 'string' },
} as const;

const FORMATS: readonly DatasetFormatName[] = ['auto', 'iemocap', 'emodb', 'ravdess', 'cremad', 'manifest', 'folders'];
const SUBSETS = ['all', 'improvised', 'scripted'] as const;

export function datasetSelection(
  cwd: string,
  dir: string | undefined,
  values: { format?: string; classes?: string; subset?: string },
): DatasetSelection {
  if (!dir) throw new UsageError('missing the dataset folder');
  const format = (values.format ?? 'auto') as DatasetFormatName;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join('|')}, not "${values.format}"`);
  const subset = (values.subset ?? 'all') as (typeof SUBSETS)[number];
  if (!SUBSETS.includes(subset)) throw new UsageError(`--subset must be one of ${SUBSETS.join('|')}, not "${values.subset}"`);
  return { root: path.resolve(cwd, dir), format, subset, ...(values.classes !== undefined ? { classes: values.classes } : {}) };
}
