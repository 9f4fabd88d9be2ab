/**
 * PLACEHOLDER (replaced by the cells work): builds the recurrent layer for a cell name with
 * TF.js's own layers, sigmoid gates, so that models and experiments can be written against
 * the final signature today.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName, RecurrentLayerOptions } from "./types";

export function recurrentLayer(cell: CellName, options: RecurrentLayerOptions): tf.layers.Layer {
  const { fused: _fused, unitForgetBias, resetAfter: _resetAfter, ...common } = options;
  switch (cell) {
    case "rnn":
      return tf.layers.simpleRNN({ ...common });
    case "lstm":
      return tf.layers.lstm({ ...common, recurrentActivation: "sigmoid", unitForgetBias: unitForgetBias ?? true });
    case "gru":
      return tf.layers.gru({ ...common, recurrentActivation: "sigmoid" });
    default:
      throw new Error(`unknown cell '${cell as string}': use one of rnn, lstm, gru`);
  }
}
