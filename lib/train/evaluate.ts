/**
 * Losses and batched scoring, shared by the training loop (validation loss every epoch / every `evalEvery`
 * sequences) and by every caller that scores a trained model.
 *
 *   "mse"                 L = mean (ŷ - y)²
 *   "binaryCrossentropy"  L = mean -[y log p + (1 - y) log(1 - p)]
 *   a LossFunction        any (targets, predictions) -> scalar, e.g. a memory task's per-step cross-entropy
 *
 * Scoring runs in chunks of `batchSize` examples so that long sequences stay within memory; the mean over all
 * examples is Σ_chunks L_chunk · |chunk| / N.
 */
import * as tf from "@tensorflow/tfjs";

/** The built-in losses: mean squared error (forecasting) and binary cross-entropy (classification). */
/** "sparseCategoricalCrossentropy": targets are class ids (per step), predictions probabilities; a target of -1
 * (padding) is skipped, so the loss is  mean over kept targets of -ln p[target]. */
export type LossName = "mse" | "binaryCrossentropy" | "sparseCategoricalCrossentropy";
/** A loss as a function of targets and predictions (a mean over the batch). */
export type LossFunction = (targets: tf.Tensor, predicted: tf.Tensor) => tf.Scalar;

/** Inputs and targets of one data part, examples on the first axis. */
export interface TrainData {
  /** Inputs, first axis = examples. */
  x: tf.Tensor;
  /** Targets, first axis = examples. */
  y: tf.Tensor;
}

/** The loss tensor of `loss` (a name or a function) on one batch. */
export function lossTensor(loss: LossName | LossFunction, target: tf.Tensor, predicted: tf.Tensor): tf.Scalar {
  if (typeof loss === "function") return loss(target, predicted);
  if (loss === "mse") return tf.losses.meanSquaredError(target, predicted) as tf.Scalar;
  if (loss === "sparseCategoricalCrossentropy") {
    const ids = tf.cast(target, "int32");
    const kept = tf.cast(tf.greaterEqual(ids, 0), "float32");
    const depth = predicted.shape[predicted.rank - 1];
    const chosen = tf.sum(tf.mul(tf.oneHot(tf.maximum(ids, tf.scalar(0, "int32")) as tf.Tensor, depth), predicted), -1);
    const nll = tf.neg(tf.log(tf.clipByValue(chosen, 1e-7, 1)));
    return tf.div(tf.sum(tf.mul(nll, kept)), tf.maximum(tf.sum(kept), 1)) as tf.Scalar;
  }
  return tf.mean(tf.metrics.binaryCrossentropy(target, predicted)) as tf.Scalar;
}

/** Rows [start, start + size) of a tensor of any rank. */
function rows(t: tf.Tensor, start: number, size: number): tf.Tensor {
  return t.slice(start, size);
}

/**
 * Inputs built batch by batch, e.g. the sliding windows of a long series: scoring copies each batch into one reused
 * buffer, so neither every input nor an object per example is ever held at once.
 */
export interface BatchedInputs {
  /** Number of examples. */
  count: number;
  /** Shape of one example, e.g. [lookback, features]. */
  exampleShape: number[];
  /** Write examples [from, to) row-major into `into`, from its start. */
  fill(from: number, to: number, into: Float32Array): void;
}

/** How `predictInBatches` goes through the inputs. */
export interface PredictOptions {
  /** Examples per model call (default 256). Larger batches amortise the per-call cost of a layers model. */
  batchSize?: number;
  /** Called after every batch with the examples predicted so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Predict in batches and return the outputs as one flat Float32Array (row-major, examples first). `x` is a tensor
 * (examples on the first axis) or inputs built per batch; `options` is a batch size or PredictOptions.
 */
export function predictInBatches(model: tf.LayersModel, x: tf.Tensor | BatchedInputs, options: number | PredictOptions = {}): Float32Array {
  const { batchSize = 256, onProgress } = typeof options === "number" ? { batchSize: options } : options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`predictInBatches: batchSize must be a positive integer, got ${batchSize}`);
  const lazy = !(x instanceof tf.Tensor);
  const count = lazy ? x.count : x.shape[0];
  const exampleShape = lazy ? x.exampleShape : x.shape.slice(1);
  const exampleSize = exampleShape.reduce((a, b) => a * b, 1);
  // One input buffer for every batch (lazy inputs); the output is sized from the first batch's width.
  const buffer = lazy ? new Float32Array(Math.min(batchSize, count) * exampleSize) : null;
  let joined: Float32Array | null = null;
  let width = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const out = tf.tidy(() => {
      let input: tf.Tensor;
      if (buffer) {
        (x as BatchedInputs).fill(start, start + size, buffer);
        input = tf.tensor(buffer.subarray(0, size * exampleSize), [size, ...exampleShape]); // copied to the backend
      } else input = rows(x as tf.Tensor, start, size);
      return model.predictOnBatch(input) as tf.Tensor;
    });
    const values = out.dataSync() as Float32Array;
    out.dispose();
    if (!joined) {
      width = values.length / size;
      joined = new Float32Array(count * width);
    }
    joined.set(values, start * width);
    onProgress?.(start + size, count);
  }
  return joined ?? new Float32Array(0);
}

/**
 * Mean loss of `model` on `data`, computed in chunks of `batchSize` without training-time behaviour (no dropout).
 * A named loss is weighted by the chunk size on the backend (float32), a LossFunction in JavaScript (float64).
 */
export function evaluateLoss(model: tf.LayersModel, data: TrainData, loss: LossName | LossFunction, batchSize = 256): number {
  const count = data.x.shape[0];
  let sum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    if (typeof loss === "function") {
      sum +=
        tf.tidy(() => lossTensor(loss, rows(data.y, start, size), model.apply(rows(data.x, start, size), { training: false }) as tf.Tensor).dataSync()[0]) *
        size;
      continue;
    }
    const value = tf.tidy(() => {
      const predicted = model.predict(rows(data.x, start, size), { batchSize: size }) as tf.Tensor;
      return lossTensor(loss, rows(data.y, start, size), predicted).mul(size);
    });
    sum += value.dataSync()[0];
    value.dispose();
  }
  return sum / count;
}
