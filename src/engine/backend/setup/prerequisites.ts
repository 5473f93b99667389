/**
 * What building the native engine needs, checked up front so a failure names everything missing at once (and how
 * to get it) instead of dying halfway through a compile.
 */
import { existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { GPU_GUIDE, probeCuda, type CudaProbe } from '../native/cudaProbe';
import type { NativeFlavor } from '../native/nativeManifest';
import { probeTool } from './processRunner';

/** Tools the later steps use, as found here. */
export interface BuildTools {
  python: string;
  /** node-gyp's entry script (run with this Node). */
  nodeGyp: string;
  /** Folder with include/node/node_api.h for this Node's major version (node-gyp's --nodedir). */
  nodedir: string;
  /** How to run npm: [command, ...leading args]. */
  npm: string[];
}

export interface PrerequisiteReport {
  /** Blocking: each names the thing and how to get it. Empty when the build can go ahead. */
  missing: string[];
  /** Not blocking (e.g. no CUDA on a GPU build machine). */
  warnings: string[];
  /** What was found, for the step's message. */
  facts: string[];
  tools: Partial<BuildTools>;
}

export interface PrerequisiteIo {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  execPath: string;
  nodeVersion: string;
  /** First line of `command args` output, or undefined when it is absent or fails. */
  tool(command: string, args?: string[]): string | undefined;
  exists(path: string): boolean;
  /** Free bytes on the file system holding `dir` (or its nearest existing parent). */
  freeBytes(dir: string): number | undefined;
  cuda(): CudaProbe;
  home: string;
}

export const nodePrerequisiteIo: PrerequisiteIo = {
  platform: process.platform,
  arch: process.arch,
  env: process.env,
  execPath: process.execPath,
  nodeVersion: process.versions.node,
  tool: (command, args) => probeTool(command, args),
  exists: existsSync,
  freeBytes(dir) {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(d)) {
        const s = statfsSync(d);
        return s.bavail * s.bsize;
      }
      if (dirname(d) === d) return undefined;
    }
  },
  cuda: () => probeCuda(),
  home: homedir(),
};

export interface PrerequisiteNeeds {
  flavor: NativeFlavor;
  /** Whether pip must download the wheel (no --wheel / --libtensorflow given). */
  pip: boolean;
  /** Whether a libtensorflow tarball must be unpacked. */
  tar: boolean;
  /** Where the engine will be built. */
  baseDir: string;
  /** Bytes already on disk that need not be downloaded (a given wheel). */
  bytesGiven?: number;
}

/** Rough peak disk use of a setup: wheel + unpacked libraries + node_modules, with margin. */
export function diskNeeded(flavor: NativeFlavor, pip: boolean): number {
  const GB = 1024 ** 3;
  if (flavor === 'gpu') return (pip ? 1.0 : 0) * GB + 3.5 * GB;
  return (pip ? 0.3 : 0) * GB + 1.4 * GB;
}

function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function findNodeHeaders(io: PrerequisiteIo): string | undefined {
  const major = io.nodeVersion.split('.')[0];
  const candidates = [
    io.env.npm_config_nodedir,
    dirname(dirname(io.execPath)),
    join(io.home, '.cache', 'node-gyp', io.nodeVersion),
    '/usr/local',
    '/usr',
  ].filter((d): d is string => Boolean(d));
  for (const dir of candidates) {
    const header = join(dir, 'include', 'node', 'node_version.h');
    if (!io.exists(join(dir, 'include', 'node', 'node_api.h')) || !io.exists(header)) continue;
    try {
      const m = /#define NODE_MAJOR_VERSION (\d+)/.exec(readFileSync(header, 'utf8'));
      if (m && m[1] === major) return dir;
    } catch {
      // Unreadable headers are as good as none.
    }
  }
  return undefined;
}

