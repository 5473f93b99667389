/**
 * Where native engines (tfjs-node / tfjs-node-gpu built against TensorFlow 2.21) live and how they are found.
 *
 * A native engine folder is `<base>/<tfjs version>-<TF version>-<cpu|gpu>/` (e.g. `4.22.0-2.21.0-cpu`), a symlink
 * to the build it was last swapped to, holding manifest.json and node_modules/@tensorflow/tfjs-node[-gpu]. Bases,
 * searched in this order (the first usable engine wins):
 *   1. the folder the caller passes (the extension: its globalStorage; the CLI: --native-dir),
 *   2. $SER_NATIVE_DIR,
 *   3. `<repo>/.ser-native` when the engine runs from a checkout of this repository (what `npm run setup:native`
 *      fills for CI and tests),
 *   4. the user's cache: $XDG_CACHE_HOME/ser-studio/native (default ~/.cache/ser-studio/native; macOS
 *      ~/Library/Caches/ser-studio/native; Windows %LOCALAPPDATA%\ser-studio\native),
 * and then the project's own node_modules (an @tensorflow/tfjs-node that npm managed to install the usual way).
 * `ser setup-backend` writes to the first of 1, 2, 4 that applies; `npm run setup:native` to 3.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { readManifest, type NativeFlavor, type NativeManifest } from './nativeManifest';

/** The tfjs-node release the engine builds (it must match the engine's tfjs-core major version). */
export const TFJS_NODE_VERSION = '4.22.0';
/** The TensorFlow whose wheel provides libtensorflow. */
export const TENSORFLOW_VERSION = '2.21.0';
export const NATIVE_DIR_ENV = 'SER_NATIVE_DIR';
/** The repository's ignored folder for its own native engine. */
export const REPO_NATIVE_FOLDER = '.ser-native';

export function packageNameFor(flavor: NativeFlavor): string {
  return flavor === 'gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
}

export function engineFolderName(flavor: NativeFlavor, tfjsVersion = TFJS_NODE_VERSION, tensorflowVersion = TENSORFLOW_VERSION): string {
  return `${tfjsVersion}-${tensorflowVersion}-${flavor}`;
}

export interface NativeSearchOptions {
  /** Searched first: where the caller keeps native engines (the extension passes its globalStorage path). */
  nativeDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Root of a checkout of this repository, whose .ser-native/ is searched; found from this file's place if omitted, null for none. */
  repoRoot?: string | null;
  homeDir?: string;
  platform?: NodeJS.Platform;
  /** Whether the project's node_modules are searched too (default true; tests with fake folders turn it off). */
  searchNodeModules?: boolean;
}

export interface NativeBase {
  dir: string;
  /** Why this folder is searched, for reports. */
  why: string;
}

export function userCacheBase(env: NodeJS.ProcessEnv = process.env, home = homedir(), platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'ser-studio', 'native');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'ser-studio', 'native');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'ser-studio', 'native');
}

/** Where `ser setup-backend` puts the engine when no --dir is given: the caller's folder, $SER_NATIVE_DIR, or the user cache. */
export function defaultSetupBase(opts: NativeSearchOptions = {}): string {
  const env = opts.env ?? process.env;
  return opts.nativeDir ?? (env[NATIVE_DIR_ENV] || userCacheBase(env, opts.homeDir, opts.platform));
}

/**
 * The checkout this code runs from (dist/ or src/engine/backend/native/ of it), or null when installed elsewhere. An
 * installed extension has our package.json too but no sources, and is no checkout.
 */
export function findRepoRoot(start: string = __dirname): string | null {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'src', 'engine'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ser-studio') return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

export function nativeBases(opts: NativeSearchOptions = {}): NativeBase[] {
  const env = opts.env ?? process.env;
  const out: NativeBase[] = [];
  const add = (dir: string | undefined, why: string) => {
    if (dir && !out.some((b) => b.dir === dir)) out.push({ dir, why });
  };
  add(opts.nativeDir, 'given folder');
  add(env[NATIVE_DIR_ENV], `$${NATIVE_DIR_ENV}`);
  const repo = opts.repoRoot === undefined ? findRepoRoot() : opts.repoRoot;
  if (repo) add(join(repo, REPO_NATIVE_FOLDER), 'repository');
  add(userCacheBase(env, opts.homeDir, opts.platform), 'user cache');
  return out;
}

/** A native package that can be tried, with the folder whose tfjs requests must go to the engine's tfjs-core. */
export interface NativePackageLocation {
  flavor: NativeFlavor;
  packageName: string;
  /** The package folder (what to require). */
  packageDir: string;
  /** The folder to share tfjs with (the engine folder, or the package folder for node_modules). */
  root: string;
  /** For reports: "<base>/<engine folder> (user cache)" or "node_modules". */
  from: string;
  manifest?: NativeManifest;
}

/** Engine folders that were looked at and not usable, with the reason, for "why not" reports. */
export interface NativeSearch {
  found: NativePackageLocation[];
  skipped: { dir: string; problem: string }[];
  searched: string[];
}

export function findNativePackages(flavor: NativeFlavor, opts: NativeSearchOptions = {}, engineTfjsVersion?: string): NativeSearch {
  const search: NativeSearch = { found: [], skipped: [], searched: [] };
  const packageName = packageNameFor(flavor);
  for (const base of nativeBases(opts)) {
    search.searched.push(base.dir);
    let names: string[];
    try {
      names = readdirSync(base.dir);
    } catch {
      continue;
    }
    const here: NativePackageLocation[] = [];
    for (const name of names) {
      if (!name.endsWith(`-${flavor}`) || name.startsWith('.')) continue;
      const dir = join(base.dir, name);
      const read = readManifest(dir);
      if ('error' in read) {
        search.skipped.push({ dir, problem: read.error });
        continue;
      }
      const packageDir = join(dir, read.manifest.packageDir);
      if (read.manifest.flavor !== flavor || !existsSync(join(packageDir, 'package.json'))) {
        search.skipped.push({ dir, problem: `${read.manifest.packageDir} is missing` });
        continue;
      }
      here.push({ flavor, packageName, packageDir, root: dir, from: `${dir} (${base.why})`, manifest: read.manifest });
    }
    here.sort((a, b) => rank(b, engineTfjsVersion) - rank(a, engineTfjsVersion) || compareVersions(b.manifest!.tensorflowVersion, a.manifest!.tensorflowVersion));
    search.found.push(...here);
  }
  if (opts.searchNodeModules !== false) {
    search.searched.push('node_modules');
    try {
      const pkgJson = require.resolve(`${packageName}/package.json`);
      search.found.push({ flavor, packageName, packageDir: dirname(pkgJson), root: dirname(pkgJson), from: 'node_modules' });
    } catch {
      // Not installed there: the usual case on machines without Google's download host.
    }
  }
  return search;
}

/** Engines built for the engine's own tfjs version come first. */
function rank(loc: NativePackageLocation, engineTfjsVersion: string | undefined): number {
  return engineTfjsVersion && loc.manifest?.tfjsVersion === engineTfjsVersion ? 1 : 0;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
