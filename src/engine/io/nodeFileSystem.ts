import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DirEntry, FileStat, FileSystem } from './fileSystem';

/** FileSystem over node:fs, for the CLI, the worker process and tests. */
export class NodeFileSystem implements FileSystem {
  async readFile(p: string): Promise<Uint8Array> {
    return fsp.readFile(p);
  }

  async readRange(p: string, offset: number, length: number): Promise<Uint8Array> {
    const fh = await fsp.open(p, 'r');
    try {
      const st = await fh.stat();
      const n = Math.max(0, Math.min(length, st.size - offset));
      const buf = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === n ? buf : buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  }

  async readText(p: string): Promise<string> {
    return fsp.readFile(p, 'utf8');
  }

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const st = await fsp.stat(p);
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async readdir(p: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(p, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }));
  }

  async mkdirp(p: string): Promise<void> {
    await fsp.mkdir(p, { recursive: true });
  }

  async writeFileAtomic(p: string, data: Uint8Array | string): Promise<void> {
    const tmp = `${p}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      try {
        await fsp.writeFile(tmp, data);
      } catch (err) {
        // The folder is created only when missing: a mkdir per write showed up in feature-extraction profiles.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await fsp.mkdir(path.dirname(p), { recursive: true });
        await fsp.writeFile(tmp, data);
      }
      await fsp.rename(tmp, p);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  async appendDurable(p: string, data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    // One write(2) on an O_APPEND descriptor: the kernel places it at the end atomically with respect to
    // other appenders, so two processes never interleave inside a record. fsync before acknowledging.
    const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  async remove(p: string): Promise<void> {
    await fsp.rm(p, { recursive: true, force: true });
  }
}
