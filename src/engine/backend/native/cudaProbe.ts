/**
 * Looks for the NVIDIA driver and the CUDA 12 / cuDNN 9 libraries that TensorFlow 2.21's GPU build opens at run
 * time, without loading anything. TensorFlow itself does not fail when they are missing: it logs a line and runs on
 * the CPU. So the picker asks this first and can say exactly what is missing, instead of selecting a "GPU" backend
 * that computes on the CPU.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

/** Libraries TF 2.21 dlopens for the GPU (from its `and-cuda` extra: CUDA 12.5+, cuDNN 9.3+). */
export const CUDA_LIBRARIES: readonly { file: string; what: string }[] = [
  { file: 'libcuda.so.1', what: 'NVIDIA driver' },
  { file: 'libcudart.so.12', what: 'CUDA 12 runtime' },
  { file: 'libcublas.so.12', what: 'cuBLAS 12' },
  { file: 'libcublasLt.so.12', what: 'cuBLASLt 12' },
  { file: 'libcufft.so.11', what: 'cuFFT 11, from CUDA 12' },
  { file: 'libcusparse.so.12', what: 'cuSPARSE 12' },
  { file: 'libcusolver.so.11', what: 'cuSOLVER 11, from CUDA 12' },
  { file: 'libcudnn.so.9', what: 'cuDNN 9' },
];

export interface CudaProbe {
  /** True when the driver and every library were found. */
  ok: boolean;
  /** Libraries not found, as "libcudnn.so.9 (cuDNN 9)". */
  missing: string[];
  /** Where each found library is. */
  found: Record<string, string>;
  /** /proc/driver/nvidia/version's first line, when a driver is loaded. */
  driver?: string;
}

export interface CudaProbeIo {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  /** `ldconfig -p` output (the dynamic linker's cache), or '' when unavailable. */
  ldconfigCache(): string;
  readDriverVersion(): string | undefined;
}

const SYSTEM_DIRS = [
  '/usr/local/cuda/lib64',
  '/usr/local/cuda/targets/x86_64-linux/lib',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/lib/wsl/lib',
];

export const nodeCudaProbeIo: CudaProbeIo = {
  env: process.env,
  platform: process.platform,
  exists: existsSync,
  ldconfigCache() {
    for (const bin of ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']) {
      try {
        return execFileSync(bin, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      } catch {
        // Try the next place ldconfig may be.
      }
    }
    return '';
  },
  readDriverVersion() {
    try {
      return readFileSync('/proc/driver/nvidia/version', 'utf8').split('\n')[0].trim() || undefined;
    } catch {
      return undefined;
    }
  },
};

/** `extraDirs`: folders to look in first (e.g. CUDA libraries placed next to a native engine). */
export function probeCuda(io: CudaProbeIo = nodeCudaProbeIo, extraDirs: string[] = []): CudaProbe {
  if (io.platform !== 'linux') {
    return { ok: false, missing: [`CUDA on ${io.platform} (the TensorFlow GPU wheel is Linux-only; use WSL2 on Windows)`], found: {} };
  }
  const dirs = [...extraDirs, ...(io.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_DIRS];
  const cache = io.ldconfigCache();
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const lib of CUDA_LIBRARIES) {
    const dir = dirs.find((d) => io.exists(join(d, lib.file)));
    if (dir) {
      found[lib.file] = join(dir, lib.file);
      continue;
    }
    const cached = cache.split('\n').find((line) => line.trim().startsWith(`${lib.file} `));
    if (cached) found[lib.file] = cached.split('=>').pop()!.trim();
    else missing.push(`${lib.file} (${lib.what})`);
  }
  const driver = io.readDriverVersion();
  return { ok: missing.length === 0, missing, found, ...(driver ? { driver } : {}) };
}

/**
 * Where GPU users read what their machine needs (docs/GPU.md in the repository; the address is the placeholder
 * that package.json's `repository` also uses until the project has its public home).
 */
export const GPU_GUIDE = 'https://github.com/ser-studio/ser-studio/blob/main/docs/GPU.md';

/** One sentence for reports, naming what is missing. */
export function describeCudaProblem(probe: CudaProbe): string {
  return `no usable CUDA: missing ${probe.missing.join(', ')}; TensorFlow 2.21 needs an NVIDIA driver for CUDA 12, the CUDA 12.5+ libraries and cuDNN 9.3+ (see ${GPU_GUIDE})`;
}
