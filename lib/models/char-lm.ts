/**
 * A character-level language model: symbol ids -> embedding -> one recurrent layer returning every step ->
 * a softmax over the next symbol at every step (Karpathy 2015).
 *
 *   e_t = E[x_t],   h_t = Cell(e_t, h_{t-1}),   y_t = W_hy h_t + b_y,   p_t = softmax(y_t) = P(x_{t+1} | x_{≤t})
 *
 * Trained with teacher forcing: the input at step t is the true previous symbol, whatever the model would have
 * predicted, and the loss is the mean of -log p_t[x_{t+1}] over the steps (sparse categorical cross-entropy).
 * Sampling feeds the model its own draws instead: x_{t+1} ~ softmax(y_t / τ), with temperature τ (τ → 0: argmax,
 * τ = 1: the model's distribution, τ > 1: flatter).
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { BOUNDARY_ID, type CharVocabulary } from "../data/char-text";
import { createRng, type Rng } from "../random";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";

export interface CharLanguageModelOptions {
  /** Symbol ids are in [0, vocabSize). */
  vocabSize: number;
  /** Recurrent units (default 64). */
  units?: number;
  /** Embedding width (default 16). */
  embeddingDim?: number;
  /** Initialisation seed (default 1). */
  seed?: number;
}

/** Name of the recurrent layer, whose per-step output is the hidden state h_t (see hiddenStates). */
export const CHAR_LM_RECURRENT_LAYER = "recurrent";

/** The model: int ids [batch, time] (any time length) -> next-symbol probabilities [batch, time, V]. */
export function buildCharLanguageModel(cell: CellName, options: CharLanguageModelOptions): tf.LayersModel {
  const { vocabSize, units = 64, embeddingDim = 16, seed = 1 } = options;
  for (const [name, value] of Object.entries({ vocabSize, units, embeddingDim })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`buildCharLanguageModel: ${name} must be a positive integer, got ${value}`);
  }
  return withSeededRandom(seed, () => {
    const ids = tf.input({ shape: [null], dtype: "int32", name: "symbols" });
    const embedded = tf.layers
      .embedding({
        inputDim: vocabSize,
        outputDim: embeddingDim,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: layerSeed(seed, 0) }),
        name: "embedding",
      })
      .apply(ids) as tf.SymbolicTensor;
    const hidden = recurrentLayer(cell, { units, returnSequences: true, seed: layerSeed(seed, 1), name: CHAR_LM_RECURRENT_LAYER }).apply(
      embedded,
    ) as tf.SymbolicTensor;
    const next = tf.layers
      .dense({
        units: vocabSize,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 2) }),
        name: "next_symbol",
      })
      .apply(hidden) as tf.SymbolicTensor;
    return tf.model({ inputs: ids, outputs: next, name: `${cell}_char_lm` });
  });
}

/** Parameters of `buildCharLanguageModel(cell, options)`: V·E + cell + H·V + V. */
export function charLanguageModelParamCount(cell: CellName, options: CharLanguageModelOptions): number {
  const { vocabSize, units = 64, embeddingDim = 16 } = options;
  return vocabSize * embeddingDim + recurrentParamCount(cell, embeddingDim, units) + units * vocabSize + vocabSize;
}

/** Next-symbol probabilities for row-major ids [count, length], in batches: a Float32Array [count, length, V]. */
export function predictNextSymbols(model: tf.LayersModel, ids: Int32Array, count: number, length: number, batchSize = 128): Float32Array {
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const out = tf.tidy(() => model.predict(tf.tensor2d(ids.subarray(start * length, (start + size) * length), [size, length], "int32")) as tf.Tensor);
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.length;
  }
  return joined;
}

/** The hidden states h_t of the recurrent layer for row-major ids [count, length]: a Float32Array [count, length, H]. */
export function hiddenStates(model: tf.LayersModel, ids: Int32Array, count: number, length: number): Float32Array {
  const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(CHAR_LM_RECURRENT_LAYER).output as tf.SymbolicTensor });
  return predictNextSymbols(probe, ids, count, length);
}

