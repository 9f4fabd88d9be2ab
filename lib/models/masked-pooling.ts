/**
 * Pooling of a recurrent layer's output sequence over the real (unpadded) steps only, done outside the recurrent
 * layer with a mask multiply, so the layer itself runs without an input mask and keeps the fused kernels.
 *
 * Inputs: h [batch, T, H] (returnSequences) and the token ids [batch, T]; m_t = 1 where id_t ≠ 0 (0 = padding).
 *   mean:  p = Σ_t m_t h_t / max(1, Σ_t m_t)
 *   max:   p = max_t (h_t + (m_t - 1) · 1e9)            (padded steps can never win; an all-padding row gives -1e9
 *                                                         before the clamp, so it is clamped to 0)
 * With `reversed`, h comes from a layer run with goBackwards, whose outputs are in processing order (step t of h is
 * input step T-1-t, as in Keras), so the mask is reversed to match.
 */
import * as tf from "@tensorflow/tfjs";

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
      const pooled = h.add(m.sub(1).mul(1e9)).max(1);
      return tf.maximum(pooled, -1e8).mul(tf.greater(m.sum(1), 0).toFloat());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pooling: this.pooling, reversed: this.reversed };
  }
}
tf.serialization.registerClass(MaskedPooling);
