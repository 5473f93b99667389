/**
 * RAVDESS adapter: Actor_12/03-01-05-01-02-01-12.wav = modality, vocal channel, emotion, intensity, statement,
 * repetition, actor (odd actors are male).
 */
import type { FileSystem } from '../io/fileSystem';
import type { DatasetIssue, LoadedDataset, Utterance } from './utterance';
import { listDir } from './corpusFiles';
import { countNames, namesLookRight, utterancesFromNames } from './namedFiles';
import { joinPath } from './paths';

const NAME = /^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)\.wav$/i;
const ACTOR_DIR = /^Actor_(\d+)$/;
const EMOTIONS = ['neu', 'cal', 'hap', 'sad', 'ang', 'fea', 'dis', 'sur'];
const MODALITY: Record<string, string> = { '01': 'audio-video', '02': 'video', '03': 'audio' };
const CHANNEL: Record<string, string> = { '01': 'speech', '02': 'song' };
const INTENSITY: Record<string, string> = { '01': 'normal', '02': 'strong' };

export interface RavdessName {
  modality: string;
  channel: string;
  emotionCode: string;
  label: string;
  intensity: string;
  statement: number;
  repetition: number;
  actor: string;
}

export function parseRavdessName(name: string): RavdessName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const e = Number(m[3]);
  const actor = Number(m[7]);
  if (!MODALITY[m[1]] || !CHANNEL[m[2]] || e < 1 || e > 8 || !INTENSITY[m[4]] || actor < 1) return undefined;
  return {
    modality: MODALITY[m[1]],
    channel: CHANNEL[m[2]],
    emotionCode: m[3],
    label: EMOTIONS[e - 1],
    intensity: INTENSITY[m[4]],
    statement: Number(m[5]),
    repetition: Number(m[6]),
    actor: m[7],
  };
}

/** Actor_* folders under `root` whose wavs have RAVDESS names; [] when none. */
export async function locateRavdess(fs: FileSystem, root: string): Promise<string[]> {
  const dirs = (await listDir(fs, root)).filter((e) => e.isDirectory && ACTOR_DIR.test(e.name)).map((e) => joinPath(root, e.name));
  for (const d of dirs) {
    if (namesLookRight(await countNames(fs, d, (n) => parseRavdessName(n) !== undefined))) return dirs;
  }
  return [];
}

export async function loadRavdess(fs: FileSystem, root: string, actorDirs: string[]): Promise<LoadedDataset> {
  const utterances: Utterance[] = [];
  const errors: DatasetIssue[] = [];
  for (const dir of actorDirs) {
    await utterancesFromNames(fs, dir, (name, audioPath) => {
      const p = parseRavdessName(name);
      if (!p) return 'the name does not follow RAVDESS\'s pattern (e.g. 03-01-05-01-02-01-12.wav: modality-channel-emotion 01..08-intensity-statement-repetition-actor)';
      return {
        id: name.slice(0, -4),
        audioPath,
        speaker: p.actor,
        session: p.actor,
        label: p.label,
        rawLabel: p.emotionCode,
        gender: Number(p.actor) % 2 === 1 ? 'M' : 'F',
        attributes: { modality: p.modality, channel: p.channel, intensity: p.intensity, statement: p.statement, repetition: p.repetition },
      };
    }, utterances, errors);
  }
  return { format: 'ravdess', root, utterances, errors };
}
