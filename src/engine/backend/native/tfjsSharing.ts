/**
 * Makes a tfjs-node package that lives outside the engine's node_modules (the native engine folder) load into the
 * engine's own tfjs-core, so that the 'tensorflow' backend it registers is one the engine's `tf.setBackend` sees.
 *
 * How: while Node resolves a `require('@tensorflow/tfjs…')` issued by a file inside a registered folder, the request
 * is resolved from the engine's location instead (its node_modules, next to dist/ or src/). Everything else the
 * package needs (its binding, node-pre-gyp, protobuf) still comes from its own folder. Without this, the package
 * would load the folder's own copies of tfjs-core/tfjs-layers/...: twice the memory, duplicate kernel-registration
 * warnings, and a second set of module-level state whose backends the engine may not see.
 *
 * The hook is Node's CommonJS resolver (Module._resolveFilename), the same seam tsx and module-alias use; it works
 * for the esbuild bundles in dist/ and for TypeScript under tsx alike. It is installed once and only ever redirects
 * @tensorflow/tfjs* requests made from inside the registered folders.
 */
import Module from 'node:module';
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';

/** tfjs packages that must be the engine's; subpaths (`@tensorflow/tfjs-core/dist/...`) included. */
const SHARED = /^@tensorflow\/tfjs(?:-core|-backend-cpu|-backend-wasm|-backend-webgl|-layers|-converter|-data)?(?:\/.*)?$/;

type Resolve = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean, options?: unknown) => string;
interface ModuleInternals {
  _resolveFilename: Resolve;
}

const roots = new Set<string>();
let installed = false;
let redirected = 0;

/** How the engine resolves a package: from this file's place, i.e. the engine's node_modules. */
function engineResolve(request: string): string {
  return require.resolve(request);
}

function isInside(file: string): boolean {
  for (const r of roots) if (file === r || file.startsWith(r + sep)) return true;
  return false;
}

/**
 * Redirects tfjs requests made from files under `folder` to the engine's copies. Call before requiring a package
 * from that folder. Symlinks are resolved (Node reports modules by their real path).
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
      try {
        const resolved = engineResolve(request);
        redirected++;
        return resolved;
      } catch {
        // The engine has no such package (e.g. a slimmed install): let the folder's own copy load; its own
        // requires of tfjs-core come back through this hook and still get the engine's instance.
      }
    }
    return original.call(this, request, parent, isMain, options);
  };
}

/** Folders registered so far and how many requests were redirected, for diagnostics and tests. */
export function tfjsSharingState(): { roots: string[]; redirected: number } {
  return { roots: [...roots], redirected };
}

/** The file the engine's tfjs-core resolves to: the instance every backend must register into. */
export function engineTfjsCoreFile(): string {
  return engineResolve('@tensorflow/tfjs-core');
}
