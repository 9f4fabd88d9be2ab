/**
 * The long short-term memory cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000),
 * as PyTorch's nn.LSTM:
 *
 *   i_t = sigma(x_t W_i + h_{t-1} U_i + b_i)          input gate
 *   f_t = sigma(x_t W_f + h_{t-1} U_f + b_f)          forget gate
 *   g_t = tanh (x_t W_g + h_{t-1} U_g + b_g)          cell candidate
 *   o_t = sigma(x_t W_o + h_{t-1} U_o + b_o)          output gate
 *   c_t = f_t * c_{t-1} + i_t * g_t                   cell state
 *   h_t = o_t * tanh(c_t)                             hidden state
 *
 * sigma is the logistic sigmoid (not TF.js's hardSigmoid default). Weights in Keras layout, gate blocks
 * [i | f | g | o]: kernel [F, 4H], recurrentKernel [H, 4H], bias [4H] (= b_ih + b_hh of PyTorch).
 * `unitForgetBias` (default true) starts b_f at 1, so the cell starts by remembering (Jozefowicz et al. 2015).
 */
import * as tf from "@tensorflow/tfjs";
import { WorkbookCell } from "./base";
import { biasFrom } from "../random";
import { GATE_COUNT, gateBlock } from "./gates";
import type { CellOptions, CellState, StepResult } from "./types";

export class WorkbookLSTMCell extends WorkbookCell {
  static className = "WorkbookLSTMCell";
  readonly cellName = "lstm" as const;
  readonly gateCount = GATE_COUNT.lstm;
  readonly unitForgetBias: boolean;

  constructor(options: CellOptions) {
    super(options, 2);
    this.unitForgetBias = options.unitForgetBias ?? true;
  }

  protected override biasInitializer() {
    const units = this.units;
    const forgetValue = this.unitForgetBias ? 1 : 0;
    const forget = gateBlock("lstm", "f");
    return biasFrom((index) => (index >= forget * units && index < (forget + 1) * units ? forgetValue : 0));
  }

  protected equations(x: tf.Tensor2D, hForProducts: tf.Tensor2D, state: CellState): StepResult {
    return tf.tidy(() => {
      const preActivations = tf.add(tf.add(tf.matMul(x, this.kernel.read()), tf.matMul(hForProducts, this.recurrentKernel.read())), this.bias.read());
      const [aI, aF, aG, aO] = tf.split(preActivations, 4, 1) as tf.Tensor2D[];
      const inputGate = tf.sigmoid(aI);
      const forgetGate = tf.sigmoid(aF);
      const cellCandidate = tf.tanh(aG);
      const outputGate = tf.sigmoid(aO);
      const c = tf.add(tf.mul(forgetGate, state.c!), tf.mul(inputGate, cellCandidate)) as tf.Tensor2D;
      const h = tf.mul(outputGate, tf.tanh(c)) as tf.Tensor2D;
      return { h, c, gates: { inputGate, forgetGate, cellCandidate, outputGate } };
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}
tf.serialization.registerClass(WorkbookLSTMCell);
