/**
 * Writes dialogs in the exact IEMOCAP_full_release layout: EmoEvaluation and transcription text files as the
 * release spells them (tabs, 4-decimal times, "dom  2" with its double space) and one WAV per utterance. The demo
 * corpus and the test fixtures are made with it, so the reader is always exercised on the real format.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { IEMOCAP_WORD_OF_CODE } from '../datasets/labelAliases';
import { joinPath } from '../datasets/paths';

/** One evaluator line to write: codes are turned into IEMOCAP's words. */
export interface VoteSpec {
  evaluator: string;
  labels: string[];
  note?: string;
}

/** One `A-<evaluator>:` line; values on the corpus' 1..5 scale. */
export interface DimVoteSpec {
  evaluator: string;
  val: number;
  act: number;
  dom: number;
  note?: string;
}

export interface IemocapUttSpec {
  /** e.g. Ses01F_impro01_F000; must start with the dialog name. */
  id: string;
  /** Seconds within the dialog. */
  start: number;
  end: number;
  /** Consensus code (neu, ang, ..., xxx). */
  code: string;
  vad: [number, number, number];
  votes: VoteSpec[];
  selfVotes?: VoteSpec[];
  dimVotes: DimVoteSpec[];
  transcript: string;
  /** WAV bytes of the sentence, or null to list it without audio. */
  audio: Uint8Array | null;
}

export interface IemocapDialogSpec {
  /** 1..5 in the real corpus. */
  session: number;
  /** e.g. Ses01F_impro01, Ses03M_impro05a, Ses05M_script01_1b. */
  dialog: string;
  utterances: IemocapUttSpec[];
}

const f4 = (x: number) => x.toFixed(4);

function voteLine(v: VoteSpec): string {
  const words = v.labels.map((c) => `${IEMOCAP_WORD_OF_CODE[c] ?? c};`).join(' ');
  return `C-${v.evaluator}:\t${words}\t(${v.note ?? ''})`;
}

/** The EmoEvaluation/<dialog>.txt text of a dialog. */
export function emoEvaluationText(d: IemocapDialogSpec): string {
  const out = ['% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]', ''];
  for (const u of d.utterances) {
    out.push(`[${f4(u.start)} - ${f4(u.end)}]\t${u.id}\t${u.code}\t[${u.vad.map(f4).join(', ')}]`);
    for (const v of u.votes) out.push(voteLine(v));
    for (const v of u.selfVotes ?? []) out.push(voteLine(v));
    for (const a of u.dimVotes) out.push(`A-${a.evaluator}:\tval ${a.val}; act ${a.act}; dom  ${a.dom};\t(${a.note ?? ''})`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** The transcriptions/<dialog>.txt text: `id [start-end]: text`, times zero-padded to 3 integer digits. */
export function transcriptionText(d: IemocapDialogSpec): string {
  const t = (x: number) => f4(x).padStart(8, '0');
  return d.utterances.map((u) => `${u.id} [${t(u.start)}-${t(u.end)}]: ${u.transcript}\n`).join('');
}

/** Writes `<root>/IEMOCAP_full_release/Session<n>/...` for every dialog. */
export async function writeIemocapLayout(fs: FileSystem, root: string, dialogs: readonly IemocapDialogSpec[]): Promise<void> {
  const base = joinPath(root, 'IEMOCAP_full_release');
  for (const d of dialogs) {
    for (const u of d.utterances) {
      if (!u.id.startsWith(`${d.dialog}_`)) {
        throw new SerError('usage', undefined, `utterance ${u.id} does not belong to dialog ${d.dialog}`);
      }
    }
    const session = joinPath(base, `Session${d.session}`);
    await fs.writeFileAtomic(joinPath(session, 'dialog', 'EmoEvaluation', `${d.dialog}.txt`), emoEvaluationText(d));
    await fs.writeFileAtomic(joinPath(session, 'dialog', 'transcriptions', `${d.dialog}.txt`), transcriptionText(d));
    for (const u of d.utterances) {
      if (u.audio) await fs.writeFileAtomic(joinPath(session, 'sentences', 'wav', d.dialog, `${u.id}.wav`), u.audio);
    }
  }
}
