/**
 * The engine's TensorFlow.js backends: what hosts and other engine code use.
 *   import * as tf from '../backend/tfjs';                 tensors and ops (one tfjs-core instance for all)
 *   const info = await ensureBackend({ nativeDir, threads });   the best backend, selected once per process
 *   for await (const e of setupNativeEngine({ flavor: 'cpu', baseDir })) ...   build the native engine
 */
export type { BackendCandidate, BackendChoice, BackendDetail, BackendDevice, BackendFailure, BackendInfo, BackendName, LoadedBackend } from './types';
export { BACKEND_CHOICES, BACKEND_ORDER } from './types';
export { BACKEND_ENV, backendCandidates, ensureBackend, parseBackendChoice, resetBackendSelection, selectedBackend, useCpuBackend } from './ensureBackend';
export type { BackendDeps, EnsureBackendOptions } from './ensureBackend';
export { describeBackend, pickBackend } from './pickBackend';
export { applyNativeThreads, requestedNativeThreads, THREADS_ENV } from './native/nativeThreads';
export { defaultSetupBase, findNativePackages, nativeBases, NATIVE_DIR_ENV, REPO_NATIVE_FOLDER, TENSORFLOW_VERSION, TFJS_NODE_VERSION, userCacheBase } from './native/nativeLocations';
export type { NativeSearchOptions } from './native/nativeLocations';
export { probeCuda } from './native/cudaProbe';
export { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';
export { setupNativeEngine } from './setup/nativeSetup';
export { NativeSetupError, SETUP_STEPS } from './setup/setupTypes';
export type { SetupEvent, SetupOptions, SetupResult, SetupStepId } from './setup/setupTypes';
export { BENCH_SHAPE, makeProbeModel, TEST_SHAPE, timeTrainingSteps } from './probeModel';
export type { ProbeShape, StepTiming } from './probeModel';
