// Builds DatasetListings of any size in code (no audio), for the tree model's tests.
import type { DatasetListing, RunOverlay, UtteranceRow } from '../../src/shared/protocol';

export const CLASSES = ['ang', 'hap', 'neu', 'sad'];

/** An IEMOCAP-like listing: `sessions` x 2 speakers x `dialogs` dialogs x `perDialog` utterances. */
export function iemocapListing(opts: { sessions?: number; dialogs?: number; perDialog?: number } = {}): DatasetListing {
  const { sessions = 2, dialogs = 2, perDialog = 3 } = opts;
  const rows: UtteranceRow[] = [];
  let n = 0;
  for (let s = 1; s <= sessions; s++) {
    const session = `Ses${String(s).padStart(2, '0')}`;
    for (let d = 1; d <= dialogs; d++) {
      const dialog = `${session}F_impro${String(d).padStart(2, '0')}`;
      for (let u = 0; u < perDialog; u++) {
        const gender = u % 2 ? 'M' : 'F';
        const id = `${dialog}_${gender}${String(u).padStart(3, '0')}`;
        const cls = CLASSES[n++ % 4];
        rows.push({
          id, speaker: `${session}${gender}`, session, dialog, gender, audioPath: `/data/${session}/${dialog}/${id}.wav`, seconds: 2,
          label: cls, className: cls, corpusLabel: cls, dialogStart: u * 3, dialogEnd: u * 3 + 2,
          votes: { evaluators: 3, shares: { [cls]: u % 3 === 2 ? 1 / 3 : 1, ...(u % 3 === 2 ? { [CLASSES[(n + 1) % 4]]: 2 / 3 } : {}) }, plurality: cls, split: false },
        });
      }
    }
  }
  return { root: '/data', format: 'iemocap', classes: CLASSES, codeToClass: { ang: 'ang', hap: 'hap', exc: 'hap', neu: 'neu', sad: 'sad' }, allowedLabels: ['ang', 'dis', 'exc', 'fea', 'fru', 'hap', 'neu', 'oth', 'sad', 'sur'], utterances: rows, errors: [], labelProblems: [], sidecar: '/data/.ser/labels.jsonl' };
}

/** A speaker-only corpus (EmoDB-like) with one big speaker, to exercise paging. */
export function flatListing(n: number, speakers = 1): DatasetListing {
  const rows: UtteranceRow[] = Array.from({ length: n }, (_, i) => {
    const cls = CLASSES[i % 4];
    const speaker = `spk${i % speakers}`;
    return { id: `u${String(i).padStart(6, '0')}`, speaker, session: speaker, audioPath: `/flat/u${i}.wav`, seconds: 1, label: cls, className: cls, corpusLabel: cls };
  });
  return { root: '/flat', format: 'emodb', classes: CLASSES, codeToClass: Object.fromEntries(CLASSES.map((c) => [c, c])), allowedLabels: CLASSES, utterances: rows, errors: [{ file: '/flat/bad.wav', message: 'not a WAV file' }], labelProblems: [], sidecar: '/flat/.ser/labels.jsonl' };
}

/** A run predicting the true class for every other utterance, `wrong` for the rest. */
export function overlayFor(l: DatasetListing, wrong = 'sad'): RunOverlay {
  const predictions: RunOverlay['predictions'] = {};
  l.utterances.forEach((r, i) => {
    const predicted = i % 2 ? wrong : (r.className ?? 'neu');
    const probs = CLASSES.map((c) => (c === predicted ? 0.7 : 0.1));
    predictions[r.id] = { predicted, confidence: 0.7, probs, fold: i % 2, trainedLabel: r.className ?? 'neu' };
  });
  return {
    run: { runDir: '/data/.ser/runs/r1', kind: 'eval', status: 'complete', datasetRoot: l.root, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', classes: CLASSES, utterances: l.utterances.length, metrics: { UA: 61.25, WA: 62, macroF1: 60 }, hasPredictions: true, hasModel: false },
    classes: CLASSES,
    predictions,
  };
}
