import { parseArgs } from 'node:util';
import { UsageError, type CliContext, type ExitCode } from './cliContext';
import { INSPECT_OPTIONS, intOption, openInspection, reasonText } from './suspectsCommand';

/** `ser neighbors <dir> --run <runDir> <utterance> [-k n]`: the utterance's evidence and its nearest utterances. */
export async function neighborsCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INSPECT_OPTIONS, k: { type: 'string', short: 'k' } },
  });
  const [dir, utterance] = positionals;
  if (!utterance) throw new UsageError('missing the utterance id (ser neighbors <dir> --run <runDir> <utterance>)');
  const k = intOption(values.k, '-k', 10);
  const session = await openInspection(ctx, dir, values);
  const self = session.suspect(utterance);
  const neighbours = session.neighbours(utterance, k);
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ run: session.runDir, utterance: self, scope: session.analysis.space.scope, neighbours })}\n`);
    return 0;
  }
  const width = Math.max(9, ...neighbours.map((q) => q.id.length));
  const out = [
    `${self.id}  label ${self.label}  suspicion ${self.score.toFixed(3)} (rank ${self.rank} of ${session.data.ids.length}${self.dismissed ? ', dismissed' : ''})  suggested ${self.suggested}`,
    `  ${reasonText(self)}`,
    `${neighbours.length} nearest (cosine, within ${session.analysis.space.scope === 'fold' ? 'its fold' : 'the whole run'}):`,
    ...neighbours.map((q, r) => `${String(r + 1).padStart(4)}  ${q.id.padEnd(width)}  ${q.label.padEnd(6)}  similarity ${q.similarity.toFixed(4)}  suspicion ${q.score.toFixed(3)}`),
  ];
  ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
