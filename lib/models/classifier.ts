/**
 * A recurrent sentiment classifier: word ids -> embedding -> one recurrent layer (optionally one more
 * reading the sequence backwards, concatenated) -> logistic output, the probability of the positive class.
 *
 *   e_t = E[w_t],   h_T = Cell(e_{1..T}),   [bidirectional: h = [h_T ; h'_1], h' = Cell'(e_{T..1})]
 *   p(positive) = σ(v · h + c)
 *
 * Sequences are pre-padded with id 0 (padSequences), so the last step the forward layer reads is a real word.
 * With `mask`, the embedding marks id 0 as padding (Keras' mask_zero) and the recurrent layer skips those steps
 * (h_t = h_{t-1} where the mask is 0), whatever side the padding is on.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";

/** Settings of `buildSentimentClassifier`. */
export interface ClassifierOptions {
  /** Word ids are in [0, vocabSize); 0 is padding. */
  vocabSize: number;
  /** Tokens per (padded) sequence. */
  maxLen: number;
  /** Embedding width (default 32). */
  embeddingDim?: number;
  /** Recurrent units (per direction; default 32). */
  units?: number;
  /** Add a second recurrent layer reading the sequence backwards (default false). */
  bidirectional?: boolean;
  /** Input dropout of the recurrent layer(s) (default 0). */
  dropout?: number;
  /** Mask padding (id 0) out of the recurrent layer(s), Keras' mask_zero (default false). */
  mask?: boolean;
  /** Initialisation seed (default 1). */
  seed?: number;
}

/** A recurrent sentiment classifier: embedding -> recurrent layer (optionally bidirectional, optionally masked) -> p(positive). */
export function buildSentimentClassifier(cell: CellName, options: ClassifierOptions): tf.LayersModel {
  const { vocabSize, maxLen, embeddingDim = 32, units = 32, bidirectional = false, dropout = 0, mask = false, seed = 1 } = options;
  for (const [name, value] of Object.entries({ vocabSize, maxLen, embeddingDim, units })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`buildSentimentClassifier: ${name} must be a positive integer, got ${value}`);
    }
  }
  return withSeededRandom(seed, () => {
    const tokens = tf.input({ shape: [maxLen], dtype: "int32", name: "tokens" });
    const embedded = tf.layers
      .embedding({
        inputDim: vocabSize,
        outputDim: embeddingDim,
        maskZero: mask,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: layerSeed(seed, 0) }),
        name: "embedding",
      })
      .apply(tokens) as tf.SymbolicTensor;
    const forward = recurrentLayer(cell, { units, dropout, seed: layerSeed(seed, 1), name: `${cell}_forward` }).apply(
      embedded,
    ) as tf.SymbolicTensor;
    let summary = forward;
    if (bidirectional) {
      const backward = recurrentLayer(cell, {
        units,
        dropout,
        goBackwards: true,
        seed: layerSeed(seed, 2),
        name: `${cell}_backward`,
      }).apply(embedded) as tf.SymbolicTensor;
      summary = tf.layers.concatenate({ name: "both_directions" }).apply([forward, backward]) as tf.SymbolicTensor;
    }
    const probability = tf.layers
      .dense({
        units: 1,
        activation: "sigmoid",
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 3) }),
        name: "positive_probability",
      })
      .apply(summary) as tf.SymbolicTensor;
    return tf.model({ inputs: tokens, outputs: probability, name: `${cell}_sentiment` });
  });
}

/** Parameters of `buildSentimentClassifier(cell, options)`, computed without building it. */
export function classifierParamCount(cell: CellName, options: ClassifierOptions): number {
  const { vocabSize, embeddingDim = 32, units = 32, bidirectional = false } = options;
  const directions = bidirectional ? 2 : 1;
  return vocabSize * embeddingDim + directions * recurrentParamCount(cell, embeddingDim, units) + directions * units + 1;
}
