/**
 * A dataset as every job after the scan sees it: the usable utterances under the class map, with the label
 * store's corrections applied first (corrections never touch the corpus; see labels/labelStore.ts). Training,
 * inspection, the CLI and the extension all open datasets through here so they agree on labels and on the set.
 */
import type { FileSystem } from '../io/fileSystem';
import { LabelStore } from '../labels/labelStore';
import { IEMOCAP_CODES } from './labelAliases';
import { usableUtterances, type ScanOptions, type UsableSelection } from './scan';

export interface LabelledDataset extends UsableSelection {
  /** The dataset's label store (sidecar in <root>/.ser/labels.jsonl); its problems are the sidecar's damage. */
  store: LabelStore;
  /** Labels `ser labels set` and the editor accept: every code of the class map, of the corpus and IEMOCAP's. */
  allowedLabels: string[];
}

/** Loads `root`, opens its label store, and selects the usable utterances by their effective labels. */
export async function openLabelledDataset(fs: FileSystem, root: string, options: Omit<ScanOptions, 'relabel'> = {}): Promise<LabelledDataset> {
  let store: LabelStore | undefined;
  let allowed: string[] = [];
  const usable = await usableUtterances(fs, root, {
    ...options,
    relabel: async (dataset, classMap) => {
      const corpusLabels = new Map(dataset.utterances.map((u) => [u.id, u.label] as const));
      // 'xxx' means "the evaluators did not agree": a corpus state, never a label an annotator gives.
      const codes = new Set<string>([...IEMOCAP_CODES.filter((c) => c !== 'xxx'), ...Object.keys(classMap.codeToClass)]);
      for (const l of corpusLabels.values()) if (l !== undefined) codes.add(l);
      allowed = [...codes].sort();
      store = await LabelStore.open(fs, dataset.root, { corpusLabels, allowedLabels: allowed });
      return store.effectiveLabels();
    },
  });
  return { ...usable, store: store!, allowedLabels: allowed };
}
