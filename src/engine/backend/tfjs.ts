/**
 * The engine's one entry to TensorFlow.js: `import * as tf from '../backend/tfjs'`.
 *
 * Why this file and not a bare `import '@tensorflow/tfjs-core'`:
 * - tfjs-core's Node build registers no gradients and no chained methods (x.add(y)); only the union package's Node
 *   build does (it also brings the cpu backend). Its ES-module sub-files ('@tensorflow/tfjs-core/dist/
 *   register_all_gradients') are no substitute: loaded next to the Node build they patch a second copy of tfjs-core,
 *   and their ES2017 classes cannot be extended by tfjs-node's ES5 code. The union's typings bring the
 *   chained-method declarations.
 * - The esbuild bundles in dist/ contain this (the union's Node build without its converter, data and webgl parts:
 *   see esbuild.mjs); TypeScript under tsx loads it from node_modules. Same modules either way.
 * - Every backend (cpu here, wasm and tensorflow from the picker) registers into this one tfjs-core instance; the
 *   native packages loaded from the native engine folder are given it too (see native/tfjsSharing.ts).
 * Loading costs about 0.15 s once per process.
 */
import '@tensorflow/tfjs';

export * from '@tensorflow/tfjs-core';
