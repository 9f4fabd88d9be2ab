/**
 * Shared vocabulary of the three recurrent cells. Every part of the library speaks these types.
 *
 * Weight layout (Keras / TF.js layout, columns in gate blocks of `units` columns each; ./gates.ts states the
 * block order and the notation W = kernel, U = recurrentKernel):
 *   rnn : kernel [F, H],  recurrentKernel [H, H],  bias [H]
 *   lstm: kernel [F, 4H], recurrentKernel [H, 4H], bias [4H]        gate blocks i, f, g, o
 *   gru : kernel [F, 3H], recurrentKernel [H, 3H], bias [2, 3H]     gate blocks z, r, n
 *         (resetAfter: true, row 0 = input bias, row 1 = recurrent bias)  or bias [3H] (resetAfter: false)
 */
import type * as tf from "@tensorflow/tfjs";

/** The name of a cell: the vanilla RNN (tanh), the LSTM or the GRU. */
export type CellName = "rnn" | "lstm" | "gru";
/** The three cells, in the order every table lists them. */
export const CELL_NAMES: readonly CellName[] = ["rnn", "lstm", "gru"];

/** State carried between steps: h always, c for the LSTM only. */
export interface CellState {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

/** Result of one `step()`: the new state and every gate's activation (for teaching and inspection). */
export interface StepResult extends CellState {
  /** rnn: {}; lstm: {inputGate, forgetGate, cellCandidate, outputGate}; gru: {updateGate, resetGate, candidate} */
  gates: Record<string, tf.Tensor2D>;
}

/** Plain arrays of a cell's weights in PyTorch layout (nn.RNN/LSTM/GRU, layer 0). */
export interface TorchWeights {
  weight_ih_l0: number[][];
  weight_hh_l0: number[][];
  bias_ih_l0: number[];
  bias_hh_l0: number[];
}

/** Options of one cell (`createCell(cell, options)`, or `new WorkbookLSTMCell(options)`). */
export interface CellOptions {
  /** H: the size of the hidden state h (and of the LSTM cell state c). */
  units: number;
  /** Fraction of the input units to drop (training only; one mask per sequence). */
  dropout?: number;
  /** Fraction of h_{t-1} to drop where it enters the recurrent products (training only; one mask per sequence). */
  recurrentDropout?: number;
  /** LSTM only: initialise the forget-gate bias to 1 (default true). */
  unitForgetBias?: boolean;
  /** GRU only: reset gate applied after the recurrent matmul (PyTorch/cuDNN/Keras 2; default true). */
  resetAfter?: boolean;
  /** Seed of the initial weights and of the dropout masks (random when absent). */
  seed?: number | null;
  name?: string;
  trainable?: boolean;
}

/**
 * Plain arrays of a cell's weights in Keras / TF.js layout (the `keras` block of the PyTorch fixtures):
 * kernel [F, G*H], recurrent_kernel [H, G*H], bias [G*H] or, for the reset-after GRU, [2, 3H].
 */
export interface KerasWeights {
  kernel: number[][];
  recurrent_kernel: number[][];
  bias: number[] | number[][];
}
