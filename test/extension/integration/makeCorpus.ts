// Writes the small synthetic IEMOCAP the integration test opens: the demo corpus's generator with 3 sessions of 16
// utterances (48 in all, a few seconds to write), so the tree, labels and a training start are quick.
//   node --import tsx test/extension/integration/makeCorpus.ts <outDir>
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { writeDemoCorpus } from '../../../src/engine/demo/demoCorpus';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: makeCorpus.ts <outDir>');
  const started = Date.now();
  const r = await writeDemoCorpus(new NodeFileSystem(), out, { sessions: 3, dialogsPerSession: 2, utterancesPerSession: 16, minSeconds: 1.5, maxSeconds: 3, meanSeconds: 2 });
  process.stdout.write(`${JSON.stringify({ base: r.base, dialogs: r.dialogs.length, utterances: r.dialogs.reduce((n, d) => n + d.utterances, 0), ms: Date.now() - started })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
