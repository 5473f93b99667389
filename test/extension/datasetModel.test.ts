// The dataset tree's model: grouping by session / speaker / dialog, filters, pages, parents for reveal, label
// changes, and a 10k-utterance corpus expanded lazily (its timings: bench/tree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetModel, NO_FILTER, PAGE_SIZE, nodeId, describeFilter, type TreeNode } from '../../src/extension/core/datasetModel';
import { iemocapListing, flatListing, overlayFor } from './listingBuilder';

const ds = (m: DatasetModel): TreeNode => ({ kind: 'dataset', root: m.root });

test('IEMOCAP groups by session, then dialog; other corpora by speaker; groupBy overrides', () => {
  const m = new DatasetModel(iemocapListing());
  assert.deepEqual(m.levels('auto'), ['session', 'dialog']);
  assert.deepEqual(m.levels('speaker'), ['speaker']);
  const sessions = m.children(ds(m), NO_FILTER, 'auto');
  assert.deepEqual(sessions.map((n) => n.kind === 'group' && n.path.join('/')), ['Ses01', 'Ses02']);
  const dialogs = m.children(sessions[0], NO_FILTER, 'auto');
  assert.deepEqual(dialogs.map((n) => n.kind === 'group' && [n.level, n.count]), [['dialog', 3], ['dialog', 3]]);
  const utts = m.children(dialogs[0], NO_FILTER, 'auto');
  assert.deepEqual(utts.map((n) => n.kind), ['utterance', 'utterance', 'utterance']);
  const flat = new DatasetModel(flatListing(10, 2));
  assert.deepEqual(flat.levels('auto'), ['speaker']);
  assert.deepEqual(flat.levels('dialog'), ['speaker'], 'no dialogs: falls back to speakers');
  assert.equal(flat.children(ds(flat), NO_FILTER, 'auto')[0].kind, 'problems', 'unreadable files are listed first');
});

test('filters: class, corrected, suspects, evaluator disagreement, mispredicted; combined with AND', () => {
  const l = iemocapListing({ sessions: 1, dialogs: 1, perDialog: 8 });
  const m = new DatasetModel(l);
  m.setOverlay(overlayFor(l, 'sad'));
  assert.equal(m.visible({ ...NO_FILTER, classes: ['ang'] }).length, 2);
  const first = l.utterances[0];
  assert.ok(m.applyChange({ utt: first.id, label: 'sad', className: 'sad', corpusLabel: first.corpusLabel, correction: { who: 'ana', when: 'now' }, by: { op: 'set', who: 'ana', when: 'now' } }));
  assert.deepEqual(m.visible({ ...NO_FILTER, corrected: true }).map((r) => r.id), [first.id]);
  m.setSuspects([{ id: l.utterances[3].id, score: 0.9, label: 'sad', suggested: 'hap', suggestedProbability: 0.8, category: 'likely-wrong' }]);
  assert.deepEqual(m.visible({ ...NO_FILTER, suspects: true }).map((r) => r.id), [l.utterances[3].id]);
  assert.equal(m.suspectRankOf(l.utterances[3].id), 1);
  const disagree = m.visible({ ...NO_FILTER, disagreement: true }).map((r) => r.id);
  assert.ok(disagree.includes(l.utterances[2].id), 'one evaluator of three for the label');
  assert.ok(disagree.includes(first.id), 'corrected away from what all evaluators heard');
  const wrong = m.visible({ ...NO_FILTER, mispredicted: true });
  assert.ok(wrong.every((r) => m.prediction(r.id)!.predicted !== r.className));
  assert.ok(wrong.length > 0);
  // Judged against the effective label: the utterance corrected to sad is mispredicted now (the run said ang).
  assert.deepEqual(m.visible({ ...NO_FILTER, mispredicted: true, classes: ['sad'] }).map((r) => r.id), [first.id]);
  assert.equal(describeFilter({ ...NO_FILTER, classes: ['ang', 'sad'], corrected: true }), 'ang, sad · corrected');
});

test('a group larger than a page is split into pages; parents lead back up for reveal', () => {
  const m = new DatasetModel(flatListing(PAGE_SIZE * 2 + 7));
  const [, speaker] = m.children(ds(m), NO_FILTER, 'auto');
  assert.equal(speaker.kind, 'group');
  const pages = m.children(speaker, NO_FILTER, 'auto');
  assert.deepEqual(pages.map((p) => p.kind === 'page' && [p.from, p.to]), [[0, PAGE_SIZE], [PAGE_SIZE, 2 * PAGE_SIZE], [2 * PAGE_SIZE, 2 * PAGE_SIZE + 7]]);
  const last = m.children(pages[2], NO_FILTER, 'auto');
  assert.equal(last.length, 7);
  const u = last[3];
  assert.deepEqual(m.parent(u, NO_FILTER, 'auto'), pages[2]);
  assert.deepEqual(m.parent(pages[2], NO_FILTER, 'auto'), speaker);
  assert.deepEqual(m.parent(speaker, NO_FILTER, 'auto'), ds(m));
  assert.equal(new Set([ds(m), speaker, ...pages, ...last].map(nodeId)).size, 3 + pages.length + last.length - 1, 'ids are unique');
});

test('10k utterances: every level of children is grouped lazily and every utterance is reachable once', () => {
  const l = iemocapListing({ sessions: 5, dialogs: 40, perDialog: 50 });
  assert.equal(l.utterances.length, 10_000);
  const m = new DatasetModel(l);
  m.setOverlay(overlayFor(l));
  const sessions = m.children(ds(m), NO_FILTER, 'auto');
  assert.equal(sessions.length, 5);
  const seen = new Set<string>();
  for (const s of sessions) {
    for (const d of m.children(s, NO_FILTER, 'auto')) {
      const kids = m.children(d, NO_FILTER, 'auto');
      assert.ok(kids.length <= PAGE_SIZE + 1, 'a dialog never lists more than a page of items at once');
      for (const k of kids) if (k.kind === 'utterance') seen.add(nodeId(k));
    }
  }
  assert.equal(seen.size, 10_000, 'each of 5 sessions x 40 dialogs lists its 50 utterances, none twice');
  const filtered = m.children(ds(m), { ...NO_FILTER, mispredicted: true, classes: ['hap'] }, 'auto');
  assert.ok(filtered.length > 0 && filtered.length <= 5);
  // Timings of the same expansions are measured by `node bench/run.mjs tree`, not asserted here.
});

test('the wav file of an utterance is found; a region of a longer file is not mistaken for it', () => {
  const l = flatListing(3);
  l.utterances[1] = { ...l.utterances[1], start: 1, end: 2 };
  const m = new DatasetModel(l);
  assert.equal(m.utteranceForFile('/flat/u0.wav'), 'u000000');
  assert.equal(m.utteranceForFile('/flat/u1.wav'), undefined);
  assert.equal(m.applyChange({ utt: 'nope', label: 'x', className: null, corpusLabel: null, by: { op: 'set', who: 'a', when: 'w' } }), false);
});
