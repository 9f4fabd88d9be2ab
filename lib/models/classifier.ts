/**
 * A recurrent sentiment classifier: word ids -> embedding -> one recurrent layer (optionally one more
 * reading the sequence backwards, concatenated) -> logistic output, the probability of the positive class.
 *
 *   e_t = E[w_t],   h_T = Cell(e_{1..T}),   [bidirectional: h = [h_T ; h'_1], h' = Cell'(e_{T..1})]
 *   (by default the backward cell reads the words in reverse with the padding kept in front: ReverseRealTokens)
 *   p(positive) = σ(v · h + c)
 *
 * Sequences are pre-padded with id 0 (padSequences), so the last step the forward layer reads is a real word.
 * With `mask`, the embedding marks id 0 as padding (Keras' mask_zero) and the recurrent layer skips those steps
 * (h_t = h_{t-1} where the mask is 0), whatever side the padding is on.
 *
 * Read-out (`readout`): "last" uses h_T (and h'_1) as above; "max" / "mean" pool every output over the real,
 * unpadded steps (masked-pooling.ts: outside the recurrent layer, so the fused kernels still run).
 * Dropout that keeps the fused kernels: `embeddingDropout` on e_t and `outputDropout` before the logistic output;
 * `dropout` (inside the recurrent layer) makes training take the slow step-wise path.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { MaskedPooling, ReverseRealTokens, type Pooling } from "./masked-pooling";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";

/** Settings of `buildSentimentClassifier`: sizes, direction, read-out, dropout, masking and seed. */
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
  /** Input dropout of the recurrent layer(s) (default 0; > 0 makes training take the step-wise path). */
  dropout?: number;
  /** Mask padding (id 0) out of the recurrent layer(s), Keras' mask_zero (default false). */
  mask?: boolean;
  /** How the sequence becomes one vector: the last state, or max / mean over the unpadded steps (default "last"). */
  readout?: "last" | Pooling;
  /** Dropout on the embedded words, outside the recurrent layer (default 0). */
  embeddingDropout?: number;
  /** Dropout on the read-out vector before the output (default 0). */
  outputDropout?: number;
  /** How the backward direction reads: "reversed-tokens" (default) runs a forward layer over each row's words in
   * reverse order with the padding still in front, so its last step is a word; "go-backwards" runs goBackwards over
   * the pre-padded row, so it reads the padding last (the stock Keras layout). */
  backward?: "reversed-tokens" | "go-backwards";
  /** Initialisation seed (default 1). */
  seed?: number;
}

/** A recurrent sentiment classifier: embedding -> recurrent layer (optionally bidirectional, masked or pooled) -> p(positive). */
export function buildSentimentClassifier(cell: CellName, options: ClassifierOptions): tf.LayersModel {
  const { vocabSize, maxLen, embeddingDim = 32, units = 32, bidirectional = false, dropout = 0, mask = false, seed = 1 } = options;
  const { readout = "last", embeddingDropout = 0, outputDropout = 0, backward: backwardOrder = "reversed-tokens" } = options;
  if (backwardOrder !== "reversed-tokens" && backwardOrder !== "go-backwards") {
    throw new Error(`buildSentimentClassifier: backward must be 'reversed-tokens' or 'go-backwards', got '${String(backwardOrder)}'`);
  }
  if (!["last", "max", "mean"].includes(readout)) throw new Error(`buildSentimentClassifier: readout must be last, max or mean, got '${String(readout)}'`);
  for (const [name, rate] of Object.entries({ embeddingDropout, outputDropout })) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`buildSentimentClassifier: ${name} must be in [0, 1), got ${rate}`);
  }
  const pooled = readout !== "last";
  for (const [name, value] of Object.entries({ vocabSize, maxLen, embeddingDim, units })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`buildSentimentClassifier: ${name} must be a positive integer, got ${value}`);
    }
  }
  return withSeededRandom(seed, () => {
    const tokens = tf.input({ shape: [maxLen], dtype: "int32", name: "tokens" });
    const embedding = tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: embeddingDim,
      maskZero: mask,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: layerSeed(seed, 0) }),
      name: "embedding",
    });
    const embed = (ids: tf.SymbolicTensor, suffix: string) => {
      const e = embedding.apply(ids) as tf.SymbolicTensor;
      return embeddingDropout > 0 ? (tf.layers.dropout({ rate: embeddingDropout, name: `embedding_dropout${suffix}` }).apply(e) as tf.SymbolicTensor) : e;
    };
    const embeddedSeen = embed(tokens, "");
    const readOut = (sequence: tf.SymbolicTensor, reversed: boolean, name: string, ids = tokens) =>
      pooled ? (new MaskedPooling({ pooling: readout as Pooling, reversed, name }).apply([sequence, ids]) as tf.SymbolicTensor) : sequence;
    const forward = readOut(
      recurrentLayer(cell, { units, dropout, returnSequences: pooled, seed: layerSeed(seed, 1), name: `${cell}_forward` }).apply(
        embeddedSeen,
      ) as tf.SymbolicTensor,
      false,
      `${readout}_pool_forward`,
    );
    let summary = forward;
    if (bidirectional) {
      const reversedTokens = backwardOrder === "reversed-tokens";
      const backwardIds = reversedTokens ? (new ReverseRealTokens({ name: "words_reversed" }).apply(tokens) as tf.SymbolicTensor) : tokens;
      const backward = readOut(
        recurrentLayer(cell, {
          units,
          dropout,
          goBackwards: !reversedTokens,
          returnSequences: pooled,
          seed: layerSeed(seed, 2),
          name: `${cell}_backward`,
        }).apply(reversedTokens ? embed(backwardIds, "_backward") : embeddedSeen) as tf.SymbolicTensor,
        !reversedTokens,
        `${readout}_pool_backward`,
        backwardIds,
      );
      summary = tf.layers.concatenate({ name: "both_directions" }).apply([forward, backward]) as tf.SymbolicTensor;
    }
    if (outputDropout > 0) summary = tf.layers.dropout({ rate: outputDropout, name: "output_dropout" }).apply(summary) as tf.SymbolicTensor;
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
