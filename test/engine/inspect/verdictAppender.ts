// Child process of verdicts.test.ts: appends dismissals and retractions to a dataset's verdict sidecar in a loop,
// printing "ack <id>" only after each append resolved (so the parent knows which records must survive a kill).
// Usage: node --import tsx verdictAppender.ts <datasetRoot> <who> <count>
import { writeSync } from 'node:fs';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { VerdictStore } from '../../../src/engine/inspect/verdicts/verdictStore';

// writeSync on fd 1: the ack is in the pipe before the next append starts, even if SIGKILL follows at once.
const say = (line: string) => writeSync(1, `${line}\n`);

async function main(root: string, who: string, count: number): Promise<void> {
  const store = await VerdictStore.open(new NodeFileSystem(), root);
  say('ready');
  for (let i = 0; i < count; i++) {
    const r = i % 7 === 6 ? await store.undoLast(who) : await store.dismissUtterance(`utt${i}`, i % 2 ? 'ang' : 'neu', { who, note: `note "${i}"` });
    if (r) say(`ack ${r.id}`);
  }
  say('done');
}

void main(process.argv[2], process.argv[3], Number(process.argv[4]));
