import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioSource } from '../../shared/views/audioSource';
import type { AudioRef } from './viewData';

/** Largest file sent as bytes when it is outside the webview's resource roots (bytes). */
export const MAX_AUDIO_BYTES = 256 * 1024 * 1024;

/**
 * Hands `ref` to a webview: a webview URI when the file lies under the dataset root (a localResourceRoot, so the
 * webview loads it directly, ranges and all), else the file's bytes. Anything else the webview cannot load.
 */
export async function audioSource(webview: vscode.Webview, datasetRoot: string | undefined, ref: AudioRef): Promise<AudioSource> {
  const range = { ...(ref.start !== undefined ? { start: ref.start } : {}), ...(ref.end !== undefined ? { end: ref.end } : {}) };
  if (datasetRoot && isInside(datasetRoot, ref.file)) {
    return { kind: 'uri', uri: webview.asWebviewUri(vscode.Uri.file(ref.file)).toString(), ...range };
  }
  return { kind: 'bytes', ...(await audioBytes(vscode.Uri.file(ref.file))), ...range };
}

/** The bytes of an audio file, with its MIME type; rejects past MAX_AUDIO_BYTES. */
export async function audioBytes(uri: vscode.Uri): Promise<{ bytes: Uint8Array; mime: string }> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_AUDIO_BYTES) throw new Error(`${uri.fsPath} is ${(stat.size / 2 ** 20).toFixed(0)} MB, more than the views load (${MAX_AUDIO_BYTES / 2 ** 20} MB)`);
  return { bytes: await vscode.workspace.fs.readFile(uri), mime: mimeOf(uri.path) };
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function mimeOf(file: string): string {
  switch (path.extname(file).toLowerCase()) {
    case '.flac':
      return 'audio/flac';
    case '.mp3':
      return 'audio/mpeg';
    case '.ogg':
      return 'audio/ogg';
    default:
      return 'audio/wav';
  }
}
