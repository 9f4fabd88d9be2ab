/**
 * The gated recurrent unit (Cho et al. 2014), in both conventions:
 *
 *   z_t = sigma(x_t W_z + h_{t-1} U_z + b_z)                      update gate
 *   r_t = sigma(x_t W_r + h_{t-1} U_r + b_r)                      reset gate
 *   resetAfter: true  (PyTorch nn.GRU, cuDNN, Keras 2 default; bias [2, 3H] = [input bias; recurrent bias])
 *     n_t = tanh(x_t W_n + b_in + r_t * (h_{t-1} U_n + b_hn))     candidate
 *   resetAfter: false (Cho 2014, Keras 1, TF.js tf.layers.gru; bias [3H])
 *     n_t = tanh(x_t W_n + (r_t * h_{t-1}) U_n + b_n)             candidate
 *   h_t = z_t * h_{t-1} + (1 - z_t) * n_t                         hidden state
 *
 * sigma is the logistic sigmoid. Weights in Keras layout, gate blocks [z | r | n]: kernel [F, 3H],
 * recurrentKernel [H, 3H] (PyTorch stores [r | z | n]: see weights.ts for the permutation).
 */
import * as tf from "@tensorflow/tfjs";
import { WorkbookCell } from "./base";
import { GATE_COUNT } from "./gates";
import type { CellOptions, CellState, StepResult } from "./types";

export class WorkbookGRUCell extends WorkbookCell {
  static className = "WorkbookGRUCell";
  readonly cellName = "gru" as const;
  readonly gateCount = GATE_COUNT.gru;
  readonly resetAfter: boolean;

  constructor(options: CellOptions) {
    super(options, 1);
    this.resetAfter = options.resetAfter ?? true;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected equations(x: tf.Tensor2D, hForProducts: tf.Tensor2D, state: CellState): StepResult {
    return tf.tidy(() => {
      const h = state.h;
      const units = this.units;
      const kernel = this.kernel.read() as tf.Tensor2D;
      const recurrentKernel = this.recurrentKernel.read() as tf.Tensor2D;
      const bias = this.bias.read();
      let updateGate: tf.Tensor, resetGate: tf.Tensor, candidate: tf.Tensor;
      if (this.resetAfter) {
        const [inputBias, recurrentBias] = tf.unstack(bias) as tf.Tensor1D[];
        const [xZ, xR, xN] = tf.split(tf.add(tf.matMul(x, kernel), inputBias), 3, 1);
        const [hZ, hR, hN] = tf.split(tf.add(tf.matMul(hForProducts, recurrentKernel), recurrentBias), 3, 1);
        updateGate = tf.sigmoid(tf.add(xZ, hZ));
        resetGate = tf.sigmoid(tf.add(xR, hR));
        candidate = tf.tanh(tf.add(xN, tf.mul(resetGate, hN)));
      } else {
        const [xZ, xR, xN] = tf.split(tf.add(tf.matMul(x, kernel), bias), 3, 1);
        const [recurrentZR, recurrentN] = tf.split(recurrentKernel, [2 * units, units], 1);
        const [hZ, hR] = tf.split(tf.matMul(hForProducts, recurrentZR), 2, 1);
        updateGate = tf.sigmoid(tf.add(xZ, hZ));
        resetGate = tf.sigmoid(tf.add(xR, hR));
        candidate = tf.tanh(tf.add(xN, tf.matMul(tf.mul(resetGate, hForProducts), recurrentN)));
      }
      // h_t = z * h + (1 - z) * n  ==  n + z * (h - n)
      const next = tf.add(candidate, tf.mul(updateGate, tf.sub(h, candidate))) as tf.Tensor2D;
      const gates = { updateGate, resetGate, candidate } as Record<string, tf.Tensor2D>;
      return { h: next, gates };
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }
}
tf.serialization.registerClass(WorkbookGRUCell);
