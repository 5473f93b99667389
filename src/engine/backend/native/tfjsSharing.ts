/**
 * Makes a tfjs-node package that lives outside the engine (the native engine folder) load into the engine's own
 * tfjs-core, so that the 'tensorflow' backend it registers is one the engine's `tf.setBackend` sees.
 *
 * How: the engine's TensorFlow.js is bundled into dist/*.js, so there is no file of it to point a package at.
 * Instead, while Node resolves a `require('@tensorflow/tfjs…')` issued by a file inside a registered folder, the
 * request resolves to a virtual file name under which the engine's own module object has been put in Node's module
 * cache (require.cache); Node then returns that object without touching the disk. The objects come from the static
 * requires below: inside a bundle they are the bundled modules, under tsx the node_modules ones, so the mechanism
 * is the same in both. Everything else the package needs (its binding, node-pre-gyp, protobuf) still comes from its
 * own folder. Without this, the package would load the folder's own copies of tfjs-core/tfjs-layers/...: twice the
 * memory, duplicate kernel-registration warnings, and a second set of module-level state whose backends the engine
 * may not see.
 *
 * The hook is Node's CommonJS resolver (Module._resolveFilename), the same seam tsx and module-alias use. It is
 * installed once and only ever redirects @tensorflow/tfjs* requests made from inside the registered folders.
 */
import Module from 'node:module';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

/** tfjs packages that must be the engine's; subpaths (`@tensorflow/tfjs-core/dist/...`) included. */
const SHARED = /^@tensorflow\/tfjs(?:-core|-backend-cpu|-backend-wasm|-backend-webgl|-layers|-converter|-data)?(?:\/.*)?$/;

/**
 * The engine's modules a package may ask for (tfjs-node asks for '@tensorflow/tfjs', the union, and tfjs-core). The
 * two side-effect files already ran with the engine's union; asking again must do nothing. A shared name not listed
 * here (converter, data, webgl, other subpaths; tfjs-node's own code needs none of them) loads from the folder, and
 * its own requires of tfjs-core come back through this hook.
 */
const ENGINE_MODULES: Record<string, () => unknown> = {
  '@tensorflow/tfjs-core': () => require('@tensorflow/tfjs-core'),
  '@tensorflow/tfjs': () => require('@tensorflow/tfjs'),
  '@tensorflow/tfjs-layers': () => require('@tensorflow/tfjs-layers'),
  '@tensorflow/tfjs-backend-cpu': () => require('@tensorflow/tfjs-backend-cpu'),
  '@tensorflow/tfjs-backend-wasm': () => require('@tensorflow/tfjs-backend-wasm'),
  '@tensorflow/tfjs-core/dist/register_all_gradients': () => ({}),
  '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops': () => ({}),
};

/** A folder that never exists on disk: the engine's modules are registered in require.cache under it. */
const VIRTUAL_DIR = join(__dirname, '.ser-engine-tfjs');

type Resolve = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean, options?: unknown) => string;
interface ModuleInternals {
  _resolveFilename: Resolve;
}

const roots = new Set<string>();
let installed = false;
let redirected = 0;

function isInside(file: string): boolean {
  for (const r of roots) if (file === r || file.startsWith(r + sep)) return true;
  return false;
}

/**
 * The file name under which the engine's module for `request` sits in require.cache (registered on first use), or
 * undefined when the engine does not provide that module.
 */
export function engineTfjsModuleFile(request: string): string | undefined {
  const load = ENGINE_MODULES[request];
  if (!load) return undefined;
  const filename = `${join(VIRTUAL_DIR, ...request.split('/'))}.js`;
  if (!require.cache[filename]) {
    const m = new Module(filename);
    m.filename = filename;
    m.paths = [];
    m.exports = load();
    m.loaded = true;
    require.cache[filename] = m;
  }
  return filename;
}

/**
 * Gives tfjs requests made from files under `folder` the engine's modules. Call before requiring a package from
 * that folder. Symlinks are resolved (Node reports modules by their real path).
 */
export function shareTfjsWith(folder: string): void {
  let real = folder;
  try {
    real = realpathSync(folder);
  } catch {
    // A folder that does not exist yet: keep the given path; the require that follows will fail and say why.
  }
  roots.add(real);
  if (installed) return;
  installed = true;
  const M = Module as unknown as ModuleInternals;
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    if (SHARED.test(request) && parent?.filename && isInside(parent.filename)) {
      const file = engineTfjsModuleFile(request);
      if (file) {
        redirected++;
        return file;
      }
    }
    return original.call(this, request, parent, isMain, options);
  };
}

/** Folders registered so far and how many requests were redirected, for diagnostics and tests. */
export function tfjsSharingState(): { roots: string[]; redirected: number } {
  return { roots: [...roots], redirected };
}
