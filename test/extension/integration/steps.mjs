// Steps of an end-to-end run, each timed and recorded for the summary, and a failure report a reader can act on:
// which step failed and why, the screenshot taken then, and the last lines of the extension host's log and of
// SER Studio's own log. Shared by the integration test and the end-to-end suite.
import { profileLogs, tailFile } from './codeServer.mjs';

export class Steps {
  constructor(prefix = 'e2e') {
    this.prefix = prefix;
    /** { name, ok, ms, detail?, error? } in the order run. */
    this.list = [];
  }

  /** Runs one step; a failure is recorded with the step's name and thrown on. */
  async run(name, fn) {
    const started = Date.now();
    process.stderr.write(`[${this.prefix}] step: ${name}\n`);
    try {
      const value = await fn();
      // Plain data is kept for the summary; objects (a server, a page) are only handed back.
      const plain = value && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype);
      this.list.push({ name, ok: true, ms: Date.now() - started, ...(plain ? { detail: value } : {}) });
      return value;
    } catch (err) {
      this.list.push({ name, ok: false, ms: Date.now() - started, error: err.message });
      err.step ??= name;
      throw err;
    }
  }

  /** One line per step: ok / FAIL, name, seconds, and the error of a failed one. */
  lines() {
    return this.list.map((s) => `${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${(s.ms / 1000).toFixed(1)} s)${s.error ? `: ${s.error.split('\n')[0]}` : ''}`);
  }
}

/**
 * What to print when a run fails: the step, the error, the screenshot, and the tails of the logs of the code-server
 * profile (`userData`).
 */
export function failureReport({ error, screenshot, userData, lines = 30 }) {
  const out = [`FAILED at step "${error.step ?? '(setup)'}": ${error.message}`];
  if (screenshot) out.push(`screenshot: ${screenshot}`);
  if (userData) {
    const logs = profileLogs(userData);
    for (const [title, files] of [['extension host log', logs.extensionHost], ['SER Studio log', logs.ser]]) {
      const file = files.sort().at(-1);
      if (!file) continue;
      out.push(`--- last entries of the ${title} (${file}) ---`, lastEntries(tailFile(file, 400), lines));
    }
  }
  if (error.stack) out.push('--- stack ---', error.stack.split('\n').slice(0, 8).join('\n'));
  return out.join('\n');
}

/**
 * The last `n` entries of a VS Code log (lines that start with a timestamp): an entry's continuation lines are kept
 * for errors and warnings (their stacks) and dropped otherwise (the host's long lists of scanned extensions).
 */
function lastEntries(text, n) {
  const out = [];
  let keep = false;
  for (const line of text.split('\n')) {
    if (/^\d{4}-\d\d-\d\d[ T]/.test(line)) {
      keep = /\[(error|warning)\]/.test(line);
      out.push(line);
    } else if (keep && line.trim()) out.push(`  ${line.trim()}`);
  }
  return out.slice(-n).join('\n');
}
