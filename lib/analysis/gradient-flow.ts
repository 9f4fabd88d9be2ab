/**
 * Gradient flow through time: how much of a signal at the last step reaches each earlier hidden state.
 *
 * The probe unrolls a cell's `step()` over a sequence x_1 .. x_T with a zero perturbation p_t added to every
 * hidden state (p_0 to the initial state):
 *
 *     h_0 = 0 + p_0,        (h_t, c_t) = step(x_t, (h_{t-1}, c_{t-1})),   h_t <- h_t + p_t,      L = sum(h_T)
 *
 * so dL/dp_t (taken by tf.grads at p = 0) is exactly the total derivative dL/dh_t through every later step,
 * and the forward values are untouched. For L = sum(h_T) this is dh_T/dh_t^T 1, the Jacobian product that
 * vanishes (or explodes) with the lag k = T - t in a vanilla RNN:
 *
 *     dh_T/dh_t = J_T J_{T-1} ... J_{t+1},  J_s = dh_s/dh_{s-1} = diag(1 - h_s^2) U^T   (RNN, rows as vectors:
 *     (J_s)_jk = dh_{s,j}/dh_{s-1,k}; the row gradient dL/dh_t = dL/dh_T J_T ... J_{t+1}, shrinks ~ geometrically in k)
 *     LSTM: the cell-state path dc_s/dc_{s-1} = diag(f_s) carries it with forget gates near 1.
 *
 * For each lag k = 1 .. T the probe reports the Euclidean norm ||dL/dh_{T-k}|| of every sequence, averaged
 * over the batch. `gradientDecay` repeats it over seeds (fresh weights per seed at initialisation, or one
 * trained layer with fresh inputs) and reports the geometric mean over seeds (the norms span tens of orders
 * of magnitude, so an arithmetic mean would be one seed's value) and the norms relative to lag 1.
 * The LSTM's c is not perturbed: the probe measures the gradient reaching h, as the reference table does.
 * A norm of 0 means it fell below float32's range (about 1e-45), or that every path back passes through
 * saturated units (tanh'(a) = 1 - tanh(a)^2 rounds to exactly 0 in float32 once |a| > ~9), as in a trained RNN.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { createCell } from "../cells/layer";
import { cellOf } from "../cells/weights";
import type { CellName, CellState } from "../cells/types";
import { type MemoryTaskName, memoryTask } from "./tasks";
import { mixSeeds, seededUniform } from "../random";

/** What the probe needs from a cell: the workbook cells (createCell, or a trained layer's cell) have it. */
export interface SteppingCell {
  readonly units: number;
  step(x: tf.Tensor2D, state: CellState): CellState;
  initialState(batch: number): CellState;
}

/** The gradient norms ||dL/dh_{T-k}|| per lag k of one probe. */
export interface GradientFlowProbe {
  /** k = 1 .. T. */
  lags: number[];
  /** Mean over the batch of ||dL/dh_{T-k}||_2, one per lag. */
  norms: number[];
}

/**
 * ||dL/dh_{T-k}|| for k = 1 .. T on one batch `inputs` [B, T, F], with L = `loss(h_T)` (default: the sum of
 * h_T over units and batch, so each sequence's gradient is its own).
 */
export function probeGradientFlow(
  cell: SteppingCell,
  inputs: tf.Tensor3D,
  loss: (lastH: tf.Tensor2D) => tf.Scalar = (lastH) => tf.sum(lastH),
): GradientFlowProbe {
  if (inputs.rank !== 3) throw new Error(`probeGradientFlow: inputs must be [batch, steps, features], got shape [${inputs.shape}]`);
  const [batch, steps] = inputs.shape;
  if (steps < 1) throw new Error("probeGradientFlow: the sequence has no steps: pass at least one");
  const gradientNorms = tf.tidy(() => {
    const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
    const perturbations = Array.from({ length: steps + 1 }, () => tf.zeros([batch, cell.units]) as tf.Tensor2D);
    const unrolled = (...p: tf.Tensor[]): tf.Scalar => {
      const start = cell.initialState(batch);
      let state: CellState = { h: tf.add(start.h, p[0]), c: start.c };
      for (let t = 0; t < steps; t++) {
        const next = cell.step(xs[t], state);
        state = { h: tf.add(next.h, p[t + 1]), c: next.c };
      }
      return loss(state.h);
    };
    const grads = tf.grads(unrolled)(perturbations); // grads[t] = dL/dh_t, t = 0 .. T
    // Lag k = T - t for t = T-1 .. 0, i.e. k = 1 .. T.
    const byLag = tf.stack(grads.slice(0, steps).reverse()); // [T, B, H]
    return tf.mean(tf.norm(byLag, "euclidean", 2), 1); // [T]
  });
  const norms = Array.from(gradientNorms.dataSync());
  gradientNorms.dispose();
  return { lags: norms.map((_, i) => i + 1), norms };
}

