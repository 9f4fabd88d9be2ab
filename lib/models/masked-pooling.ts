/**
 * Pooling of a recurrent layer's output sequence over the real (unpadded) steps only, done outside the recurrent
 * layer, so the layer itself runs without an input mask and keeps the fused kernels.
 *
 * Inputs: h [batch, T, H] (returnSequences) and the token ids [batch, T]; m_t = 1 where id_t ≠ 0 (0 = padding).
 *   mean:  p = Σ_t m_t h_t / max(1, Σ_t m_t)
 *   max:   p = max_{t : m_t = 1} h_t                     (an all-padding row gives 0)
 * With `reversed`, h comes from a layer run with goBackwards, whose outputs are in processing order (step t of h is
 * input step T-1-t, as in Keras), so the mask is reversed to match.
 *
 * ReverseRealTokens: the backward direction of a bidirectional classifier without reading padding last. A layer run
 * with goBackwards over a pre-padded row reads the words first and the padding last, so its final state has just
 * read padding. Reversing only the n real tokens of each row and keeping the padding in front,
 *   out_p = id_p  for p < T - n,     out_p = id_{2T-1-n-p}  for p >= T - n      (n = number of ids ≠ 0),
 * and running an ordinary forward layer over it gives the same backward reading with a word as its last step.
 * It assumes pre-padding (every 0 in front of the words), which is how the workbook pads.
 *
 * The max is `maxOverTime`, one pass over the real steps of h, with its own gradient
 *   ∂L/∂h[b, t, j] = ∂L/∂p[b, j] if m_t = 1 and h[b, t, j] = p[b, j], else 0,
 * the numbers TF.js's gradient of `max` gives, without its broadcast `equal(h, p)` over the whole [batch, T, H]
 * tensor, which on the wasm backend took 45-55% of a full-scale IMDB training step (bench/profile.ts imdb-full-*).
 */
import * as tf from "@tensorflow/tfjs";

/**
 * p[b, j] = max over the real steps t of x[b, t, j] for x [batch, T, H] (every step is real without `realSteps`, a
 * [batch, T] tensor of 1 = real, 0 = padding), and its gradient (above). A row with no real step pools to 0 and
 * passes no gradient. A NaN at a real step makes that column's maximum NaN, as tf.max does, so a diverged run still
 * shows as NaN.
 */
export function maxOverTime(x: tf.Tensor3D, realSteps?: tf.Tensor2D): tf.Tensor2D {
  const [batch, steps, width] = x.shape;
  const real = realSteps ? (realSteps.dataSync() as Float32Array) : undefined;
  if (real && real.length !== batch * steps) throw new Error(`maxOverTime: realSteps must be [${batch}, ${steps}], got [${realSteps!.shape}]`);
  const isReal = (b: number, t: number) => !real || real[b * steps + t] !== 0;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input] = args as [tf.Tensor3D];
    const values = input.dataSync() as Float32Array;
    const maximum = new Float32Array(batch * width);
    const anyReal = new Uint8Array(batch);
    for (let b = 0; b < batch; b++) {
      const out = b * width;
      for (let t = 0; t < steps; t++) {
        if (!isReal(b, t)) continue;
        const at = (b * steps + t) * width;
        if (!anyReal[b]) {
          for (let j = 0; j < width; j++) maximum[out + j] = values[at + j];
          anyReal[b] = 1;
          continue;
        }
        for (let j = 0; j < width; j++) {
          const v = values[at + j];
          const best = maximum[out + j];
          // A NaN wins once and then stays: nothing compares greater than NaN, and NaN !== NaN.
          if (v > best || (v !== v && best === best)) maximum[out + j] = v;
        }
      }
    }
    return {
      value: tf.tensor2d(maximum, [batch, width]),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        // Every real step that ties with the maximum gets the whole upstream gradient, as in TF.js's own gradient of
        // max (dy * (x == max)), so the workbook's results are the same to the bit as before this op; a tie is an
        // exact float equality, which happens where tanh saturates. (PyTorch's max-pool sends it to one index.)
        const upstream = (Array.isArray(dy) ? dy[0] : dy).dataSync() as Float32Array;
        const grad = new Float32Array(batch * steps * width);
        for (let b = 0; b < batch; b++) {
          if (!anyReal[b]) continue;
          for (let t = 0; t < steps; t++) {
            if (!isReal(b, t)) continue;
            const at = (b * steps + t) * width;
            for (let j = 0; j < width; j++) if (values[at + j] === maximum[b * width + j]) grad[at + j] = upstream[b * width + j];
          }
        }
        return tf.tensor3d(grad, [batch, steps, width]);
      },
    };
  });
  return op(x) as tf.Tensor2D;
}

export const POOLINGS = ["max", "mean"] as const;
export type Pooling = (typeof POOLINGS)[number];

export class MaskedPooling extends tf.layers.Layer {
  static className = "MaskedPooling";
  readonly pooling: Pooling;
  readonly reversed: boolean;

  constructor(args: { pooling: Pooling; reversed?: boolean; name?: string }) {
    super({ name: args.name });
    if (!(POOLINGS as readonly string[]).includes(args.pooling)) {
      throw new Error(`MaskedPooling: pooling must be one of ${POOLINGS.join(", ")}, got '${String(args.pooling)}'`);
    }
    this.pooling = args.pooling;
    this.reversed = args.reversed ?? false;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const h = (inputShape as tf.Shape[])[0];
    return [h[0], h[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [h, ids] = inputs as tf.Tensor[];
      let mask = tf.notEqual(ids, 0).toFloat();
      if (this.reversed) mask = tf.reverse(mask, 1);
      const m = mask.expandDims(2); // [batch, T, 1]
      if (this.pooling === "mean") return h.mul(m).sum(1).div(tf.maximum(m.sum(1), 1));
      return maxOverTime(h as tf.Tensor3D, mask as tf.Tensor2D);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pooling: this.pooling, reversed: this.reversed };
  }
}
tf.serialization.registerClass(MaskedPooling);

export class ReverseRealTokens extends tf.layers.Layer {
  static className = "ReverseRealTokens";

  constructor(args: { name?: string } = {}) {
    super({ name: args.name, dtype: "int32" });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = (Array.isArray(inputs) ? inputs[0] : inputs).toInt();
      const steps = ids.shape[1] as number;
      const real = tf.notEqual(ids, 0).toInt().sum(1, true); // n per row, [batch, 1]
      const p = tf.range(0, steps, 1, "int32").expandDims(0); // [1, T]
      const mirrored = tf.scalar(2 * steps - 1, "int32").sub(real).sub(p);
      const index = tf.where(tf.greaterEqual(p, tf.scalar(steps, "int32").sub(real)), mirrored, p.tile([ids.shape[0] as number, 1]));
      // Row-wise gather as one flat gather (row offsets b T), which every backend supports.
      const batch = ids.shape[0] as number;
      const offsets = tf.range(0, batch * steps, steps, "int32").expandDims(1);
      return tf.gather(ids.reshape([-1]), index.add(offsets).reshape([-1])).reshape([batch, steps]);
    });
  }
}
tf.serialization.registerClass(ReverseRealTokens);
