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

/** Predict in batches and return the outputs as one flat Float32Array (row-major, examples first). */
export function predictInBatches(model: tf.LayersModel, x: tf.Tensor, batchSize = 256): Float32Array {
  const count = x.shape[0];
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const out = tf.tidy(() => model.predict(rows(x, start, size), { batchSize: size }) as tf.Tensor);
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.length;
  }
  return joined;
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
