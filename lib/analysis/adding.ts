/**
 * The adding problem (Hochreiter & Schmidhuber 1997; modern form of Le, Jaitly & Hinton 2015 and
 * Arjovsky, Shah & Bengio 2016): the long-range memory task where the answer depends on two inputs that
 * can be up to `length` steps in the past.
 *
 *     x_t = [value_t, marker_t]          value_t ~ U[0, 1),  t = 0 .. T-1
 *     marker_t = 1 at exactly two steps: a in [0, floor(T/2)),  b in [floor(T/2), T);  else 0
 *     y = value_a + value_b              (one target per sequence, read after the last step)
 *
 * The first marked value sits in the first half, so solving the task needs a memory of at least T/2 steps.
 * A model that always predicts E[y] = 1 scores the baseline MSE
 *
 *     E[(y - 1)^2] = Var(value_a + value_b) = 2 * Var(U[0,1)) = 2 / 12 = 1/6 ~ 0.167,
 *
 * and "solved" means a test MSE far below it (the sweep uses < 0.01, or < 5% of the baseline).
 */
import * as tf from "@tensorflow/tfjs";
import { type Uniform, seededUniform, uniformInt } from "../random";

/** MSE of always predicting the mean target 1 (Var of a sum of two U[0,1)): 1/6. */
export const ADDING_BASELINE_MSE = 1 / 6;
/** Features per step: the value and the marker. */
export const ADDING_FEATURES = 2;

/** A batch of adding-problem sequences as flat row-major arrays (ready for tf.tensor3d / tf.tensor2d). */
export interface AddingBatch {
  count: number;
  length: number;
  /** Shape [count, length, 2]: channel 0 the value, channel 1 the marker. */
  inputs: Float32Array;
  /** Shape [count, 1]: the sum of the two marked values. */
  targets: Float32Array;
  /** Shape [count, 2]: the two marked steps (first-half step, second-half step). */
  markers: Int32Array;
}

/**
 * Draw `count` sequences of `length` steps. `rng` is a seed (number) or a uniform source, so a training
 * loop can keep drawing fresh batches from one seeded stream.
 */
export function addingProblem(count: number, length: number, rng: number | Uniform): AddingBatch {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`adding problem: count must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(length) || length < 2) {
    throw new Error(`adding problem: length must be an integer >= 2 (two marked steps), got ${length}`);
  }
  const uniform = typeof rng === "number" ? seededUniform(rng) : rng;
  const half = Math.floor(length / 2);
  const inputs = new Float32Array(count * length * ADDING_FEATURES);
  const targets = new Float32Array(count);
  const markers = new Int32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const base = n * length * ADDING_FEATURES;
    for (let t = 0; t < length; t++) inputs[base + t * ADDING_FEATURES] = uniform();
    const first = uniformInt(uniform, 0, half);
    const second = uniformInt(uniform, half, length);
    inputs[base + first * ADDING_FEATURES + 1] = 1;
    inputs[base + second * ADDING_FEATURES + 1] = 1;
    // Sum the float32-rounded values, so the target is exactly the sum of what the network sees.
    targets[n] = inputs[base + first * ADDING_FEATURES] + inputs[base + second * ADDING_FEATURES];
    markers[2 * n] = first;
    markers[2 * n + 1] = second;
  }
  return { count, length, inputs, targets, markers };
}

/** The batch as tensors: inputs [count, length, 2], targets [count, 1]. The caller disposes them. */
export function addingTensors(batch: AddingBatch): { inputs: tf.Tensor3D; targets: tf.Tensor2D } {
  return {
    inputs: tf.tensor3d(batch.inputs, [batch.count, batch.length, ADDING_FEATURES]),
    targets: tf.tensor2d(batch.targets, [batch.count, 1]),
  };
}

/** MSE of the constant prediction `constant` (default 1, the mean target) on the batch's targets. */
export function addingConstantMse(batch: AddingBatch, constant = 1): number {
  let sum = 0;
  for (let n = 0; n < batch.count; n++) sum += (batch.targets[n] - constant) ** 2;
  return sum / batch.count;
}