function findNodeGyp(io: PrerequisiteIo): string | undefined {
  const fromNpm = (npmCli: string) => join(dirname(dirname(npmCli)), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const candidates = [io.env.npm_config_node_gyp, io.env.npm_execpath ? fromNpm(io.env.npm_execpath) : undefined];
  const npmOnPath = io.tool('sh', ['-c', 'command -v npm']);
  if (npmOnPath) {
    try {
      candidates.push(fromNpm(realpathSync(npmOnPath)));
    } catch {
      // A dangling npm link: try the usual install places below.
    }
  }
  candidates.push(join(dirname(dirname(io.execPath)), 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c): c is string => Boolean(c) && io.exists(c!));
}

export function checkPrerequisites(needs: PrerequisiteNeeds, io: PrerequisiteIo = nodePrerequisiteIo): PrerequisiteReport {
  const report: PrerequisiteReport = { missing: [], warnings: [], facts: [], tools: {} };
  const { missing, facts } = report;
  if (io.platform !== 'linux' || io.arch !== 'x64') {
    missing.push(`Linux on x86-64 (this is ${io.platform}-${io.arch}): the TensorFlow wheels' libraries used here are Linux x86-64 builds`);
  }
  const python = io.tool('python3', ['--version']);
  if (python) {
    report.tools.python = 'python3';
    facts.push(python.toLowerCase());
  } else missing.push('python3 (node-gyp and the wheel unpacking need it): apt-get install python3');
  if (needs.pip) {
    const pip = python ? io.tool('python3', ['-m', 'pip', '--version']) : undefined;
    if (pip) facts.push(pip.split(' from ')[0]);
    else missing.push('pip (to download the TensorFlow wheel): apt-get install python3-pip, or pass --wheel <file> (air-gapped machines)');
  }
  const make = io.tool('make', ['--version']);
  if (make) facts.push(make.replace(/^GNU /, '').toLowerCase());
  else missing.push('make: apt-get install make (or build-essential)');
  const cxx = io.env.CXX || 'g++';
  const compiler = io.tool(cxx, ['--version']);
  if (compiler) facts.push(compiler.replace(/\s*\(.*?\)\s*/, ' '));
  else missing.push(`a C++ compiler (${cxx}): apt-get install g++ (or build-essential)`);
  const nodedir = findNodeHeaders(io);
  if (nodedir) {
    report.tools.nodedir = nodedir;
    facts.push(`node headers ${join(nodedir, 'include', 'node')}`);
  } else {
    missing.push(
      `Node.js ${io.nodeVersion.split('.')[0]} headers (include/node/node_api.h; node-gyp cannot download them offline): install your distribution's Node.js development headers, or unpack node-v${io.nodeVersion}-headers.tar.gz and set npm_config_nodedir to its folder`,
    );
  }
  const nodeGyp = findNodeGyp(io);
  if (nodeGyp) report.tools.nodeGyp = nodeGyp;
  else missing.push("node-gyp (it ships with npm): reinstall npm, or set npm_config_node_gyp to node-gyp's bin/node-gyp.js");
  const npm = io.env.npm_execpath?.endsWith('.js') ? [io.execPath, io.env.npm_execpath] : ['npm'];
  if (io.tool(npm[0], [...npm.slice(1), '--version'])) report.tools.npm = npm;
  else missing.push('npm (to fetch @tensorflow/tfjs-node from the npm registry)');
  if (needs.tar && !io.tool('tar', ['--version'])) missing.push('tar (to unpack the libtensorflow tarball): apt-get install tar');
  const free = io.freeBytes(needs.baseDir);
  const need = diskNeeded(needs.flavor, needs.pip);
  if (free !== undefined && free < need) missing.push(`disk space: about ${gb(need)} free needed under ${needs.baseDir}, ${gb(free)} free`);
  else if (free !== undefined) facts.push(`${gb(free)} free`);
  if (needs.flavor === 'gpu') {
    const cuda = io.cuda();
    if (!cuda.ok) {
      report.warnings.push(
        `no usable CUDA here (missing ${cuda.missing.join(', ')}): the GPU engine builds, but until an NVIDIA driver for CUDA 12, CUDA 12.5+ and cuDNN 9.3+ are installed the picker falls back to the CPU engine (see ${GPU_GUIDE})`,
      );
    }
  }
  return report;
}
