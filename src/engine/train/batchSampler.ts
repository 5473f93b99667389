/**
 * Which training utterances make up each batch. Under 'sampler' balance every item draws its class uniformly,
 * then an utterance of that class, so minority emotions are seen as often as the majority (UA, the mean per-class
 * recall, is the headline metric). The 'random' pair selection needs designated pairs (2i, 2i+1), half of them
 * same-class: the Siamese network's balanced pairs across the whole training set.
 */
import type { Prng } from '../demo/prng';

export class BatchSampler {
  private readonly byClass: number[][];
  private order: number[] = [];
  private cursor = 0;

  /** `labels[i]` is the class index of training item i; `classes` the number of classes. */
  constructor(
    private readonly labels: readonly number[],
    classes: number,
    private readonly balanced: boolean,
    private readonly rng: Prng,
  ) {
    this.byClass = Array.from({ length: classes }, () => [] as number[]);
    labels.forEach((c, i) => this.byClass[c].push(i));
    if (labels.length === 0) throw new Error('no training items');
  }

  private present(): number[] {
    return this.byClass.map((items, c) => (items.length > 0 ? c : -1)).filter((c) => c >= 0);
  }

  private ofClass(c: number): number {
    const items = this.byClass[c];
    return items[this.rng.int(items.length)];
  }

  /** One item: a uniform class then a uniform member, or the next item of a shuffled epoch order. */
  private one(): number {
    if (this.balanced) return this.ofClass(this.rng.pick(this.present()));
    if (this.cursor >= this.order.length) {
      this.order = this.rng.shuffle(this.labels.map((_, i) => i));
      this.cursor = 0;
    }
    return this.order[this.cursor++];
  }

  /** Indices of a batch of `size` items. */
  batch(size: number): number[] {
    return Array.from({ length: size }, () => this.one());
  }

  /** A batch of size/2 pairs laid out (2i, 2i+1), each same-class with probability 1/2 when the data allow. */
  pairBatch(size: number): number[] {
    const present = this.present();
    const out: number[] = [];
    while (out.length + 1 < size) {
      const a = this.one();
      const ca = this.labels[a];
      const same = this.rng.next() < 0.5 || present.length < 2;
      let b: number;
      if (same) b = this.ofClass(ca);
      else {
        const others = present.filter((c) => c !== ca);
        b = this.ofClass(this.rng.pick(others));
      }
      out.push(a, b);
    }
    if (out.length < size) out.push(this.one());
    return out;
  }
}
