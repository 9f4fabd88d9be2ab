/**
 * Pooling of a recurrent layer's output sequence over the real (unpadded) steps only, done outside the recurrent
 * layer, so the layer itself runs without an input mask and keeps the fused kernels.
 *
 * Inputs: h [batch, T, H] (returnSequences) and the token ids [batch, T]; m_t = 1 where id_t ≠ 0 (0 = padding).
 *   mean:  p = Σ_t m_t h_t / max(1, Σ_t m_t)
 *   max:   p = max_{t : m_t = 1} h_t                     (an all-padding row gives 0; ./max-over-time.ts)
 * With `reversed`, h comes from a layer run with goBackwards, whose outputs are in processing order (step t of h is
 * input step T-1-t, as in Keras), so the mask is reversed to match.
 *
 * ReverseRealTokens: the backward direction of a bidirectional classifier without reading padding last. A layer run
 * with goBackwards over a pre-padded row reads the words first and the padding last, so its final state has just
 * read padding. Reversing only the n real tokens of each row and keeping the padding in front,
 *   out_p = id_p  for p < T - n,     out_p = id_{2T-1-n-p}  for p >= T - n      (n = number of ids ≠ 0),
 * and running an ordinary forward layer over it gives the same backward reading with a word as its last step.
 * It assumes pre-padding (every 0 in front of the words), which is how the workbook pads.
 */
import * as tf from "@tensorflow/tfjs";
import { maxOverTime } from "./max-over-time";

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
