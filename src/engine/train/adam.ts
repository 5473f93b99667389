/**
 * Adam with decoupled weight decay (AdamW, Loshchilov & Hutter) and global-norm gradient clipping, written over
 * tfjs-core ops. Our own rather than tf.train.adam because its moments must go into checkpoints under stable
 * names (tfjs' optimizer names them after registered variables, which clash across folds in one process), and so
 * that clipping and decay happen without reading anything back from the backend.
 */
import * as tf from '../backend/tfjs';

export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  step = 0;

  constructor(
    private readonly params: Map<string, tf.Variable>,
    private readonly opts: { beta1?: number; beta2?: number; epsilon?: number; clipNorm: number; weightDecay: number },
  ) {
    for (const [name, p] of params) {
      this.m.set(name, zerosVariable(p.shape));
      this.v.set(name, zerosVariable(p.shape));
    }
  }

  /** One update with learning rate `lr` from gradients keyed like the params (inside the caller's tidy). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    const b1 = this.opts.beta1 ?? 0.9;
    const b2 = this.opts.beta2 ?? 0.999;
    const eps = this.opts.epsilon ?? 1e-8;
    this.step++;
    tf.tidy(() => {
      let scale: tf.Scalar | undefined;
      if (this.opts.clipNorm > 0) {
        const sq = Object.values(grads).map((g) => g.square().sum());
        const norm = tf.addN(sq).sqrt();
        scale = tf.minimum(1, tf.div(this.opts.clipNorm, norm.add(1e-12))) as tf.Scalar;
      }
      const c1 = 1 - b1 ** this.step;
      const c2 = 1 - b2 ** this.step;
      for (const [name, p] of this.params) {
        const raw = grads[name];
        if (!raw) continue;
        const g = scale ? raw.mul(scale) : raw;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(m.mul(b1).add(g.mul(1 - b1)));
        v.assign(v.mul(b2).add(g.square().mul(1 - b2)));
        let update = m.div(c1).div(v.div(c2).sqrt().add(eps));
        // Decay matrices only: biases, norms' gains and offsets are left alone.
        if (this.opts.weightDecay > 0 && p.rank >= 2) update = update.add(p.mul(this.opts.weightDecay));
        p.assign(p.sub(update.mul(lr)));
      }
    });
  }

  save(): AdamState {
    const grab = (vars: Map<string, tf.Variable>) => new Map([...vars].map(([k, t]) => [k, (t.dataSync() as Float32Array).slice()]));
    return { step: this.step, m: grab(this.m), v: grab(this.v) };
  }

  restore(state: AdamState): void {
    this.step = state.step;
    const load = (vars: Map<string, tf.Variable>, from: Map<string, Float32Array>) => {
      for (const [name, t] of vars) {
        const src = tf.tensor(from.get(name) ?? new Float32Array(t.size), t.shape);
        t.assign(src);
        src.dispose();
      }
    };
    load(this.m, state.m);
    load(this.v, state.v);
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

/** A non-trainable zero variable of `shape` (the initial tensor is released: a variable keeps its own copy). */
export function zerosVariable(shape: number[]): tf.Variable {
  const z = tf.zeros(shape);
  const v = tf.variable(z, false);
  z.dispose();
  return v;
}
