/**
 * Exploding gradients, and gradient clipping taming them, measured on a vanilla RNN.
 *
 * The RNN's backward step multiplies the row gradient by one Jacobian per step (chapter 02, 03):
 *
 *     delta_{t-1} = delta_t J_t,        J_t = diag(1 - h_t^2) U^T
 *
 * Scaling the recurrent matrix by a gain gamma scales every J_t by gamma. An orthogonal U has every singular value 1,
 * so with gamma = 1 the tanh' factors (1 - h_t^2 <= 1) make the gradient shrink with the lag; a gain large enough to
 * outweigh them (while the units are not yet saturated) makes it GROW with the lag: the exploding gradient. The
 * parameter gradient sums those per-step terms, so it explodes too, and one plain gradient-descent step
 * theta <- theta - lr g of that size throws the weights far away (the loss jumps or becomes NaN).
 *
 * Gradient clipping by global norm (Pascanu et al. 2013; lib/train/fit.ts `trainStep`, the step trainModel takes):
 *
 *     g <- g * min(1, clipNorm / ||g||),     ||g|| = sqrt(sum over every weight of sum(g^2))
 *
 * keeps the direction and bounds the step length by lr * clipNorm.
 *
 * `measureExplodingGradient` runs both halves on the adding problem: ||dL/dh_{T-k}|| per lag for each gain
 * (probeGradientFlow on a fresh cell whose U is scaled), then the same high-gain RNN trained by plain SGD with and
 * without clipping, recording the loss and the unclipped global gradient norm of every step (fit.ts `trainStep` with
 * tf.train.sgd: the same step as trainModel's, only the optimizer differs).
 */
import * as tf from "@tensorflow/tfjs";
import { createCell } from "../cells/layer";
import { trainStep } from "../train/fit";
import { addingProblem, addingTensors } from "./adding";
import { probeGradientFlow } from "./gradient-flow";
import { deriveSeed } from "../random";

/** Options of `measureExplodingGradient`; every field has a default. */
export interface ExplodingGradientOptions {
  /** Gains of the recurrent matrix probed per lag (default [1, 2, 3]). */
  gains?: number[];
  /** Gain of the RNN trained with and without clipping (default 3). */
  trainGain?: number;
  /** Hidden units (default 8). */
  units?: number;
  /** Sequence length T of the adding problem (default 40). */
  length?: number;
  /** Sequences per batch (default 32). */
  batch?: number;
  /** Plain SGD steps of each training run (default 30). */
  steps?: number;
  /** SGD learning rate (default 0.05). */
  learningRate?: number;
  /** Clip norm of the clipped run (default 1). */
  clipNorm?: number;
  /** Seed of the weights and the data (default 1). */
  seed?: number;
}

/** One training run of `measureExplodingGradient`. */
export interface ClippingRun {
  /** 0: no clipping. */
  clipNorm: number;
  /** Mean squared error before each step (NaN once it diverged). */
  losses: number[];
  /** Global norm of the unclipped gradient at each step. */
  gradientNorms: number[];
  /** Length ||theta_{s+1} - theta_s|| of each applied step: lr * min(||g||, clipNorm). */
  stepLengths: number[];
  /** Mean of tanh'(a) = 1 - h_t^2 over every step, unit and sequence, before training and after the last step. */
  meanTanhDerivative: { before: number; after: number };
  /** True when the loss became NaN or infinite (the run stops there). */
  diverged: boolean;
}

/** What `measureExplodingGradient` returns: gradient norm per lag for each gain, and the two training runs. */
export interface ExplodingGradient {
  /** norms[k-1] = mean over the batch of ||dL/dh_{T-k}||, k = 1 .. T, with L = sum(h_T), for each gain. */
  byGain: { gain: number; norms: number[] }[];
  /** The high-gain RNN trained without clipping (first) and with it (second), from the same weights. */
  runs: ClippingRun[];
}

/** A fresh, built RNN cell whose recurrent matrix is scaled by `gain`. */
function rnnWithGain(units: number, seed: number, gain: number) {
  const cell = createCell("rnn", { units, seed });
  tf.tidy(() => {
    cell.step(tf.zeros([1, 2]), cell.initialState(1)); // builds the weights
  });
  const scaled = tf.tidy(() => tf.mul(cell.recurrentKernel.read(), gain));
  cell.recurrentKernel.write(scaled);
  scaled.dispose();
  return cell;
}

/** One SGD run of an RNN (U scaled by `gain`) + linear read-out on one fixed adding-problem batch. */
function trainRun(inputs: tf.Tensor3D, targets: tf.Tensor2D, o: Required<ExplodingGradientOptions>, clipNorm: number): ClippingRun {
  const cell = rnnWithGain(o.units, o.seed, o.trainGain);
  const readout = tf.variable(tf.fill([o.units, 1], 1 / o.units), true);
  const variables = [...cell.weights.map((w) => w.read() as tf.Variable), readout];
  const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
  const meanDerivative = () =>
    tf.tidy(() => {
      let state = cell.initialState(inputs.shape[0]);
      let sum = tf.scalar(0);
      for (const x of xs) {
        state = cell.step(x, state);
        sum = tf.add(sum, tf.mean(tf.sub(1, tf.square(state.h))));
      }
      return sum.dataSync()[0] / xs.length;
    });
  const run: ClippingRun = { clipNorm, losses: [], gradientNorms: [], stepLengths: [], meanTanhDerivative: { before: meanDerivative(), after: NaN }, diverged: false };
  const optimizer = tf.train.sgd(o.learningRate);
  const lossOf = () => {
    let state = cell.initialState(inputs.shape[0]);
    for (const x of xs) state = cell.step(x, state);
    return tf.losses.meanSquaredError(targets, tf.matMul(state.h, readout)) as tf.Scalar;
  };
  for (let step = 0; step < o.steps; step++) {
    const { loss, gradientNorm: norm } = tf.tidy(() => trainStep(optimizer, variables, lossOf, clipNorm));
    run.losses.push(loss);
    run.gradientNorms.push(norm);
    run.stepLengths.push(o.learningRate * (clipNorm > 0 ? Math.min(norm, clipNorm) : norm));
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      run.diverged = true;
      break;
    }
  }
  run.meanTanhDerivative.after = meanDerivative();
  optimizer.dispose();
  tf.dispose(xs);
  readout.dispose();
  for (const weight of cell.weights) weight.dispose();
  return run;
}

/**
 * Exploding gradients on the adding problem: ||dL/dh_{T-k}|| per lag k for a fresh RNN whose orthogonal U is
 * scaled by each gain, then the RNN with U scaled by `trainGain` trained by plain SGD without and with
 * gradient clipping by global norm (same weights, same batch).
 */
export function measureExplodingGradient(options: ExplodingGradientOptions = {}): ExplodingGradient {
  const o: Required<ExplodingGradientOptions> = {
    gains: [1, 2, 3],
    trainGain: 3,
    units: 8,
    length: 40,
    batch: 32,
    steps: 30,
    learningRate: 0.05,
    clipNorm: 1,
    seed: 1,
    ...options,
  };
  const data = addingTensors(addingProblem(o.batch, o.length, deriveSeed(o.seed, 7)));
  const byGain = o.gains.map((gain) => {
    const cell = rnnWithGain(o.units, o.seed, gain);
    const { norms } = probeGradientFlow(cell, data.inputs);
    for (const weight of cell.weights) weight.dispose();
    return { gain, norms };
  });
  const runs = [0, o.clipNorm].map((clipNorm) => trainRun(data.inputs, data.targets, o, clipNorm));
  tf.dispose([data.inputs, data.targets]);
  return { byGain, runs };
}
