/**
 * The vanilla (Elman) recurrent cell, as PyTorch's nn.RNN with tanh:
 *
 *   h_t = tanh(x_t W + h_{t-1} U + b)
 *
 * x_t [B, F], h_t [B, H]; kernel W [F, H], recurrentKernel U [H, H], bias b [H]
 * (b = b_ih + b_hh of PyTorch: the two biases only ever appear summed).
 */
import * as tf from "@tensorflow/tfjs";
import { WorkbookCell } from "./base";
import { GATE_COUNT } from "./gates";
import type { CellOptions, CellState, StepResult } from "./types";

export class WorkbookRNNCell extends WorkbookCell {
  static className = "WorkbookRNNCell";
  readonly cellName = "rnn" as const;
  readonly gateCount = GATE_COUNT.rnn;

  constructor(options: CellOptions) {
    super(options, 1);
  }

  protected equations(x: tf.Tensor2D, hForProducts: tf.Tensor2D, _state: CellState): StepResult {
    return tf.tidy(() => {
      const h = tf.tanh(tf.add(tf.add(tf.matMul(x, this.kernel.read()), tf.matMul(hForProducts, this.recurrentKernel.read())), this.bias.read())) as tf.Tensor2D;
      return { h, gates: {} };
    });
  }
}
tf.serialization.registerClass(WorkbookRNNCell);
