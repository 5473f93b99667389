/**
 * The manifest a finished native engine setup writes last, after its build verified. Its presence (and matching
 * files) is what makes a folder a usable native engine to the picker, and what makes a second setup instant.
 * Starts with a marker and a version like our other saved formats.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'ser-native-engine';
export const MANIFEST_VERSION = 1;

/** cpu: @tensorflow/tfjs-node against a CPU TensorFlow; gpu: @tensorflow/tfjs-node-gpu against a CUDA TensorFlow. */
export type NativeFlavor = 'cpu' | 'gpu';

export interface ManifestFile {
  /** Relative to the engine folder. */
  path: string;
  bytes: number;
  /** sha256 (hex) for the small files checked on every `setup-backend` run; omitted for the big libraries. */
  sha256?: string;
}

export interface NativeManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  flavor: NativeFlavor;
  /** '@tensorflow/tfjs-node' or '@tensorflow/tfjs-node-gpu'. */
  packageName: string;
  /** Version of that package, e.g. "4.22.0". */
  tfjsVersion: string;
  /** TF_Version reported by the built binding, e.g. "2.21.0". */
  tensorflowVersion: string;
  /** Where libtensorflow came from: a pip download, a given wheel, or a given libtensorflow tarball. */
  source: { kind: 'pip' | 'wheel' | 'libtensorflow'; name: string; sha256: string; bytes: number };
  /** The package folder inside the engine folder, e.g. "node_modules/@tensorflow/tfjs-node". */
  packageDir: string;
  files: ManifestFile[];
  /** ISO time the build finished. */
  builtAt: string;
  /** Node that built it (the addon is N-API, so other Node versions load it too). */
  node: string;
  napiVersion: number;
  /** Seconds the whole setup took. */
  setupSeconds: number;
  /** Bytes on disk of the engine folder. */
  diskBytes: number;
  /** What the verification run saw: loss over a few Adam steps of a small conv model, and whether TF saw a GPU. */
  verified: { tensorflowVersion: string; gpuDevice: boolean; losses: number[]; milliseconds: number };
}

/** Reads and checks the shape of a manifest; returns an error string instead of throwing. */
export function readManifest(engineDir: string): { manifest: NativeManifest } | { error: string } {
  const file = join(engineDir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${MANIFEST_FILE} (not set up, or setup did not finish)` : String(err) };
  }
  let m: Partial<NativeManifest>;
  try {
    m = JSON.parse(text) as Partial<NativeManifest>;
  } catch (err) {
    return { error: `${MANIFEST_FILE} is not valid JSON: ${(err as Error).message}` };
  }
  if (m.format !== MANIFEST_FORMAT) return { error: `${MANIFEST_FILE} is not a SER native engine manifest` };
  if (m.version !== MANIFEST_VERSION) return { error: `${MANIFEST_FILE} has version ${String(m.version)}, this engine reads ${MANIFEST_VERSION}` };
  for (const key of ['flavor', 'packageName', 'tfjsVersion', 'tensorflowVersion', 'packageDir'] as const) {
    if (typeof m[key] !== 'string') return { error: `${MANIFEST_FILE} lacks "${key}"` };
  }
  if (!Array.isArray(m.files)) return { error: `${MANIFEST_FILE} lacks "files"` };
  return { manifest: m as NativeManifest };
}

/**
 * Checks that the files the manifest lists are there with their sizes (and hashes, for the small ones). Cheap: a
 * stat per file and one hash of the ~100 KB binding, so an unchanged setup is confirmed in milliseconds.
 */
export function checkManifestFiles(engineDir: string, manifest: NativeManifest): string[] {
  const problems: string[] = [];
  for (const f of manifest.files) {
    const path = join(engineDir, f.path);
    let bytes: number;
    try {
      bytes = statSync(path).size;
    } catch {
      problems.push(`${f.path} is missing`);
      continue;
    }
    if (bytes !== f.bytes) problems.push(`${f.path} has ${bytes} bytes, the manifest says ${f.bytes}`);
    else if (f.sha256 && sha256FileSync(path) !== f.sha256) problems.push(`${f.path} changed since the setup (checksum differs)`);
  }
  return problems;
}

export function sha256FileSync(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Streams a (possibly large) file through sha256. */
export function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, { signal });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
