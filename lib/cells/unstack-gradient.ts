/**
 * A fix for TF.js's gradient of `unstack` when the stacked axis has length 1 (a sequence of one step).
 *
 * The step-wise layer path (tf.layers.RNN's rnn()) splits the input in time with tf.unstack. TF.js hands the
 * gradient function of a one-output op its dy as a lone tensor, not a list, and the stock Unpack gradient passes
 * that straight to tf.stack, which throws "Argument tensors passed to stack must be a `Tensor[]`". The gradient
 * of x -> unstack(x, axis) is the same for any length:
 *
 *     dL/dx = stack([dy_0, ..., dy_{T-1}], axis)      (T = 1: dL/dx = expandDims(dy_0, axis))
 *
 * so this one accepts both forms. The gradient registry is global and every copy of TF.js loaded later (danfojs
 * brings one) registers the stock gradient again, so `ensureUnstackGradient` is called before each step-wise pass
 * rather than once at import.
 */
import * as tf from "@tensorflow/tfjs";

const unstackGradient: tf.GradConfig = {
  kernelName: tf.Unpack,
  gradFunc: (dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
    const axis = (attrs as { axis?: number } | undefined)?.axis ?? 0;
    return { value: () => tf.stack(Array.isArray(dy) ? dy : [dy], axis) };
  },
};

/** Make the registered Unpack gradient the one above (a map look-up when it already is). */
export function ensureUnstackGradient(): void {
  if (tf.getGradient(tf.Unpack) !== unstackGradient) tf.registerGradient(unstackGradient);
}
