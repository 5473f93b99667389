/**
 * Adam with decoupled weight decay (AdamW, Loshchilov & Hutter) and global-norm gradient clipping, written over
 * tfjs-core ops. Our own rather than tf.train.adam because its moments must go into checkpoints under stable
 * names (tfjs' optimizer names them after registered variables, which clash across folds in one process), and so
 * that clipping and decay happen without reading anything back from the backend.
 *
 * Optionally it keeps an exponential moving average of the weights (Polyak averaging), bias-corrected like Adam's
 * moments, which training validates and keeps instead of the raw, noisier last weights.
 *
 * The moments live in two flat vectors and every update runs once over all parameters concatenated: per-weight
 * updates cost ~15 small ops per weight (~450 per step), and op dispatch, not arithmetic, dominated on tfjs-node.
 */
import * as tf from '../backend/tfjs';

export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
  /** The (not yet bias-corrected) moving average of the weights, when one is kept. */
  ema?: Map<string, Float32Array>;
}

export class AdamW {
  private readonly names: string[];
  private readonly sizes: number[];
  private readonly total: number;
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  /** 1 for weight matrices, 0 for biases, norms' gains and offsets (which are not decayed). */
  private readonly decayMask: tf.Tensor1D;
  private readonly ema: tf.Variable | undefined;
  step = 0;

  constructor(
    private readonly params: Map<string, tf.Variable>,
    private readonly opts: { beta1?: number; beta2?: number; epsilon?: number; clipNorm: number; weightDecay: number; emaDecay?: number },
  ) {
    this.names = [...params.keys()];
    this.sizes = this.names.map((n) => params.get(n)!.size);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = zerosVariable([this.total]);
    this.v = zerosVariable([this.total]);
    this.ema = opts.emaDecay ? zerosVariable([this.total]) : undefined;
    const mask = new Float32Array(this.total);
    let at = 0;
    this.names.forEach((n, i) => {
      if (params.get(n)!.rank >= 2) mask.fill(1, at, at + this.sizes[i]);
      at += this.sizes[i];
    });
    this.decayMask = tf.tensor1d(mask);
  }

  /** One update with learning rate `lr` from gradients keyed like the params (missing ones count as zero). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    const b1 = this.opts.beta1 ?? 0.9;
    const b2 = this.opts.beta2 ?? 0.999;
    const eps = this.opts.epsilon ?? 1e-8;
    this.step++;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    tf.tidy(() => {
      let g: tf.Tensor1D = tf.concat(this.names.map((n, i) => (grads[n] ? flat(grads[n]) : tf.zeros([this.sizes[i]])))) as tf.Tensor1D;
      if (this.opts.clipNorm > 0) {
        const norm = g.square().sum().sqrt();
        g = g.mul(tf.minimum(1, tf.div(this.opts.clipNorm, norm.add(1e-12)))) as tf.Tensor1D;
      }
      this.m.assign(this.m.mul(b1).add(g.mul(1 - b1)));
      this.v.assign(this.v.mul(b2).add(g.square().mul(1 - b2)));
      const p = tf.concat(this.names.map((n) => flat(this.params.get(n)!)));
      let update = this.m.div(c1).div(this.v.div(c2).sqrt().add(eps));
      if (this.opts.weightDecay > 0) update = update.add(p.mul(this.decayMask).mul(this.opts.weightDecay));
      const nextFlat = p.sub(update.mul(lr));
      if (this.ema) this.ema.assign(this.ema.mul(this.opts.emaDecay!).add(nextFlat.mul(1 - this.opts.emaDecay!)));
      const next = tf.split(nextFlat, this.sizes);
      this.names.forEach((n, i) => {
        const param = this.params.get(n)!;
        param.assign(param.rank === 1 ? next[i] : next[i].reshape(param.shape));
      });
    });
  }

  /** The bias-corrected moving average of the weights by name, or undefined when none is kept (or no step ran). */
  averagedWeights(): Map<string, Float32Array> | undefined {
    if (!this.ema || this.step === 0) return undefined;
    const correction = 1 - this.opts.emaDecay! ** this.step;
    return this.split((this.ema.dataSync() as Float32Array).map((x) => x / correction));
  }

  private split(flat: Float32Array): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    let at = 0;
    this.names.forEach((n, i) => {
      out.set(n, flat.slice(at, at + this.sizes[i]));
      at += this.sizes[i];
    });
    return out;
  }

  save(): AdamState {
    const split = (t: tf.Variable) => this.split(t.dataSync() as Float32Array);
    return { step: this.step, m: split(this.m), v: split(this.v), ...(this.ema ? { ema: split(this.ema) } : {}) };
  }

  restore(state: AdamState): void {
    this.step = state.step;
    const join = (t: tf.Variable, from: Map<string, Float32Array>) => {
      const flat = new Float32Array(this.total);
      let at = 0;
      this.names.forEach((n, i) => {
        const src = from.get(n);
        if (src && src.length === this.sizes[i]) flat.set(src, at);
        at += this.sizes[i];
      });
      const src = tf.tensor1d(flat);
      t.assign(src);
      src.dispose();
    };
    join(this.m, state.m);
    join(this.v, state.v);
    if (this.ema && state.ema) join(this.ema, state.ema);
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
    this.ema?.dispose();
    this.decayMask.dispose();
  }
}

/** `t` as a vector; a vector as it is (a reshape is a kernel call on tfjs-node, and this runs per weight per step). */
function flat(t: tf.Tensor): tf.Tensor1D {
  return (t.rank === 1 ? t : t.reshape([-1])) as tf.Tensor1D;
}

/** A non-trainable zero variable of `shape` (the initial tensor is released: a variable keeps its own copy). */
export function zerosVariable(shape: number[]): tf.Variable {
  const z = tf.zeros(shape);
  const v = tf.variable(z, false);
  z.dispose();
  return v;
}
