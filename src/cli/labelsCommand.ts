/**
 * `ser labels <dir> set|undo|redo|list|export`: label corrections in <dataset>/.ser/labels.jsonl. The corpus is
 * never written; every change is an appended, fsynced record that names who made it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openLabelledDataset } from '../engine/datasets/labelledDataset';
import { writeLabelExport } from '../engine/labels/labelExport';
import type { CliContext, ExitCode } from './cliContext';
import { UsageError } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';

const ACTIONS = ['set', 'undo', 'redo', 'list', 'export'] as const;

/** The annotator's name when --who is not given: $SER_ANNOTATOR, else the OS user. */
export function defaultAnnotator(env: NodeJS.ProcessEnv = process.env): string {
  return env.SER_ANNOTATOR?.trim() || os.userInfo().username || 'unknown';
}

export async function labelsCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...DATASET_OPTIONS,
      who: { type: 'string' },
      note: { type: 'string' },
      out: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [dir, action, ...rest] = positionals;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`labels needs an action: ${ACTIONS.join(' | ')}`);
  }
  const sel = datasetSelection(ctx.cwd, dir, values);
  const ds = await openLabelledDataset(ctx.fs, sel.root, {
    format: sel.format ?? 'auto',
    subset: sel.subset ?? 'all',
    ...(sel.classes !== undefined ? { classes: sel.classes } : {}),
    signal: ctx.signal,
  });
  for (const p of ds.store.problems) ctx.stderr.write(`${p.file}: line ${p.line}: ${p.problem}\n`);
  const who = values.who ?? defaultAnnotator();

  switch (action as (typeof ACTIONS)[number]) {
    case 'set': {
      const [utt, label] = rest;
      if (!utt || !label) throw new UsageError('labels set needs <utterance> <label>');
      const r = await ds.store.set(utt, label, { who, ...(values.note !== undefined ? { note: values.note } : {}) });
      ctx.stdout.write(r ? `${utt}: ${r.old ?? '(none)'} -> ${r.new} (by ${who}, ${ds.store.file})\n` : `${utt}: already ${label}; nothing written\n`);
      return 0;
    }
    case 'undo':
    case 'redo': {
      const r = action === 'undo' ? await ds.store.undo(who) : await ds.store.redo(who);
      if (!r) {
        ctx.stdout.write(`nothing to ${action} for ${who}\n`);
        return 0;
      }
      ctx.stdout.write(`${action}: ${r.utt} is now ${ds.store.effectiveLabel(r.utt) ?? '(unlabelled)'}\n`);
      return 0;
    }
    case 'list': {
      const corrections = ds.store.corrections();
      if (values.json) {
        ctx.stdout.write(`${JSON.stringify(corrections.map((c) => ({ utt: c.utt, corpus: c.corpusLabel ?? null, label: c.label, who: c.record.who, when: c.record.when, note: c.record.note ?? null })))}\n`);
      } else if (corrections.length === 0) {
        ctx.stdout.write(`no corrections (${ds.store.file})\n`);
      } else {
        for (const c of corrections) {
          ctx.stdout.write(`${c.utt}\t${c.corpusLabel ?? '-'} -> ${c.label}\t${c.record.who}\t${c.record.when}${c.record.note ? `\t${c.record.note}` : ''}\n`);
        }
      }
      return 0;
    }
    case 'export': {
      if (!values.out) throw new UsageError('labels export needs --out FILE.csv or FILE.json');
      const target = path.resolve(ctx.cwd, values.out);
      const format = target.toLowerCase().endsWith('.json') ? 'json' : target.toLowerCase().endsWith('.csv') ? 'csv' : undefined;
      if (!format) throw new UsageError('--out must end in .csv or .json');
      await writeLabelExport(ctx.fs, target, ds.utterances.map((u) => u.utterance), ds.store, { format, overwrite: values.overwrite });
      ctx.stdout.write(`wrote ${ds.utterances.length} utterances to ${target}\n`);
      return 0;
    }
  }
}
