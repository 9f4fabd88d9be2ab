/**
 * Start a forecaster with a linear skip (forecaster.ts, `linearSkip`) from the least-squares linear
 * autoregression instead of random weights, with the recurrent (or MLP) head at zero. At step 0 the model then
 * IS the linear AR on its (referenced) window, ŷ = r + A z + c, and training only learns the non-linear correction
 * from there: the network cannot start worse than the linear baseline, and validation early stopping keeps any
 * epoch that improves on it. Fitted on the training windows only, in the scaled units the model sees.
 *
 *   z_i = (last p target values of window i - r_i) / s_i,   t_i = (y_i - r_i) / s_i    (r = 0, s = 1 without a reference)
 *   (A, c) = ridge least squares of t on z     (fitLinearAutoregression, tiny ridge)
 *   linear_skip.kernel = Aᵀ  [p, horizon],  linear_skip.bias = c,  forecast_head.kernel = 0, forecast_head.bias = 0
 */
import * as tf from "@tensorflow/tfjs";
import { fitLinearAutoregression } from "./forecast-baselines";
import { REVIN_EPSILON, type WindowReferenceKind } from "./window-layers";

/** Training windows as the model reads them: x [n, T, F] row-major (column 0 the target), y [n, horizon]. */
export interface TrainingWindows {
  x: Float32Array;
  xShape: [number, number, number];
  y: Float32Array;
}

export function initLinearSkipLeastSquares(model: tf.LayersModel, windows: TrainingWindows, reference: WindowReferenceKind): void {
  const skip = model.layers.find((l) => l.name === "linear_skip");
  const head = model.layers.find((l) => l.name === "forecast_head");
  if (!skip || !head) throw new Error("initLinearSkipLeastSquares: the model has no linear_skip / forecast_head layer: build it with linearSkip > 0");
  const [kernel] = skip.getWeights();
  const [lags, horizon] = kernel.shape;
  const [count, steps, inputs] = windows.xShape;
  const lagRows: Float64Array[] = [];
  const targets: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const target = (t: number) => windows.x[(i * steps + t) * inputs];
    let r = 0;
    let s = 1;
    if (reference === "last") r = target(steps - 1);
    else if (reference === "mean" || reference === "revin") {
      for (let t = 0; t < steps; t++) r += target(t);
      r /= steps;
    }
    if (reference === "revin") {
      let squares = 0;
      for (let t = 0; t < steps; t++) squares += (target(t) - r) ** 2;
      s = Math.sqrt(squares / steps + REVIN_EPSILON);
    }
    lagRows.push(Float64Array.from({ length: lags }, (_, j) => (target(steps - lags + j) - r) / s));
    targets.push(Float64Array.from({ length: horizon }, (_, k) => (windows.y[i * horizon + k] - r) / s));
  }
  const ar = fitLinearAutoregression(lagRows, targets);
  const kernelValues = new Float32Array(lags * horizon);
  for (let j = 0; j < lags; j++) for (let k = 0; k < horizon; k++) kernelValues[j * horizon + k] = ar.coefficients[k][j];
  skip.setWeights([tf.tensor2d(kernelValues, [lags, horizon]), tf.tensor1d(Float32Array.from(ar.intercepts))]);
  head.setWeights(head.getWeights().map((w) => tf.zerosLike(w)));
}
