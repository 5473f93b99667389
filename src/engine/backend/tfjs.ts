/**
 * The engine's one entry to TensorFlow.js: `import * as tf from '../backend/tfjs'`.
 *
 * Why this file and not a bare `import '@tensorflow/tfjs-core'`:
 * - tfjs-core's Node bundle registers no gradients and no chained methods (x.add(y)); only the union package's
 *   bundle does. Importing its ESM sub-files instead ('@tensorflow/tfjs-core/dist/register_all_gradients')
 *   works under tsx but fails from the esbuild bundles in dist/, where Node loads them as ESM with extensionless
 *   imports. The union's Node bundle works in both, and its typings bring the chained-method declarations.
 * - Every backend (cpu here, wasm and tensorflow from the picker) registers into this one tfjs-core instance; the
 *   native packages loaded from the native engine folder are redirected to it (see native/tfjsSharing.ts).
 * Loading costs about 0.15 s once per process.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';

export * from '@tensorflow/tfjs-core';
