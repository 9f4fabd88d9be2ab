/**
 * What a cell's state does on a batch of sequences, the two mechanisms chapter 03 invokes for the gradient:
 *
 *   saturation:   mean over steps, units and sequences of tanh'(.) = 1 - h_t^2  (the RNN's Jacobian diag(1 - h^2) U^T:
 *                 near 0 means saturated units that block the gradient)
 *   update gate:  the GRU's z_t (h_t = z_t h_{t-1} + (1 - z_t) n_t; z near 1 is the additive path), as a histogram
 *                 of 10 equal bins over [0, 1] and its mean; the LSTM's forget gate f_t the same way.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellState, StepResult } from "../cells/types";

/** Mean 1 - h^2, and the keep gate's mean and 10-bin histogram (fractions) when the cell has one. */
export interface StateStatistics {
  meanTanhDerivative: number;
  /** "updateGate" (GRU), "forgetGate" (LSTM), absent for the RNN. */
  keepGate?: string;
  meanKeep?: number;
  /** Fractions of gate values in [0, 0.1), [0.1, 0.2), ..., [0.9, 1]. */
  keepHistogram?: number[];
}

/** Step `cell` over `inputs` [batch, steps, features] from the zero state and summarise its states and keep gate. */
export function stateStatistics(
  cell: { step(x: tf.Tensor2D, state: CellState): StepResult; initialState(batch: number): CellState },
  inputs: tf.Tensor3D,
): StateStatistics {
  const bins = new Array(10).fill(0);
  let keepGate: string | undefined;
  let keepSum = 0;
  let keepCount = 0;
  let derivativeSum = 0;
  let derivativeCount = 0;
  const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
  let state = cell.initialState(inputs.shape[0]);
  for (const x of xs) {
    const next = cell.step(x, state);
    const h = next.h.dataSync();
    for (const v of h) derivativeSum += 1 - v * v;
    derivativeCount += h.length;
    keepGate ??= ["updateGate", "forgetGate"].find((name) => name in next.gates);
    if (keepGate) {
      for (const v of next.gates[keepGate].dataSync()) {
        bins[Math.min(9, Math.floor(v * 10))] += 1;
        keepSum += v;
        keepCount += 1;
      }
    }
    tf.dispose([state.h, ...(state.c ? [state.c] : []), ...Object.values(next.gates)]);
    state = { h: next.h, c: next.c };
  }
  tf.dispose([state.h, ...(state.c ? [state.c] : []), ...xs]);
  const result: StateStatistics = { meanTanhDerivative: derivativeSum / derivativeCount };
  if (keepGate) {
    result.keepGate = keepGate;
    result.meanKeep = keepSum / keepCount;
    result.keepHistogram = bins.map((b) => b / keepCount);
  }
  return result;
}