/** Draw an index from probabilities p (length V) sharpened or flattened by temperature τ: q ∝ p^{1/τ}; τ = 0 is argmax. */
export function sampleWithTemperature(probabilities: ArrayLike<number>, temperature: number, rng: Rng, exclude: readonly number[] = []): number {
  if (!(temperature >= 0)) throw new Error(`sampleWithTemperature: temperature must be >= 0, got ${temperature}`);
  const V = probabilities.length;
  const logits = new Float64Array(V);
  let best = -1;
  for (let i = 0; i < V; i++) {
    logits[i] = exclude.includes(i) ? Number.NEGATIVE_INFINITY : Math.log(Math.max(probabilities[i], 1e-30));
    if (best < 0 || logits[i] > logits[best]) best = i;
  }
  if (temperature === 0) return best;
  let total = 0;
  const weights = logits.map((l) => {
    const w = Math.exp((l - logits[best]) / temperature);
    total += w;
    return w;
  });
  let u = rng.next() * total;
  for (let i = 0; i < V; i++) {
    u -= weights[i];
    if (u <= 0 && weights[i] > 0) return i;
  }
  return best;
}

export interface SampleOptions {
  /** Sequences to draw (default 10). */
  count?: number;
  /** Longest sequence (default 20 symbols). */
  maxLength?: number;
  /** Temperature τ (default 1). */
  temperature?: number;
  /** Seed of the draws (default 1). */
  seed?: number;
}

/**
 * Draw whole sequences (names) from a model trained on BOUNDARY-delimited sequences: start from BOUNDARY, feed
 * each draw back in, stop at the next BOUNDARY (or maxLength). PAD and UNKNOWN are never drawn.
 */
export function sampleSequences(model: tf.LayersModel, vocab: CharVocabulary, options: SampleOptions = {}): string[] {
  const { count = 10, maxLength = 20, temperature = 1, seed = 1 } = options;
  const rng = createRng(seed);
  const drawn: number[][] = Array.from({ length: count }, () => [BOUNDARY_ID]);
  const done = new Array(count).fill(false);
  for (let t = 0; t < maxLength && done.includes(false); t++) {
    const probabilities = predictNextSymbols(model, Int32Array.from(drawn.flat()), count, t + 1);
    const V = vocab.size;
    for (let i = 0; i < count; i++) {
      if (done[i]) {
        drawn[i].push(BOUNDARY_ID);
        continue;
      }
      const row = probabilities.subarray((i * (t + 1) + t) * V, (i * (t + 1) + t + 1) * V);
      const next = sampleWithTemperature(row, temperature, rng, [0, 2]);
      drawn[i].push(next);
      if (next === BOUNDARY_ID) done[i] = true;
    }
  }
  return drawn.map((ids) => vocab.decode(ids.slice(1).filter((id) => id !== BOUNDARY_ID)));
}

/**
 * Continue `prompt` by `length` symbols, one draw at a time, the model reading the last `window` symbols (the
 * truncation length it was trained on: every window started from a zero state).
 */
export function generateText(
  model: tf.LayersModel,
  vocab: CharVocabulary,
  options: { prompt: string; length?: number; window: number; temperature?: number; seed?: number },
): string {
  const { prompt, length = 200, window, temperature = 1, seed = 1 } = options;
  if (prompt.length === 0) throw new Error("generateText: the prompt is empty: pass at least one character to start from");
  const rng = createRng(seed);
  const ids = Array.from(vocab.encode(prompt));
  for (let i = 0; i < length; i++) {
    const context = ids.slice(-window);
    const probabilities = predictNextSymbols(model, Int32Array.from(context), 1, context.length);
    const V = vocab.size;
    ids.push(sampleWithTemperature(probabilities.subarray((context.length - 1) * V), temperature, rng, [0]));
  }
  return vocab.decode(ids.slice(vocab.encode(prompt).length));
}
