/**
 * What the two append-only JSONL sidecars of a dataset share: the label store's `.ser/labels.jsonl` and the
 * verdict store's `.ser/verdicts.jsonl`. Both write one self-contained record per line starting with `{"v":<n>,`,
 * append with one durable O_APPEND write, run their reads and appends one at a time, and read damaged lines back
 * into reports rather than errors. The record schemas and the damage each reader reports stay with each store.
 */
import { asSerError, SerError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import { dirName } from '../datasets/paths';

/** Where records start within a line: `{"v":<n>,`, which no JSON string can contain unescaped. Use with matchAll. */
export const RECORD_STARTS = /\{"v":\d+,/g;

/** JSON.parse without throwing. */
export function tryJson(s: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** A damaged line quoted in a report, cut to 60 characters. */
export function snippet(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** `o[key]` when it is a non-empty string. */
export function nonEmptyString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Throws a usage SerError unless `s` is a string with something other than white space ("the <what> must ..."). */
export function checkName(s: unknown, what: string): void {
  if (typeof s !== 'string' || s.trim() === '') throw new SerError('usage', undefined, `the ${what} must be a non-empty string`);
}

/** A fresh record id: 12 lowercase hex characters (48 random bits) from the platform's CSPRNG. */
export function randomRecordId(): string {
  const b = new Uint8Array(6);
  globalThis.crypto.getRandomValues(b);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** An id from `newId` that `taken` does not know; gives up after 100 tries (a broken generator, not bad luck). */
export function freshRecordId(newId: () => string, taken: (id: string) => boolean): string {
  for (let tries = 0; tries < 100; tries++) {
    const id = newId();
    if (!taken(id)) return id;
  }
  throw new SerError('usage', undefined, 'the record id generator keeps returning ids already in use');
}

/** Appends `text` to the sidecar `file` durably (creating its folder); errors become SerErrors naming the file. */
export async function appendToSidecar(fs: FileSystem, file: string, text: string): Promise<void> {
  try {
    await fs.mkdirp(dirName(file));
    await fs.appendDurable(file, text);
  } catch (err) {
    throw asSerError(err, file);
  }
}

/** Runs tasks one after another: each starts once every earlier one has settled, whether it failed or not. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
