/**
 * Builders for fake native engine folders: the same layout `ser setup-backend` makes (manifest + node_modules), with
 * a tiny stand-in for @tensorflow/tfjs-node that registers a 'tensorflow' backend made of the cpu backend's kernels.
 * A decoy @tensorflow/tfjs-core inside the folder throws when loaded, so a test passes only if the package got the
 * engine's own tfjs-core.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeFlavor } from '../../../src/engine/backend/native/nativeManifest';

const made: string[] = [];

/** A fresh temporary folder, removed by removeTempDirs() (call it from an `after` hook). */
export function tempDir(prefix = 'ser-backend-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface FakeEngineOptions {
  flavor?: NativeFlavor;
  /** Body of the fake package's index.js; default registers a working 'tensorflow' backend. */
  indexJs?: string;
  /** TF_Version the fake binding reports. */
  tfVersion?: string;
  /** What the fake backend says about the GPU. */
  gpuDevice?: boolean;
  /** Write no manifest (an unfinished setup). */
  noManifest?: boolean;
  /** Build in `.builds/` and point the engine folder at it with a symlink, like the real setup. */
  symlinked?: boolean;
}

/** A working stand-in: the cpu backend's kernels registered again under the name 'tensorflow'. */
export function workingIndexJs(tfVersion = '2.21.0-fake', gpuDevice = false): string {
  return `
const tf = require('@tensorflow/tfjs-core');
const cpu = require('@tensorflow/tfjs-backend-cpu');
globalThis.__serFakeNativeCore = tf;
for (const k of tf.getKernelsForBackend('cpu')) {
  if (!tf.getKernel(k.kernelName, 'tensorflow')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
}
tf.registerBackend('tensorflow', () => {
  const b = new cpu.MathBackendCPU();
  b.firstUse = false;
  b.binding = { TF_Version: ${JSON.stringify(tfVersion)} };
  b.isUsingGpuDevice = ${gpuDevice};
  return b;
}, 3);
module.exports = { fake: true };
`;
}

/** Makes `<base>/4.22.0-2.21.0-<flavor>/` and returns its path. */
export function makeFakeEngine(base: string, options: FakeEngineOptions = {}): string {
  const flavor = options.flavor ?? 'cpu';
  const name = `4.22.0-2.21.0-${flavor}`;
  const packageName = flavor === 'gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const dir = options.symlinked ? join(base, '.builds', `${name}-1`) : join(base, name);
  const pkg = join(dir, 'node_modules', packageName);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: packageName, version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), options.indexJs ?? workingIndexJs(options.tfVersion, options.gpuDevice));
  const decoy = join(dir, 'node_modules', '@tensorflow', 'tfjs-core');
  mkdirSync(decoy, { recursive: true });
  writeFileSync(join(decoy, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-core', version: '0.0.0-decoy', main: 'index.js' }));
  writeFileSync(join(decoy, 'index.js'), "throw new Error('decoy tfjs-core loaded: the package did not get the engine tfjs-core');\n");
  if (!options.noManifest) {
    const manifest = {
      format: 'ser-native-engine',
      version: 1,
      flavor,
      packageName,
      tfjsVersion: '4.22.0',
      tensorflowVersion: '2.21.0',
      packageDir: `node_modules/${packageName}`,
      files: [],
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  }
  if (options.symlinked) symlinkSync(join('.builds', `${name}-1`), join(base, name));
  return join(base, name);
}

/** Search options that see only `base` (not the repository's or the user's real native engines). */
export function onlyIn(base: string) {
  return { nativeDir: base, repoRoot: null, homeDir: join(base, 'no-home'), env: {}, searchNodeModules: false };
}