/** Chart-ready, JSON-serialisable gradient decay of one cell (notebooks 3 and 10 plot it). */
export interface GradientDecay {
  kind: "rnn-workbook/gradient-decay";
  cell: CellName;
  /** T: the lags run 1 .. T. */
  length: number;
  units: number;
  /** The task whose inputs were fed (the values do not matter much; their scale does). */
  task: MemoryTaskName;
  /** "initial" (fresh weights per seed) or "trained" (the given layer's weights). */
  weights: "initial" | "trained";
  seeds: number[];
  /** Sequences per seed. */
  batch: number;
  loss: "sum(h_T)";
  lags: number[];
  /** Geometric mean over seeds of the batch-mean ||dL/dh_{T-k}||. */
  norms: number[];
  /** norms / norms at lag 1. */
  relative: number[];
  /** relative, one row per seed (for spread bands). */
  relativePerSeed: number[][];
}

export interface GradientDecayOptions {
  length: number;
  /** Hidden units of the fresh cells (ignored with trainedLayer; default 64). */
  units?: number;
  /** Number of seeds 1..N (default 3). */
  seeds?: number;
  /** Sequences per seed (default 32). */
  batch?: number;
  /** Inputs drawn from this task at `length` (default adding). */
  task?: MemoryTaskName;
  /** A layer from recurrentLayer() (e.g. after training): probe its cell instead of fresh ones. */
  trainedLayer?: tf.layers.Layer;
  /** LSTM only, fresh cells: forget-gate bias 1 (default true). */
  unitForgetBias?: boolean;
}

function geometricMean(values: number[]): number {
  if (values.some((v) => v === 0)) return 0;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/**
 * The decay of ||dL/dh_{T-k}|| with the lag k for one cell, at initialisation (fresh seeded weights per seed)
 * or for a trained layer (`trainedLayer`), averaged over seeds and sequences.
 */
export async function gradientDecay(cellName: CellName, options: GradientDecayOptions): Promise<GradientDecay> {
  await initBackend();
  const { length, seeds = 3, batch = 32, task: taskName = "adding", trainedLayer, unitForgetBias } = options;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`gradientDecay: seeds must be a positive integer, got ${seeds}`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`gradientDecay: batch must be a positive integer, got ${batch}`);
  const task = memoryTask(taskName, length);
  const trainedCell = trainedLayer ? cellOf(trainedLayer, "gradientDecay") : undefined;
  if (trainedCell && trainedCell.cellName !== cellName) {
    throw new Error(`gradientDecay: the trained layer holds a ${trainedCell.cellName} cell, not ${cellName}: pass '${trainedCell.cellName}'`);
  }
  if (trainedCell && trainedCell.inputSize !== undefined && trainedCell.inputSize !== task.features) {
    throw new Error(
      `gradientDecay: the trained layer reads ${trainedCell.inputSize} features, the ${taskName} task has ${task.features}: pass its task`,
    );
  }
  const units = trainedCell ? trainedCell.units : options.units ?? 64;
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const perSeed: number[][] = [];
  for (const seed of seedList) {
    const cell = trainedCell ?? createCell(cellName, { units, seed, unitForgetBias });
    const { inputs, targets } = task.sample(batch, seededUniform(mixSeeds(3, seed, length)));
    try {
      perSeed.push(probeGradientFlow(cell, inputs).norms);
    } finally {
      tf.dispose([inputs, targets]);
      // A cell only ever stepped was never "used" in tf.layers' sense, so Layer.dispose() refuses: free its weights.
      if (!trainedCell) for (const weight of cell.weights) weight.dispose();
    }
  }
  const lags = perSeed[0].map((_, i) => i + 1);
  const norms = lags.map((_, i) => geometricMean(perSeed.map((row) => row[i])));
  const relativeTo = (row: number[]) => row.map((v) => (row[0] > 0 ? v / row[0] : 0));
  return {
    kind: "rnn-workbook/gradient-decay",
    cell: cellName,
    length,
    units,
    task: taskName,
    weights: trainedCell ? "trained" : "initial",
    seeds: seedList,
    batch,
    loss: "sum(h_T)",
    lags,
    norms,
    relative: relativeTo(norms),
    relativePerSeed: perSeed.map(relativeTo),
  };
}
