// One build script for every bundle: extension host, engine worker process, feature worker threads, CLI, native
// engine verifier, webviews.
//   node esbuild.mjs               development build (source maps) into dist/
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
// Importable too: `buildBundles({ production, outdir })` (scripts/package.mjs builds into a staging folder with it).
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const rootRequire = createRequire(join(root, 'package.json'));

/**
 * Never bundled: the editor's API, and the native TensorFlow packages, which the engine loads at run time from the
 * native engine folder that `ser setup-backend` builds (see src/engine/backend/native/).
 */
const nodeExternals = ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

/** The WebAssembly backend's binaries that Node uses (the threaded build is browser-only), copied next to the bundles. */
export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/**
 * TensorFlow.js inside the engine bundles, from the packages' Node builds ("main": CommonJS, ES5), as under Node:
 * - their ES5 classes are what tfjs-node's own ES5 code extends (`KernelBackend.call(this)`); the ES2017 classes of
 *   the "module" builds cannot be called that way, so the native backends would fail to initialise;
 * - the union '@tensorflow/tfjs' is kept because its Node build is the one that registers the gradients and the
 *   chained ops (x.add(y)); tfjs-core's does neither;
 * - the union's converter, data and webgl packages are replaced by empty modules: the union only re-exports them
 *   and reads their versions, and neither the engine nor tfjs-node uses them in Node (about 800 KB less);
 * - node-fetch (tfjs-core's fallback for a Node without fetch) is replaced by the global fetch of Node >= 18.
 */
const UNUSED_TFJS = /^@tensorflow\/tfjs-(converter|data|backend-webgl)$/;
const tensorflowInBundle = {
  name: 'tensorflow-in-bundle',
  setup(build) {
    build.onResolve({ filter: UNUSED_TFJS }, (args) => ({ path: args.path, namespace: 'ser-unused-tfjs' }));
    build.onLoad({ filter: /.*/, namespace: 'ser-unused-tfjs' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    build.onResolve({ filter: /^node-fetch$/ }, () => ({ path: 'node-fetch', namespace: 'ser-global-fetch' }));
    build.onLoad({ filter: /.*/, namespace: 'ser-global-fetch' }, () => ({ contents: 'module.exports = globalThis.fetch;', loader: 'js' }));
  },
};

/** The wasm backend loads its binary from the bundle's folder (see src/engine/backend/builtinCandidates.ts). */
function copyWasmBinaries(outdir) {
  return {
    name: 'copy-wasm-binaries',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return;
        const from = join(dirname(rootRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
        mkdirSync(outdir, { recursive: true });
        for (const f of WASM_BINARIES) copyFileSync(join(from, f), join(outdir, f));
      });
    },
  };
}

function makeCliExecutable(outdir) {
  return {
    name: 'cli-executable',
    setup(build) {
      build.onEnd((result) => {
        const cli = join(outdir, 'cli.js');
        if (result.errors.length === 0 && existsSync(cli)) chmodSync(cli, 0o755);
      });
    },
  };
}

/** The esbuild configurations of every bundle (paths relative to the repository root). */
export function bundleConfigs({ production = false, outdir = join(root, 'dist') } = {}) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
  };
  /** Node-side bundles (CommonJS: VS Code loads the extension with require). */
  const nodeEntries = [
    { in: 'src/extension/extension.ts', out: 'extension' },
    { in: 'src/worker/main.ts', out: 'worker' },
    { in: 'src/engine/features/featureWorker.ts', out: 'featureWorker' },
    { in: 'src/cli/main.ts', out: 'cli' },
    // Run by the native setup in a child process to verify a fresh build (see src/engine/backend/setup/).
    { in: 'src/engine/backend/setup/verifyNative.ts', out: 'verifyNative' },
  ].filter((e) => existsSync(join(root, e.in)));
  const webviewEntries = [
    { in: 'src/webview/main.ts', out: 'webview' },
    // The review views, one bundle each (see src/extension/views/): dist/views/<name>.js
    ...['utterance', 'map', 'suspects', 'pairs', 'training', 'wav'].map((v) => ({ in: `src/webview/entries/${v}.ts`, out: `views/${v}` })),
  ].filter((e) => existsSync(join(root, e.in)));
  return [
    {
      ...common,
      entryPoints: nodeEntries,
      outdir,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: nodeExternals,
      banner: { js: '#!/usr/bin/env node' },
      plugins: [tensorflowInBundle, copyWasmBinaries(outdir), makeCliExecutable(outdir)],
    },
    {
      ...common,
      entryPoints: webviewEntries,
      outdir,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
    },
  ];
}

/** Builds every bundle once; resolves to the number of entry points built. */
export async function buildBundles(options = {}) {
  const configs = bundleConfigs(options);
  await Promise.all(configs.map((c) => esbuild.build(c)));
  return configs.reduce((n, c) => n + c.entryPoints.length, 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const production = process.argv.includes('--production');
  if (process.argv.includes('--watch')) {
    for (const c of bundleConfigs({ production })) {
      const ctx = await esbuild.context(c);
      await ctx.watch();
    }
    console.log('esbuild: watching for changes');
  } else {
    const started = Date.now();
    const n = await buildBundles({ production });
    console.log(`esbuild: ${n} bundles in dist/ (${Date.now() - started} ms${production ? ', production' : ''})`);
  }
}
