/**
 * Berlin EmoDB adapter: wav/03a01Fa.wav = speaker 03, text a01, emotion letter F (German initials), version a.
 */
import type { FileSystem } from '../io/fileSystem';
import type { DatasetIssue, LoadedDataset, Utterance } from './utterance';
import { countNames, namesLookRight, utterancesFromNames } from './namedFiles';
import { joinPath } from './paths';

const NAME = /^(\d\d)([a-z]\d\d)([A-Z])([a-z]?)\.wav$/i;

/** German initials: Wut, Langeweile, Ekel, Angst, Freude, Trauer, Neutral. */
const EMOTIONS: Record<string, string> = { W: 'ang', L: 'bor', E: 'dis', A: 'fea', F: 'hap', T: 'sad', N: 'neu' };

/** The ten speakers' genders from the corpus documentation. */
const GENDER: Record<string, 'F' | 'M'> = {
  '03': 'M', '08': 'F', '09': 'F', '10': 'M', '11': 'M', '12': 'M', '13': 'F', '14': 'F', '15': 'M', '16': 'F',
};

export interface EmodbName {
  speaker: string;
  text: string;
  letter: string;
  version: string;
}

export function parseEmodbName(name: string): EmodbName | undefined {
  const m = NAME.exec(name);
  if (!m || !(m[3] in EMOTIONS)) return undefined;
  return { speaker: m[1], text: m[2].toLowerCase(), letter: m[3], version: m[4].toLowerCase() };
}

/** The folder holding the EmoDB wavs: root/wav, or root itself. */
export async function locateEmodb(fs: FileSystem, root: string): Promise<string | undefined> {
  for (const dir of [joinPath(root, 'wav'), root]) {
    if (namesLookRight(await countNames(fs, dir, (n) => parseEmodbName(n) !== undefined))) return dir;
  }
  return undefined;
}

export async function loadEmodb(fs: FileSystem, root: string, wavDir: string): Promise<LoadedDataset> {
  const utterances: Utterance[] = [];
  const errors: DatasetIssue[] = [];
  await utterancesFromNames(fs, wavDir, (name, audioPath) => {
    const p = parseEmodbName(name);
    if (!p) return 'the name does not follow EmoDB\'s pattern (e.g. 03a01Fa.wav: speaker, text, emotion letter W L E A F T N, version)';
    const u: Utterance = {
      id: name.slice(0, -4),
      audioPath,
      speaker: p.speaker,
      session: p.speaker,
      label: EMOTIONS[p.letter],
      rawLabel: p.letter,
      attributes: { text: p.text, version: p.version },
    };
    const g = GENDER[p.speaker];
    if (g) u.gender = g;
    return u;
  }, utterances, errors);
  return { format: 'emodb', root, utterances, errors };
}
