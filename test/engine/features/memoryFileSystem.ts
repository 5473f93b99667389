// An in-memory FileSystem for the feature-job tests: files with settable mtimes, per-path read counters, and
// hooks to fail reads, so tests can prove what a run reads and how it copes with damage.
import type { DirEntry, FileStat, FileSystem } from '../../../src/engine/io/fileSystem';

interface MemFile {
  data: Uint8Array;
  mtimeMs: number;
}

export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, MemFile>();
  private readonly dirs = new Set<string>(['/']);
  /** Whole-file and ranged reads per path. */
  readonly reads = new Map<string, number>();
  /** mtime given to files written through writeFileAtomic (tests set it to make files look old or new). */
  clock = Date.now() - 3600_000;
  /** Paths whose reads throw EIO. */
  readonly failing = new Set<string>();

  put(path: string, data: Uint8Array, mtimeMs = this.clock): void {
    this.files.set(path, { data, mtimeMs });
    for (let d = dirOf(path); d !== '/' && d !== ''; d = dirOf(d)) this.dirs.add(d);
  }

  readsOf(pred: (path: string) => boolean): number {
    let n = 0;
    for (const [p, c] of this.reads) if (pred(p)) n += c;
    return n;
  }

  private get(p: string): MemFile {
    const f = this.files.get(p);
    if (!f) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
    if (this.failing.has(p)) throw Object.assign(new Error(`EIO: i/o error, read '${p}'`), { code: 'EIO' });
    this.reads.set(p, (this.reads.get(p) ?? 0) + 1);
    return f;
  }

  async readFile(p: string): Promise<Uint8Array> {
    return this.get(p).data.slice();
  }
  async readRange(p: string, offset: number, length: number): Promise<Uint8Array> {
    const d = this.get(p).data;
    return d.slice(Math.min(offset, d.length), Math.min(offset + length, d.length));
  }
  async readText(p: string): Promise<string> {
    return new TextDecoder().decode(await this.readFile(p));
  }
  async stat(p: string): Promise<FileStat | undefined> {
    const f = this.files.get(p);
    if (f) return { size: f.data.length, mtimeMs: f.mtimeMs, isFile: true, isDirectory: false };
    return this.dirs.has(p) ? { size: 0, mtimeMs: 0, isFile: false, isDirectory: true } : undefined;
  }
  async readdir(p: string): Promise<DirEntry[]> {
    const prefix = p.endsWith('/') ? p : `${p}/`;
    const names = new Map<string, boolean>();
    for (const f of this.files.keys()) if (f.startsWith(prefix)) names.set(f.slice(prefix.length).split('/')[0], !f.slice(prefix.length).includes('/'));
    return [...names].map(([name, isFile]) => ({ name, isFile, isDirectory: !isFile }));
  }
  async mkdirp(p: string): Promise<void> {
    for (let d = p; d !== '/' && d !== ''; d = dirOf(d)) this.dirs.add(d);
  }
  async writeFileAtomic(p: string, data: Uint8Array | string): Promise<void> {
    this.put(p, typeof data === 'string' ? new TextEncoder().encode(data) : data.slice());
  }
  async appendDurable(): Promise<void> {
    throw new Error('not used by feature jobs');
  }
  async remove(p: string): Promise<void> {
    this.files.delete(p);
  }
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
