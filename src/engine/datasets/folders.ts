/**
 * Class-folder adapter: root/<class>/**.wav, the folder name being the label. Speakers are unknown, so
 * everything is one speaker "unknown" (use a manifest to say more).
 */
import type { FileSystem } from '../io/fileSystem';
import type { LoadedDataset, Utterance } from './utterance';
import { listDir, listWavsDeep } from './corpusFiles';
import { normaliseLabel } from './labelAliases';
import { joinPath, relativeTo } from './paths';

/** Subfolders that are tool state, not classes (hidden folders such as .ser are skipped as well). */
function isClassFolder(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
}

/** The class folders under `root` that hold at least one wav (at any depth). */
export async function locateFolders(fs: FileSystem, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await listDir(fs, root)) {
    if (!e.isDirectory || !isClassFolder(e.name)) continue;
    if ((await listWavsDeep(fs, joinPath(root, e.name), 4)).length > 0) out.push(e.name);
  }
  return out;
}

export async function loadFolders(fs: FileSystem, root: string, classDirs: string[], signal?: AbortSignal): Promise<LoadedDataset> {
  const utterances: Utterance[] = [];
  for (const name of classDirs) {
    for (const audioPath of await listWavsDeep(fs, joinPath(root, name), 8, signal)) {
      utterances.push({
        id: relativeTo(root, audioPath),
        audioPath,
        speaker: 'unknown',
        session: 'unknown',
        label: normaliseLabel(name),
        rawLabel: name,
      });
    }
  }
  return { format: 'folders', root, utterances, errors: [] };
}
