/**
 * STUB (replaced by the fused-kernel work): the fused whole-sequence recurrence.
 *
 * Contract: `fusedRecurrence` computes the whole sequence forward in one call and is differentiable
 * (tf.customGrad) with respect to inputs, kernel, recurrentKernel, bias and the initial state.
 * Weights are in the Keras / TF.js layout documented in ../types.ts. Activations are the classic ones:
 * tanh for the candidate / hidden output, logistic sigmoid for gates.
 */
import type * as tf from "@tensorflow/tfjs";
import type { CellName, CellState } from "../types";

export interface FusedParams {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  /** rnn [H]; lstm [4H]; gru [2, 3H] when resetAfter, else [3H]. */
  bias: tf.Tensor;
}

export interface FusedOptions {
  cell: CellName;
  /** GRU only (default true). */
  resetAfter?: boolean;
  /** Process the sequence from the last step to the first (the output sequence stays in processing order, as Keras does). */
  goBackwards?: boolean;
  returnSequences: boolean;
}

export interface FusedResult {
  /** [B, T, H] when returnSequences, else [B, H]. */
  output: tf.Tensor;
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

/** Whether the fused kernels are usable in this process (false until the kernels are built). */
export function fusedAvailable(): boolean {
  return false;
}

export function fusedRecurrence(
  _inputs: tf.Tensor3D,
  _params: FusedParams,
  _initialState: CellState | null,
  _options: FusedOptions,
): FusedResult {
  throw new Error("fused kernels are not built yet: use fused: false");
}
