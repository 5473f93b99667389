// Measures single-threaded synthesis speed as a multiple of real time (not a test: timings vary by machine).
// Usage: node --import tsx test/engine/demo/synthesisSpeed.ts
import { planEmodbCorpus } from '../../../src/engine/demo/emodbCorpus';
import { renderPlanned } from '../../../src/engine/demo/plannedUtterance';

function measure(rate: number, count?: number): string {
  const plan = planEmodbCorpus({ seed: 1 });
  const items = count === undefined ? plan.utterances : plan.utterances.slice(0, count);
  renderPlanned(items[0], rate); // warm the JIT up before timing
  const t0 = process.hrtime.bigint();
  let seconds = 0;
  for (const p of items) seconds += renderPlanned(p, rate).samples.length / rate;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return `${rate} Hz: ${items.length} utterances, ${(seconds / 60).toFixed(1)} min of speech in ${wall.toFixed(2)} s = ${(seconds / wall).toFixed(0)}x real time`;
}

process.stdout.write(`${measure(16000)}\n${measure(44100, 100)}\n`);
