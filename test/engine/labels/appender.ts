// Child process of labelStoreCrash.test.ts (bundled with esbuild so it starts fast): opens the label store of
// a dataset root and appends corrections and undos in a loop, printing "ack <id>" only after each one resolved.
// Usage: node appender.js <datasetRoot> <who> <seed> <count>
import { writeSync } from 'node:fs';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { LabelStore } from '../../../src/engine/labels/labelStore';
import { Prng } from '../../../src/engine/demo/prng';

export const APPENDER_LABELS = ['neu', 'ang', 'sad', 'hap', 'fru'];
export const APPENDER_UTTERANCES = 40;

export function appenderCorpus(): Map<string, string | undefined> {
  const m = new Map<string, string | undefined>();
  for (let i = 0; i < APPENDER_UTTERANCES; i++) m.set(`utt${String(i).padStart(2, '0')}`, APPENDER_LABELS[i % 4]);
  return m;
}

// writeSync on fd 1: the ack is in the pipe before the next append starts, even if SIGKILL follows at once.
function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [root, who, seedText, countText] = argv;
  const prng = new Prng(Number(seedText));
  const count = Number(countText);
  const corpus = appenderCorpus();
  const utts = [...corpus.keys()];
  const store = await LabelStore.open(new NodeFileSystem(), root, { corpusLabels: corpus, allowedLabels: APPENDER_LABELS });
  say('ready');
  for (let i = 0; i < count; i++) {
    if (prng.next() < 0.15 && store.nextUndo(who) !== undefined) {
      const r = await store.undo(who);
      if (r !== undefined) say(`ack ${r.id}`);
      continue;
    }
    const utt = utts[prng.int(utts.length)];
    const current = store.effectiveLabel(utt);
    const choices = APPENDER_LABELS.filter((l) => l !== current);
    const r = await store.set(utt, choices[prng.int(choices.length)], { who, note: i % 5 === 0 ? `round note, "${i}"` : undefined });
    // undefined only if another process set the same label in between: nothing written, nothing to ack.
    if (r !== undefined) say(`ack ${r.id}`);
  }
  say('done');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
