/**
 * The "train, then score" step every experiment shares: train a model through `trainModel` (Adam, global-norm
 * clipping, early stopping on the validation part, best weights restored), predict the held-out inputs once
 * training has finished, and dispose the model. The suite's forecast and sentiment jobs and the pitfall
 * measurements all call it; what they record around it (metrics in original units, accuracy, a variant) is theirs.
 */
import * as tf from "@tensorflow/tfjs";
import type { BatchedInputs, PredictOptions, TrainData } from "./evaluate";
import { predictInBatches, trainModel, type TrainOptions, type TrainResult } from "./fit";
import { createProgressBar } from "./progress";

/** What `trainAndPredict` gives back: the training record, the test predictions (flat), and the model's size. */
export interface TrainedPredictions {
  result: TrainResult;
  /** The model's outputs for `testX`, row-major, examples first. */
  predictions: Float32Array;
  /** Trainable and non-trainable parameters of the model. */
  params: number;
}

/**
 * Train `model` on `parts.train` with early stopping on `parts.validation`, then predict `parts.testX` (a tensor, or
 * inputs built batch by batch for a large test part; `scoring` sets the batch size and a progress callback). The
 * model is disposed afterwards, also when training fails; the tensors stay the caller's.
 */
export async function trainAndPredict(
  model: tf.LayersModel,
  parts: { train: TrainData; validation: TrainData; testX: tf.Tensor | BatchedInputs },
  options: TrainOptions,
  scoring: PredictOptions = {},
): Promise<TrainedPredictions> {
  try {
    const result = await trainModel(model, parts.train, parts.validation, options);
    const total = parts.testX instanceof tf.Tensor ? parts.testX.shape[0] : parts.testX.count;
    const bar = createProgressBar(options.label ?? model.name, total, { enabled: options.progress === false ? false : undefined });
    try {
      const predictions = predictInBatches(model, parts.testX, {
        ...scoring,
        onProgress: (done, count) => {
          bar.update(done, `scoring test ${done.toLocaleString("en-US")}/${count.toLocaleString("en-US")}`);
          scoring.onProgress?.(done, count);
        },
      });
      return { result, predictions, params: model.countParams() };
    } finally {
      bar.finish();
    }
  } finally {
    model.dispose();
  }
}
