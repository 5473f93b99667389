// One build script for every bundle: extension host, engine worker process, feature worker threads, CLI, webviews.
//   node esbuild.mjs               development build (source maps)
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** TensorFlow.js stays outside the bundles: its native backends are .node addons found at run time. */
const nodeExternals = [
  'vscode',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
];

const common = {
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
].filter((e) => existsSync(e.in));

const webviewEntries = [
  { in: 'src/webview/main.ts', out: 'webview' },
  // The review views, one bundle each (see src/extension/views/): dist/views/<name>.js
  ...['utterance', 'map', 'suspects', 'pairs', 'training', 'wav'].map((v) => ({ in: `src/webview/entries/${v}.ts`, out: `views/${v}` })),
].filter((e) => existsSync(e.in));

const makeCliExecutable = {
  name: 'cli-executable',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0 && existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
    });
  },
};

const configs = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: nodeExternals,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [makeCliExecutable],
  },
  {
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

if (watch) {
  for (const c of configs) {
    const ctx = await esbuild.context(c);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  const started = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  console.log(`esbuild: ${nodeEntries.length + webviewEntries.length} bundles in dist/ (${Date.now() - started} ms${production ? ', production' : ''})`);
}
