/**
 * Manifest adapter: a CSV or JSONL file at the dataset root lists the audio files (see manifestParse.ts).
 * Listed files are checked with stat only; a missing one is reported with the manifest line that lists it.
 */
import type { FileSystem } from '../io/fileSystem';
import { asSerError, throwIfAborted } from '../errors';
import type { DatasetIssue, LoadedDataset, Utterance } from './utterance';
import { hasExtension, listDir, mapLimit } from './corpusFiles';
import { normaliseLabel } from './labelAliases';
import { manifestKeyOf, parseManifest } from './manifestParse';
import { baseName, dirName, joinPath, relativeTo, resolveUnder } from './paths';

const PREFERRED = ['manifest.jsonl', 'manifest.csv', 'manifest.ndjson'];

function isManifestName(name: string): boolean {
  return hasExtension(name, '.csv') || hasExtension(name, '.jsonl') || hasExtension(name, '.ndjson');
}

/** Whether the start of a file reads like a manifest: a CSV header or a first JSON object with a path. */
function looksLikeManifest(head: string, name: string): boolean {
  const first = head.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  if (/\.(jsonl|ndjson)$/i.test(name)) {
    try {
      const o: unknown = JSON.parse(first);
      return typeof o === 'object' && o !== null && Object.keys(o).some((k) => manifestKeyOf(k) === 'path');
    } catch {
      return false;
    }
  }
  return first.split(',').some((c) => manifestKeyOf(c.replace(/^\s*"|"\s*$/g, '')) === 'path');
}

/** The manifest file for `root` (a manifest file itself, or one at the top of the folder), or undefined. */
export async function locateManifest(fs: FileSystem, root: string): Promise<string | undefined> {
  const st = await fs.stat(root);
  if (st?.isFile) return isManifestName(baseName(root)) ? root : undefined;
  const files = (await listDir(fs, root)).filter((e) => e.isFile && isManifestName(e.name)).map((e) => e.name);
  const order = [
    ...PREFERRED.flatMap((p) => files.filter((f) => f.toLowerCase() === p)),
    ...files.filter((f) => !PREFERRED.includes(f.toLowerCase())),
  ];
  for (const name of order) {
    const file = joinPath(root, name);
    const head = new TextDecoder().decode(await fs.readRange(file, 0, 64 * 1024));
    if (looksLikeManifest(head, name)) return file;
  }
  return undefined;
}

export async function loadManifest(fs: FileSystem, file: string, signal?: AbortSignal): Promise<LoadedDataset> {
  const dir = dirName(file);
  const errors: DatasetIssue[] = [];
  let text: string;
  try {
    text = await fs.readText(file);
  } catch (err) {
    return { format: 'manifest', root: dir, utterances: [], errors: [{ file, message: asSerError(err, file).problem }] };
  }
  const parsed = parseManifest(text, file);
  errors.push(...parsed.errors);
  const seen = new Set<string>();
  const listed: Utterance[] = [];
  const lines: number[] = [];
  for (const r of parsed.records) {
    const audioPath = resolveUnder(dir, r.path);
    const id = r.id ?? relativeTo(dir, audioPath);
    if (seen.has(id)) {
      errors.push({ file, message: `line ${r.line}: utterance ${id} is listed a second time; the repeat is skipped` });
      continue;
    }
    seen.add(id);
    const speaker = r.speaker ?? 'unknown';
    const u: Utterance = { id, audioPath, speaker, session: r.session ?? speaker, label: r.label === undefined ? undefined : normaliseLabel(r.label) };
    if (r.label !== undefined) u.rawLabel = r.label;
    if (r.start !== undefined) u.start = r.start;
    if (r.end !== undefined) u.end = r.end;
    listed.push(u);
    lines.push(r.line);
  }
  const present = await mapLimit(listed, 32, async (u) => {
    throwIfAborted(signal, 'loading the manifest');
    try {
      return (await fs.stat(u.audioPath))?.isFile === true;
    } catch {
      return false;
    }
  });
  const utterances: Utterance[] = [];
  listed.forEach((u, i) => {
    if (present[i]) utterances.push(u);
    else errors.push({ file: u.audioPath, message: `audio file not found (listed in ${file} line ${lines[i]})` });
  });
  return { format: 'manifest', root: dir, utterances, errors };
}
