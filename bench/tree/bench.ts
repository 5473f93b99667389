/**
 * bench/tree: the dataset explorer's model on 10k and 100k utterances (IEMOCAP-like: sessions, dialogs): building
 * it and expanding the first dialog, expanding every group once, and a class + mispredicted filter. Peer in the same
 * run: the straightforward model that filters and groups the whole utterance list on every expansion (what a tree
 * provider without an index does), answering the same expansions.
 */
import { DatasetModel, NO_FILTER, type TreeNode } from '../../src/extension/core/datasetModel';
import { iemocapListing, overlayFor } from '../../test/extension/listingBuilder';

const ms = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

function naive(rows: ReturnType<typeof iemocapListing>['utterances']) {
  // Every expansion scans all rows: sessions, then the dialogs of a session, then the utterances of a dialog.
  const sessions = () => [...new Set(rows.map((r) => r.session ?? ''))].sort();
  const dialogs = (s: string) => [...new Set(rows.filter((r) => r.session === s).map((r) => r.dialog ?? ''))].sort();
  const utterances = (d: string) => rows.filter((r) => r.dialog === d).sort((a, b) => a.id.localeCompare(b.id));
  return { sessions, dialogs, utterances };
}

for (const [sessions, dialogs, perDialog] of [[5, 40, 50], [10, 100, 100]] as const) {
  const l = iemocapListing({ sessions, dialogs, perDialog });
  const n = l.utterances.length;
  const root: TreeNode = { kind: 'dataset', root: l.root };
  let m!: DatasetModel;
  const first = ms(() => {
    m = new DatasetModel(l);
    m.setOverlay(overlayFor(l));
    const s = m.children(root, NO_FILTER, 'auto');
    m.children(m.children(s[0], NO_FILTER, 'auto')[0], NO_FILTER, 'auto');
  });
  const all = ms(() => {
    for (const s of m.children(root, NO_FILTER, 'auto')) for (const d of m.children(s, NO_FILTER, 'auto')) m.children(d, NO_FILTER, 'auto');
  });
  const filter = ms(() => m.children(root, { ...NO_FILTER, mispredicted: true, classes: ['hap'] }, 'auto'));
  const p = naive(l.utterances);
  const pFirst = ms(() => p.utterances(p.dialogs(p.sessions()[0])[0]));
  const pAll = ms(() => {
    for (const s of p.sessions()) for (const d of p.dialogs(s)) p.utterances(d);
  });
  console.log(`${n} utterances: first expansion ${first.toFixed(1)} ms (naive ${pFirst.toFixed(1)}), every group ${all.toFixed(1)} ms (naive ${pAll.toFixed(1)}, ${(pAll / all).toFixed(0)}x), filter ${filter.toFixed(1)} ms`);
}
