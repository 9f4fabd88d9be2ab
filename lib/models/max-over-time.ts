/**
 * Max pooling over time with its own gradient: the classifier's max read-out (./masked-pooling.ts).
 *
 *   p[b, j] = max_{t : m[b, t] = 1} x[b, t, j]                 (0 for a row with no real step)
 *   ∂L/∂x[b, t, j] = ∂L/∂p[b, j]   if m[b, t] = 1 and x[b, t, j] = p[b, j],   else 0
 *
 * These are the numbers TF.js's own `max` and its gradient give (`dy * (x == max)`: every tied step gets the whole
 * gradient), computed in one pass each instead of through a broadcast `equal(x, p)` over the whole [batch, T, H]
 * tensor, which on the wasm backend took 38% (LSTM) to 56% (RNN) of a full-scale IMDB training step (measured with
 * bench/profile.ts imdb-full-* and per-op timers before this op existed).
 * Ties are exact float equalities, which happen where tanh saturates; they matter: sending the gradient to the first
 * tied step only (PyTorch's max-pool) moved the quick IMDB RNN from 0.613 to 0.503 mean accuracy.
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
  const real: tf.TypedArray | undefined = realSteps ? realSteps.dataSync() : undefined;
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
        // Every real step that ties with the maximum gets the whole upstream gradient (above).
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
