/**
 * IEMOCAP_full_release adapter: Session<n>/dialog/EmoEvaluation/<dialog>.txt lists the utterances and their
 * votes, Session<n>/sentences/wav/<dialog>/<id>.wav holds one file per utterance. The dialog comes from the
 * EmoEvaluation file name (dialogs carry suffixes like Ses03M_impro05a, so it cannot be cut out of the id).
 */
import type { FileSystem } from '../io/fileSystem';
import { asSerError, throwIfAborted } from '../errors';
import type { DatasetIssue, LoadedDataset, Utterance } from './utterance';
import { fileNamesIn, hasExtension, listDir, mapLimit } from './corpusFiles';
import { iemocapSpeakerOf, parseEmoEvaluation } from './iemocapEvaluation';
import { parseTranscriptions } from './iemocapTranscript';
import { joinPath } from './paths';

const SESSION_DIR = /^Session(\d+)$/;

/** The folder holding Session1.. under `root` (root itself or root/IEMOCAP_full_release), or undefined. */
export async function locateIemocap(fs: FileSystem, root: string): Promise<string | undefined> {
  for (const cand of [root, joinPath(root, 'IEMOCAP_full_release')]) {
    for (const e of await listDir(fs, cand)) {
      if (!e.isDirectory || !SESSION_DIR.test(e.name)) continue;
      const st = await fs.stat(joinPath(cand, e.name, 'dialog', 'EmoEvaluation'));
      if (st?.isDirectory) return cand;
    }
  }
  return undefined;
}

/** Lists every utterance of the release under `base` (the folder holding Session1..). */
export async function loadIemocap(fs: FileSystem, base: string, signal?: AbortSignal): Promise<LoadedDataset> {
  const errors: DatasetIssue[] = [];
  const sessions = (await listDir(fs, base))
    .filter((e) => e.isDirectory && SESSION_DIR.test(e.name))
    .sort((a, b) => Number(SESSION_DIR.exec(a.name)![1]) - Number(SESSION_DIR.exec(b.name)![1]));
  const jobs: { sessionDir: string; dialog: string; evalFile: string }[] = [];
  for (const s of sessions) {
    const sessionDir = joinPath(base, s.name);
    const evalDir = joinPath(sessionDir, 'dialog', 'EmoEvaluation');
    for (const e of await listDir(fs, evalDir)) {
      if (e.isFile && hasExtension(e.name, '.txt')) {
        jobs.push({ sessionDir, dialog: e.name.slice(0, -4), evalFile: joinPath(evalDir, e.name) });
      }
    }
  }
  const perDialog = await mapLimit(jobs, 8, async (job) => {
    throwIfAborted(signal, 'loading IEMOCAP');
    return loadDialog(fs, job.sessionDir, job.dialog, job.evalFile);
  });
  const utterances: Utterance[] = [];
  const ids = new Map<string, string>();
  for (const d of perDialog) {
    errors.push(...d.errors);
    for (const u of d.utterances) {
      const first = ids.get(u.id);
      if (first !== undefined) {
        errors.push({ file: d.evalFile, message: `utterance ${u.id} is already listed in ${first}; the repeat is skipped` });
        continue;
      }
      ids.set(u.id, d.evalFile);
      utterances.push(u);
    }
  }
  return { format: 'iemocap', root: base, utterances, errors };
}

async function loadDialog(
  fs: FileSystem,
  sessionDir: string,
  dialog: string,
  evalFile: string,
): Promise<{ evalFile: string; utterances: Utterance[]; errors: DatasetIssue[] }> {
  const errors: DatasetIssue[] = [];
  const utterances: Utterance[] = [];
  let text: string;
  try {
    text = await fs.readText(evalFile);
  } catch (err) {
    const e = asSerError(err, evalFile);
    return { evalFile, utterances, errors: [{ file: evalFile, message: e.problem }] };
  }
  const parsed = parseEmoEvaluation(text, evalFile);
  errors.push(...parsed.errors);
  if (parsed.records.length === 0) return { evalFile, utterances, errors };

  const transcriptFile = joinPath(sessionDir, 'dialog', 'transcriptions', `${dialog}.txt`);
  let transcripts = new Map<string, string>();
  try {
    if ((await fs.stat(transcriptFile))?.isFile) transcripts = parseTranscriptions(await fs.readText(transcriptFile));
  } catch (err) {
    errors.push({ file: transcriptFile, message: `transcripts not read: ${asSerError(err, transcriptFile).problem}` });
  }
  const wavDir = joinPath(sessionDir, 'sentences', 'wav', dialog);
  const present = await fileNamesIn(fs, wavDir);
  const type = /_impro/i.test(dialog) ? 'impro' : /_script/i.test(dialog) ? 'script' : undefined;

  for (const r of parsed.records) {
    const audioPath = joinPath(wavDir, `${r.id}.wav`);
    if (!present.has(`${r.id}.wav`)) {
      errors.push({ file: audioPath, message: `audio file not found (utterance listed in ${evalFile} line ${r.line})` });
      continue;
    }
    const who = iemocapSpeakerOf(r.id)!;
    const u: Utterance = {
      id: r.id,
      audioPath,
      speaker: `${who.session}${who.gender}`,
      session: who.session,
      label: r.code,
      rawLabel: r.code,
      gender: who.gender,
      dialog,
      votes: r.votes,
      selfVotes: r.selfVotes,
      dimensionalVotes: r.dimensionalVotes,
      vad: r.vad,
      attributes: { ...(type ? { type } : {}), dialogStart: r.start, dialogEnd: r.end },
    };
    const tr = transcripts.get(r.id);
    if (tr !== undefined) u.transcript = tr;
    utterances.push(u);
  }
  return { evalFile, utterances, errors };
}
