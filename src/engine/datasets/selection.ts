/**
 * Which utterances a job uses: label inside the class map and, for IEMOCAP, the improvised or scripted dialogs
 * only. Scan, feature extraction and training all select through here so they agree on the set.
 */
import { SerError } from '../errors';
import type { DatasetFormat, LoadedDataset, Utterance } from './utterance';
import { classOf, defaultClassMap, parseClassMap, type ClassMap } from './classMap';

/** IEMOCAP dialog types to keep; 'all' (the default) keeps every utterance of any corpus. */
export type DatasetSubset = 'all' | 'improvised' | 'scripted';

/** An utterance the job uses, with its class under the class map. */
export interface SelectedUtterance {
  utterance: Utterance;
  className: string;
}

/** The class map for `dataset`: `spec` parsed when given, else the format's default over the labels present. */
export function classMapFor(dataset: LoadedDataset, spec?: string): ClassMap {
  if (spec !== undefined && spec.trim() !== '') return parseClassMap(spec);
  const seen = new Set<string>();
  for (const u of dataset.utterances) if (u.label !== undefined) seen.add(u.label);
  return defaultClassMap(dataset.format, [...seen]);
}

/** Throws SerError 'usage' when `subset` is asked of a corpus without improvised/scripted dialogs. */
export function checkSubset(format: DatasetFormat, subset: DatasetSubset, root: string): void {
  if (subset !== 'all' && format !== 'iemocap') {
    throw new SerError('usage', root, `--subset ${subset} only applies to IEMOCAP (this is a ${format} dataset)`);
  }
}

function inSubset(u: Utterance, subset: DatasetSubset): boolean {
  if (subset === 'all') return true;
  const type = u.attributes?.type;
  return subset === 'improvised' ? type === 'impro' : type === 'script';
}

/** The utterances of `utterances` in `subset` whose label the class map keeps, in input order. */
export function selectUtterances(utterances: readonly Utterance[], map: ClassMap, subset: DatasetSubset = 'all'): SelectedUtterance[] {
  const out: SelectedUtterance[] = [];
  for (const u of utterances) {
    if (!inSubset(u, subset)) continue;
    const className = classOf(map, u.label);
    if (className !== undefined) out.push({ utterance: u, className });
  }
  return out;
}
