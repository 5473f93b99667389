/** Types shared by the native engine setup's orchestrator, its steps and its hosts (CLI, extension). */
import { SerError } from '../../errors';
import type { NativeFlavor, NativeManifest } from '../native/nativeManifest';
import type { BuildTools } from './prerequisites';
import type { VerifyResult } from './verifyEngine';

export interface SetupOptions {
  flavor: NativeFlavor;
  /** Folder holding native engines (the engine goes in <baseDir>/<tfjs>-<tf>-<flavor>). */
  baseDir: string;
  /** A TensorFlow wheel to use instead of downloading one (air-gapped machines). */
  wheel?: string;
  /** A libtensorflow tarball (lib/ + include/) to use instead of a wheel. */
  libtensorflow?: string;
  /** Rebuild even when a verified engine is already there. */
  force?: boolean;
  signal?: AbortSignal;
  /** Default TFJS_NODE_VERSION (4.22.0). */
  tfjsVersion?: string;
  /** Default TENSORFLOW_VERSION (2.21.0), or the version in the given wheel's / tarball's name. */
  tensorflowVersion?: string;
}

export type SetupStepId = 'check' | 'library' | 'package' | 'layout' | 'build' | 'verify' | 'install';

export const SETUP_STEPS: readonly { id: SetupStepId; title: string }[] = [
  { id: 'check', title: 'prerequisites' },
  { id: 'library', title: 'TensorFlow library' },
  { id: 'package', title: 'tfjs-node package' },
  { id: 'layout', title: 'library layout' },
  { id: 'build', title: 'native addon build' },
  { id: 'verify', title: 'verification (load + train)' },
  { id: 'install', title: 'install' },
];

/** Progress, as an async iterable the CLI prints and the extension shows. */
export type SetupEvent =
  | { type: 'start'; engineDir: string; message: string }
  | { type: 'step'; step: SetupStepId; index: number; total: number; status: 'running' | 'done' | 'skipped' | 'failed'; message: string; seconds?: number }
  | { type: 'warning'; message: string }
  | { type: 'done'; result: SetupResult };

export interface SetupResult {
  /** The engine folder the picker will find (a symlink to the build). */
  engineDir: string;
  manifest: NativeManifest;
  /** True when a verified engine was already there and nothing was rebuilt. */
  reused: boolean;
  seconds: number;
  warnings: string[];
}

export interface LibrarySource {
  kind: 'pip' | 'wheel' | 'libtensorflow';
  file: string;
  name: string;
  bytes: number;
  sha256: string;
  /** From the file name, when it says. */
  tensorflowVersion?: string;
}

/** What each step gets: the options with defaults, the build folder, and somewhere to record tools and warnings. */
export interface SetupContext {
  options: SetupOptions & { tfjsVersion: string; tensorflowVersion: string };
  /** The temporary build folder (becomes the engine folder when everything passed). */
  workDir: string;
  packageName: string;
  /** <workDir>/node_modules/<packageName>. */
  packageDir: string;
  logFile: string;
  signal?: AbortSignal;
  /** Filled by the check step. */
  tools: BuildTools;
  /** Filled by the build step. */
  napiVersion: number;
  warn(message: string): void;
}

/** The steps, injectable so the orchestrator's idempotence and failure handling are tested without building. */
export interface SetupSteps {
  check(ctx: SetupContext): Promise<string>;
  library(ctx: SetupContext): Promise<LibrarySource>;
  package(ctx: SetupContext): Promise<string>;
  layout(ctx: SetupContext, library: LibrarySource): Promise<string>;
  build(ctx: SetupContext): Promise<string>;
  verify(ctx: SetupContext): Promise<VerifyResult>;
}

/** A setup step failed: which one, why, what is missing (each with how to get it), and where the full log is. */
export class NativeSetupError extends SerError {
  constructor(
    readonly step: string,
    problem: string,
    readonly missing: string[] = [],
    readonly logFile?: string,
  ) {
    super('unsupported', undefined, `native engine setup failed at ${step}: ${problem}`);
    this.name = 'NativeSetupError';
  }
}
