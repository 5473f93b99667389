import { parseArgs } from 'node:util';
import type { ScanSummary } from '../shared/protocol';
import { runScan } from '../engine/jobs/scanJob';
import type { CliContext, ExitCode } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';
import { ProgressDisplay, formatSeconds } from './progressDisplay';

/** `ser scan <dir>`: what the dataset holds and which files are broken. */
export async function scanCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...DATASET_OPTIONS, json: { type: 'boolean', default: false } },
  });
  const selection = datasetSelection(ctx.cwd, positionals[0], values);
  const progress = values.json ? undefined : new ProgressDisplay(ctx.stderr, 'probing audio');
  const summary = await runScan(ctx.fs, selection, {
    signal: ctx.signal,
    onProgress: (p) => progress?.update(p.done, p.total),
  });
  progress?.finish();
  if (values.json) ctx.stdout.write(`${JSON.stringify(summary)}\n`);
  else ctx.stdout.write(formatSummary(summary));
  return 0;
}

export function formatSummary(s: ScanSummary): string {
  const lines = [
    `${s.root}`,
    `  format      ${s.format}`,
    `  utterances  ${s.utterances} usable (label in the class map, audio readable)`,
    `  speakers    ${s.speakers}`,
    `  sessions    ${s.sessions}`,
    `  audio       ${formatSeconds(s.totalSeconds)} (${(s.totalSeconds / 3600).toFixed(2)} h)`,
    `  classes`,
  ];
  const width = Math.max(...Object.keys(s.classes).map((c) => c.length), 3);
  for (const [c, n] of Object.entries(s.classes)) {
    const share = s.utterances > 0 ? n / s.utterances : 0;
    lines.push(`    ${c.padEnd(width)} ${String(n).padStart(6)}  ${(100 * share).toFixed(1).padStart(5)}%  ${'#'.repeat(Math.round(share * 40))}`);
  }
  if (s.errors.length > 0) {
    lines.push(`  problems (${s.errors.length}; these files were skipped, the rest loaded)`);
    for (const e of s.errors.slice(0, 20)) lines.push(`    ${e.file}: ${e.message}`);
    if (s.errors.length > 20) lines.push(`    ... ${s.errors.length - 20} more (use --json for all)`);
  }
  return `${lines.join('\n')}\n`;
}
