/** Training items of random log-mel-sized frames for the speed benches: the speed does not depend on the values. */
import { Prng } from '../../src/engine/demo/prng';
import type { TrainItem } from '../../src/engine/train/trainer';

export const CLASSES = ['a', 'b', 'c', 'd'];

/** `n` items of 350 frames x 64 bands (longer than the default 300-frame crop, so crops never pad). */
export function randomItems(n: number, rng = new Prng(1)): TrainItem[] {
  const frames = 350;
  const dims = 64;
  return Array.from({ length: n }, (_, i) => {
    const data = new Float32Array(frames * dims);
    for (let k = 0; k < data.length; k++) data[k] = rng.normal();
    return { id: `u${i}`, features: { frames, dims, data }, label: i % CLASSES.length };
  });
}
