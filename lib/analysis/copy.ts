/**
 * Copy memory (Hochreiter & Schmidhuber 1997; the layout of Bai, Kolter & Koltun 2018): read a short
 * string of symbols, wait `blank` steps, then write the string back.
 *
 * Alphabet: 0 = blank, 1..S = symbols (S = `symbols`, default 8), S+1 = the delimiter ("go").
 * With L = `copyLength` (default 10) and T = `blank`, each sequence has T + 2L steps:
 *
 *     input : s_1 .. s_L   0 x (T-1)   go x (L+1)          s_i ~ uniform over 1..S
 *     target: 0 x (T+L)                s_1 .. s_L
 *
 * Inputs are one-hot over the S+2 classes; targets are class indices, one per step (softmax output).
 * The recall starts T+L steps after the first symbol was read, so the memory span grows with T.
 *
 * Baseline: a model that outputs blank wherever the target is blank and a uniform guess over the S symbols
 * during the recall (it can see the delimiter) has mean cross-entropy per step
 *
 *     L ln(S) / (T + 2L)                      (Bai et al.: 10 ln 8 / (T + 20))
 *
 * and recall accuracy 1/S. The sweep calls the task solved below 10% of that loss.
 */
import * as tf from "@tensorflow/tfjs";
import { type Uniform, seededUniform, uniformInt } from "../random";

export interface CopyMemoryOptions {
  /** T: the sequence has T + 2L steps, T - 1 blanks then L + 1 delimiters after the string (Bai et al.'s T). */
  blank: number;
  /** Distinct symbols S (default 8). */
  symbols?: number;
  /** Symbols to remember, L (default 10). */
  copyLength?: number;
}

/** A batch of copy-memory sequences as flat row-major arrays. */
export interface CopyBatch {
  count: number;
  /** Steps per sequence: blank + 2 * copyLength. */
  length: number;
  blank: number;
  symbols: number;
  copyLength: number;
  /** One-hot classes per step: symbols + 2 (blank, symbols, delimiter). */
  classes: number;
  /** [count, length, classes] one-hot. */
  inputs: Float32Array;
  /** [count, length] class indices. */
  targets: Int32Array;
}

function resolve(options: CopyMemoryOptions): Required<CopyMemoryOptions> {
  const { blank, symbols = 8, copyLength = 10 } = options;
  if (!Number.isInteger(blank) || blank < 1) throw new Error(`copy memory: blank must be an integer >= 1, got ${blank}`);
  if (!Number.isInteger(symbols) || symbols < 2) throw new Error(`copy memory: symbols must be an integer >= 2, got ${symbols}`);
  if (!Number.isInteger(copyLength) || copyLength < 1) {
    throw new Error(`copy memory: copyLength must be an integer >= 1, got ${copyLength}`);
  }
  return { blank, symbols, copyLength };
}

/** Draw `count` sequences; `rng` is a seed or a uniform source (a training loop keeps drawing from one stream). */
export function copyMemory(count: number, options: CopyMemoryOptions, rng: number | Uniform): CopyBatch {
  if (!Number.isInteger(count) || count < 1) throw new Error(`copy memory: count must be a positive integer, got ${count}`);
  const { blank, symbols, copyLength } = resolve(options);
  const uniform = typeof rng === "number" ? seededUniform(rng) : rng;
  const length = blank + 2 * copyLength;
  const classes = symbols + 2;
  const delimiter = symbols + 1;
  const recallStart = blank + copyLength;
  const inputs = new Float32Array(count * length * classes);
  const targets = new Int32Array(count * length);
  for (let n = 0; n < count; n++) {
    const rowIn = n * length * classes;
    const rowOut = n * length;
    for (let t = 0; t < length; t++) {
      let symbol = 0;
      if (t < copyLength) {
        symbol = uniformInt(uniform, 1, symbols + 1);
        targets[rowOut + recallStart + t] = symbol;
      } else if (t >= recallStart - 1) {
        symbol = delimiter;
      }
      inputs[rowIn + t * classes + symbol] = 1;
    }
  }
  return { count, length, blank, symbols, copyLength, classes, inputs, targets };
}

/** The batch as tensors: inputs [count, length, classes], targets one-hot [count, length, classes]. */
export function copyTensors(batch: CopyBatch): { inputs: tf.Tensor3D; targets: tf.Tensor3D } {
  return tf.tidy(() => ({
    inputs: tf.tensor3d(batch.inputs, [batch.count, batch.length, batch.classes]),
    targets: tf.oneHot(tf.tensor2d(batch.targets, [batch.count, batch.length], "int32"), batch.classes).toFloat() as tf.Tensor3D,
  }));
}

/** Mean cross-entropy per step of the memoryless baseline: copyLength ln(symbols) / (blank + 2 copyLength). */
export function copyBaselineLoss(options: CopyMemoryOptions): number {
  const { blank, symbols, copyLength } = resolve(options);
  return (copyLength * Math.log(symbols)) / (blank + 2 * copyLength);
}
