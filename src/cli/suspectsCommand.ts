import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { InspectionSession } from '../engine/inspect/inspectionSession';
import type { InspectionSelection } from '../engine/inspect/loadInspection';
import type { Suspect } from '../engine/inspect/suspects';
import type { InspectionData } from '../engine/inspect/inspectionData';
import { UsageError, type CliContext, type ExitCode } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';
import { ProgressDisplay } from './progressDisplay';

/** Options every inspection command shares: the dataset's, the run, the neighbour scope and k. */
export const INSPECT_OPTIONS = {
  ...DATASET_OPTIONS,
  run: { type: 'string' },
  scope: { type: 'string' },
  neighbours: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface InspectValues {
  format?: string;
  classes?: string;
  subset?: string;
  run?: string;
  scope?: string;
  neighbours?: string;
  json?: boolean;
}

/** A positive integer option, or `fallback` when absent. */
export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, not "${value}"`);
  return n;
}

/** Opens the run named by --run over the dataset <dir>, with progress on stderr unless --json. */
export async function openInspection(ctx: CliContext, dir: string | undefined, values: InspectValues): Promise<InspectionSession> {
  if (!values.run) throw new UsageError('missing --run <runDir> (a run folder written by `ser eval`)');
  const sel = datasetSelection(ctx.cwd, dir, values);
  const selection: InspectionSelection = { root: sel.root, ...(sel.format ? { format: sel.format } : {}), ...(sel.classes !== undefined ? { classes: sel.classes } : {}) };
  // An absent --subset defers to the run's own setting (run.json), not to "all".
  if (values.subset !== undefined) selection.subset = sel.subset ?? 'all';
  const scope = values.scope ?? 'fold';
  if (scope !== 'fold' && scope !== 'all') throw new UsageError(`--scope must be fold or all, not "${scope}"`);
  // One progress line per stage: the audio header scan, then the neighbour search.
  const displays = new Map<string, ProgressDisplay>();
  const show = (stage: string, f: number) => {
    if (values.json) return;
    if (!displays.has(stage)) {
      for (const d of displays.values()) d.finish();
      displays.set(stage, new ProgressDisplay(ctx.stderr, stage === 'scan' ? 'reading audio headers' : 'neighbour graph'));
    }
    displays.get(stage)!.update(Math.round(f * 1000), 1000);
  };
  const session = await InspectionSession.open(ctx.fs, selection, path.resolve(ctx.cwd, values.run), {
    scope,
    k: intOption(values.neighbours, '--neighbours', 10),
    signal: ctx.signal,
    onProgress: show,
  });
  for (const d of displays.values()) d.finish();
  return session;
}

/** Lines about run entries that could not be scored: reported, never fatal. */
export function droppedNotes(data: InspectionData): string[] {
  const lines: string[] = [];
  const gone = data.dropped.filter((d) => d.reason === 'not-in-dataset').map((d) => d.id);
  const unusable = data.dropped.filter((d) => d.reason === 'not-usable').map((d) => d.id);
  const list = (ids: string[]) => `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? `, ... (${ids.length - 10} more)` : ''}`;
  if (gone.length) lines.push(`note: ${gone.length} predictions of the run are for utterances no longer in the dataset: ${list(gone)}`);
  if (unusable.length) lines.push(`note: ${unusable.length} predictions are for utterances no longer usable (label outside the class map or audio unreadable): ${list(unusable)}`);
  if (data.notInRun.length) lines.push(`note: ${data.notInRun.length} usable utterances have no prediction in this run (added or relabelled since); retrain to score them`);
  return lines;
}

/**
 * `ser suspects <dir> --run <runDir>`: utterances ranked by how likely their label is wrong, with the suggested
 * label and the reasons (model, neighbourhood, evaluators). --dismiss records "not an issue" (--retract undoes it).
 */
export async function suspectsCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INSPECT_OPTIONS, top: { type: 'string' }, 'rank-by': { type: 'string' }, dismiss: { type: 'string' }, retract: { type: 'string' }, who: { type: 'string' }, note: { type: 'string' } },
  });
  const rankBy = values['rank-by'] ?? 'combined';
  if (rankBy !== 'combined' && rankBy !== 'self-confidence' && rankBy !== 'margin') throw new UsageError(`--rank-by must be combined, self-confidence or margin, not "${rankBy}"`);
  const session = await openInspection(ctx, positionals[0], values);
  if (values.dismiss !== undefined || values.retract !== undefined) {
    if (!values.who) throw new UsageError('--dismiss and --retract need --who NAME');
    if (values.dismiss !== undefined) {
      const d = await session.dismissUtterance(values.dismiss, { who: values.who, ...(values.note ? { note: values.note } : {}) });
      ctx.stderr.write(`dismissed ${d.utt} (${d.label}) as not an issue: verdict ${d.id} in ${session.verdicts.file}\n`);
    } else {
      const r = await session.retractVerdict(values.retract!, values.who);
      ctx.stderr.write(`retracted verdict ${r.target}\n`);
    }
  }
  const list = session.suspects({ top: intOption(values.top, '--top', 20), rankBy });
  const data = session.data;
  if (values.json) {
    ctx.stdout.write(
      `${JSON.stringify({
        run: session.runDir,
        dataset: session.dataset.root,
        classes: data.classes,
        scored: list.scored,
        dismissed: list.dismissed,
        rankBy,
        weights: list.weights,
        confidentLearning: session.confidentJoint(),
        suspects: list.suspects,
        dropped: data.dropped,
        notInRun: data.notInRun.length,
        degenerateEmbeddings: session.analysis.space.degenerateRows().map((i) => data.ids[i]),
      })}\n`,
    );
    return 0;
  }
  const out: string[] = [
    `${list.suspects.length} suspects of ${list.scored} utterances by ${rankBy === 'combined' ? 'combined evidence' : rankBy} (run ${session.runDir}; evidence weights: model ${list.weights.model}, neighbourhood ${list.weights.neighbourhood}${list.dismissed ? `; ${list.dismissed} dismissed as not an issue` : ''})`,
  ];
  const idWidth = Math.max(9, ...list.suspects.map((s) => s.id.length));
  out.push(`${'rank'.padStart(4)}  score  ${'utterance'.padEnd(idWidth)}  label -> suggested     category      reasons`);
  for (const s of list.suspects) {
    const change = `${s.label} -> ${s.suggested} (${s.suggestedProbability.toFixed(2)})`;
    out.push(`${String(s.rank).padStart(4)}  ${s.score.toFixed(3)}  ${s.id.padEnd(idWidth)}  ${change.padEnd(20)}  ${s.category.padEnd(12)}  ${reasonText(s)}`);
  }
  out.push(...droppedNotes(data));
  ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** The reasons of a suspect in one line. */
export function reasonText(s: Suspect): string {
  const m = s.reasons.model;
  const parts = [`model ${m.predicted} ${m.predictedProbability.toFixed(2)} (own label ${m.selfConfidence.toFixed(2)}${m.offDiagonal ? ', confident-learning flag' : ''})`];
  const nb = s.reasons.neighbourhood;
  if (nb) parts.push(nb.supports ? `neighbours ${(100 * nb.disagreement).toFixed(0)}% other, mostly ${nb.supports}` : 'neighbours agree');
  const ev = s.reasons.evaluators;
  if (ev) {
    const shares = Object.entries(ev.shares).sort((a, b) => b[1] - a[1]).map(([c, v]) => `${c} ${(100 * v).toFixed(0)}%`).join(' ');
    parts.push(`evaluators ${shares}${ev.split ? ' (split)' : ''}`);
  }
  if (s.trainedLabel) parts.push(`trained as ${s.trainedLabel}`);
  return parts.join('; ');
}
