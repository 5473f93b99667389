/**
 * CREMA-D adapter: AudioWAV/1001_DFA_ANG_XX.wav = actor, sentence, emotion, level. Genders come from the
 * corpus' VideoDemographics.csv when it sits next to AudioWAV.
 */
import type { FileSystem } from '../io/fileSystem';
import { asSerError } from '../errors';
import type { DatasetIssue, LoadedDataset, Utterance } from './utterance';
import { parseCsv } from './csv';
import { countNames, namesLookRight, utterancesFromNames } from './namedFiles';
import { joinPath } from './paths';

const NAME = /^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{1,2})\.wav$/i;
const EMOTIONS: Record<string, string> = { ANG: 'ang', DIS: 'dis', FEA: 'fea', HAP: 'hap', NEU: 'neu', SAD: 'sad' };
const LEVELS: Record<string, string> = { LO: 'low', MD: 'medium', HI: 'high', XX: 'unspecified', X: 'unspecified' };

export interface CremadName {
  actor: string;
  sentence: string;
  emotion: string;
  level: string;
}

export function parseCremadName(name: string): CremadName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const emotion = m[3].toUpperCase();
  const level = m[4].toUpperCase();
  if (!(emotion in EMOTIONS) || !(level in LEVELS)) return undefined;
  return { actor: m[1], sentence: m[2].toUpperCase(), emotion, level };
}

/** The folder holding the CREMA-D wavs: root/AudioWAV, or root itself. */
export async function locateCremad(fs: FileSystem, root: string): Promise<string | undefined> {
  for (const dir of [joinPath(root, 'AudioWAV'), root]) {
    if (namesLookRight(await countNames(fs, dir, (n) => parseCremadName(n) !== undefined))) return dir;
  }
  return undefined;
}

/** ActorID -> gender from VideoDemographics.csv (ActorID,Age,Sex,Race,Ethnicity). */
async function readGenders(fs: FileSystem, file: string, errors: DatasetIssue[]): Promise<Map<string, 'F' | 'M'>> {
  const out = new Map<string, 'F' | 'M'>();
  try {
    if (!(await fs.stat(file))?.isFile) return out;
    const { rows, errors: csvErrors } = parseCsv(await fs.readText(file), file);
    errors.push(...csvErrors);
    const head = rows[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
    const idCol = head.indexOf('actorid');
    const sexCol = head.indexOf('sex');
    if (idCol < 0 || sexCol < 0) return out;
    for (const r of rows.slice(1)) {
      const sex = (r.fields[sexCol] ?? '').trim().toLowerCase();
      if (sex === 'male' || sex === 'female') out.set((r.fields[idCol] ?? '').trim(), sex === 'male' ? 'M' : 'F');
    }
  } catch (err) {
    errors.push({ file, message: `genders not read: ${asSerError(err, file).problem}` });
  }
  return out;
}

export async function loadCremad(fs: FileSystem, root: string, wavDir: string): Promise<LoadedDataset> {
  const utterances: Utterance[] = [];
  const errors: DatasetIssue[] = [];
  const genders = await readGenders(fs, joinPath(root, 'VideoDemographics.csv'), errors);
  await utterancesFromNames(fs, wavDir, (name, audioPath) => {
    const p = parseCremadName(name);
    if (!p) return 'the name does not follow CREMA-D\'s pattern (e.g. 1001_DFA_ANG_XX.wav: actor, sentence, ANG DIS FEA HAP NEU SAD, level LO MD HI XX)';
    const u: Utterance = {
      id: name.slice(0, -4),
      audioPath,
      speaker: p.actor,
      session: p.actor,
      label: EMOTIONS[p.emotion],
      rawLabel: p.emotion,
      attributes: { sentence: p.sentence, level: LEVELS[p.level] },
    };
    const g = genders.get(p.actor);
    if (g) u.gender = g;
    return u;
  }, utterances, errors);
  return { format: 'cremad', root, utterances, errors };
}
