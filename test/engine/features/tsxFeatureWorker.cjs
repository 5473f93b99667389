// Test-only bootstrap: runs the feature worker thread from its TypeScript source through tsx, the way
// dist/featureWorker.js (built by esbuild) runs in production. Pass its path as options.workerScript.
require('tsx/cjs/api').register();
require('../../../src/engine/features/featureWorker.ts');
