import { parseArgs } from 'node:util';
import { UsageError, type CliContext, type ExitCode } from './cliContext';
import { droppedNotes, INSPECT_OPTIONS, intOption, openInspection } from './suspectsCommand';

/**
 * `ser pairs <dir> --run <runDir>`: utterances the encoder places side by side that carry different labels (which
 * side is more likely wrong, and what it should be), then classes the encoder splits in two. --dismiss A,B records
 * "not an issue" for a pair.
 */
export async function pairsCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INSPECT_OPTIONS, top: { type: 'string' }, 'min-similarity': { type: 'string' }, dismiss: { type: 'string' }, who: { type: 'string' }, note: { type: 'string' } },
  });
  const minText = values['min-similarity'];
  const minSimilarity = minText === undefined ? undefined : Number(minText);
  if (minSimilarity !== undefined && !(minSimilarity >= -1 && minSimilarity <= 1)) throw new UsageError(`--min-similarity must be a number in -1..1, not "${minText}"`);
  const session = await openInspection(ctx, positionals[0], values);
  if (values.dismiss !== undefined) {
    const ids = values.dismiss.split(',');
    if (ids.length !== 2 || !values.who) throw new UsageError('--dismiss takes two utterances as A,B and needs --who NAME');
    const d = await session.dismissPair(ids[0], ids[1], { who: values.who, ...(values.note ? { note: values.note } : {}) });
    ctx.stderr.write(`dismissed pair ${ids[0]} / ${ids[1]} as not an issue: verdict ${d.id}\n`);
  }
  const top = intOption(values.top, '--top', 20);
  const list = session.pairs({ top, ...(minSimilarity !== undefined ? { minSimilarity } : {}) });
  const splits = session.splits();
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ run: session.runDir, candidates: list.candidates, dismissed: list.dismissed, pairs: list.pairs, splits, dropped: session.data.dropped })}\n`);
    return 0;
  }
  const out: string[] = [`${list.pairs.length} of ${list.candidates} close pairs with different labels (run ${session.runDir}${list.dismissed ? `; ${list.dismissed} dismissed` : ''})`];
  for (const p of list.pairs) {
    const wrong = p.likelyWrong === 'a' ? p.a : p.b;
    out.push(
      `${String(p.rank).padStart(4)}  ${p.score.toFixed(3)}  ${p.a.id} (${p.a.label}) ~ ${p.b.id} (${p.b.label})  similarity ${p.similarity.toFixed(3)}${p.mutual ? ' mutual' : ''}  -> ${wrong.id} is likely wrong, should be ${p.suggested} (${p.confidence.toFixed(2)})`,
    );
  }
  out.push(splits.length ? `${splits.length} classes split in two (same label, far apart in the embedding):` : 'no class is split in two');
  for (const s of splits) {
    const side = (g: (typeof s.groups)[0]) => `${g.size} around ${g.medoid} (model: ${Object.entries(g.predicted).sort((a, b) => b[1] - a[1]).map(([c, v]) => `${c} ${(100 * v).toFixed(0)}%`).join(' ')})`;
    out.push(`  ${s.label}${s.fold !== undefined ? ` in fold ${s.fold}` : ''}: silhouette ${s.silhouette.toFixed(2)}, medoids similarity ${s.medoidSimilarity.toFixed(2)}; ${side(s.groups[0])} | ${side(s.groups[1])}`);
  }
  out.push(...droppedNotes(session.data));
  ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
