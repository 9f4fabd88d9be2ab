/**
 * The training loop shared by every recurrent model: seeded mini-batches, Adam, gradient clipping by
 * global norm, validation-based early stopping that restores the best weights, callbacks per batch and
 * per epoch (for live learning curves in a notebook), and a terminal progress bar on long runs.
 *
 * One step on a mini-batch B with parameters θ and gradient g = ∇_θ L_B(θ):
 *   g ← g · min(1, clipNorm / ‖g‖₂)          ‖g‖₂ = sqrt(Σ over all weight tensors of Σ g²)   (global norm)
 *   θ ← Adam(θ, g, learningRate)
 * Losses: "mse" = mean (ŷ - y)², "binaryCrossentropy" = mean -[y log p + (1 - y) log(1 - p)],
 * "sparseCategoricalCrossentropy" = mean over the (example, step) pairs with a target id y ≥ 0 of -log p[y]
 * (predicted probabilities [..., V], integer targets [...]; target -1 marks padding and is skipped).
 *
 * Class weighting (binary classifiers on imbalanced labels), `classWeightedBinaryCrossentropy(w)`:
 *   L = mean_i w(y_i) · -[y_i log p_i + (1 - y_i) log(1 - p_i)]      w(1) = w.positive, w(0) = w.negative
 * with the "balanced" weights of `balancedClassWeights`: w(c) = N / (2 N_c), so each class carries half of the loss
 * whatever its share and the mean weight over the training set is 1 (the loss stays on the unweighted scale).
 *
 * Repeatability: the batch order comes from createRng(seed), and each step runs with Math.random seeded
 * from the same stream (dropout masks), so a seed repeats a run on the same backend.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng, withSeededRandom } from "../random";
import { evaluateLoss, lossTensor, type LossFunction, type LossName, type TrainData } from "./evaluate";
import { createProgressBar } from "./progress";
import { createAdam } from "./fused-adam";

export { evaluateLoss, predictInBatches, type LossFunction, type LossName, type TrainData } from "./evaluate";

/** Loss weight of each class of a binary classifier (class 1 = positive). */
export interface ClassWeights {
  negative: number;
  positive: number;
}

/** w(c) = N / (2 N_c) over the training labels (0 / 1): equal total weight per class, mean weight 1. */
export function balancedClassWeights(labels: ArrayLike<number>): ClassWeights {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(`balancedClassWeights: the labels hold only one class (${positives} positive, ${negatives} negative): pass examples of both classes`);
  }
  return { negative: labels.length / (2 * negatives), positive: labels.length / (2 * positives) };
}

/** Binary cross-entropy with a weight per class (header): targets [N, 1] of 0 / 1, predictions p(class 1) [N, 1]. */
export function classWeightedBinaryCrossentropy(weights: ClassWeights): LossFunction {
  for (const [name, w] of Object.entries(weights)) {
    if (!(w > 0) || !Number.isFinite(w)) throw new Error(`classWeightedBinaryCrossentropy: the ${name} weight must be a positive number, got ${w}`);
  }
  return (targets, predicted) =>
    tf.tidy(() => {
      const perExample = tf.metrics.binaryCrossentropy(targets, predicted); // [N]: mean over the last axis of size 1
      const y = tf.reshape(tf.cast(targets, "float32"), perExample.shape);
      const w = tf.add(weights.negative, tf.mul(y, weights.positive - weights.negative));
      return tf.mean(tf.mul(w, perExample)) as tf.Scalar;
    });
}

/** One epoch of `trainModel`, as passed to `onEpochEnd` and kept in the history. */
export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Validation loss after the epoch (when validation data was given). */
  valLoss?: number;
  /** Seconds since training started. */
  seconds: number;
  /** Whether this epoch has the best validation (or training) loss so far. */
  best: boolean;
}

export interface BatchInfo {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
}

/** Settings of `trainModel` (every field but `loss` has a default). */
export interface TrainOptions {
  loss: LossName | LossFunction;
  /** Maximum epochs (default 20). */
  epochs?: number;
  /** Examples per batch (default 32). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Clip the global gradient norm to this value; 0 turns clipping off (default 1). */
  clipNorm?: number;
  /** Stop after this many epochs without a better validation loss (default 5). */
  patience?: number;
  /** Seed of the batch order and dropout masks (default 1). */
  seed?: number;
  /** Progress bar: "auto" (default) draws on a terminal once a run lasts 2 s; false never. */
  progress?: boolean | "auto";
  /** Label in front of the progress bar. */
  label?: string;
  onBatchEnd?: (info: BatchInfo) => void;
  /** Called after every epoch; may be async (a notebook redrawing its chart). */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
}

/** What `trainModel` returns: the learning curve, the best epoch, and the cost. */
export interface TrainResult {
  history: EpochInfo[];
  /** Epoch whose weights the model holds at the end (best validation loss). */
  bestEpoch: number;
  bestLoss: number;
  epochsRun: number;
  stoppedEarly: boolean;
  /** True when the loss became NaN or infinite; training stopped and the best weights were restored. */
  diverged: boolean;
  trainSeconds: number;
  /** Training examples processed per second (forward and backward). */
  sequencesPerSecond: number;
}

/** ‖g‖₂ = sqrt(Σ over all tensors of Σ g²). */
function globalGradientNorm(gradients: tf.Tensor[]): tf.Scalar {
  return tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
}

/** Scale all gradients by min(1, clipNorm / global norm); clipNorm 0 returns them unchanged. */
export function clipByGlobalNorm(gradients: tf.Tensor[], clipNorm: number, norm?: tf.Scalar): tf.Tensor[] {
  if (clipNorm <= 0 || gradients.length === 0) return gradients;
  return tf.tidy(() => {
    const globalNorm = norm ?? globalGradientNorm(gradients);
    const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(globalNorm, 1e-12)));
    return gradients.map((g) => tf.mul(g, scale));
  });
}

/** What one `trainStep` reports: the loss before the step and the global norm of the gradient before clipping. */
export type StepResult = {
  loss: number;
  /** ‖g‖₂ over every variable's gradient, before clipping (NaN or infinite when the step blew up). */
  gradientNorm: number;
};

/**
 * One optimisation step, the only place in lib/ that turns a gradient into a weight update:
 *   g = ∇θ lossOf(),  ‖g‖₂ = sqrt(Σ over `variables` of Σ g²),  g ← g · min(1, clipNorm / ‖g‖₂) (clipNorm 0: unclipped),
 *   θ ← optimizer(θ, g)
 * Returns the loss before the step and the UNclipped global norm. trainModel and trainOnStream step through it with
 * Adam; the exploding-gradient demonstration (lib/analysis) with plain SGD. Call it inside tf.tidy.
 */
export function trainStep(optimizer: tf.Optimizer, variables: tf.Variable[], lossOf: () => tf.Scalar, clipNorm: number): StepResult {
  const { value, grads } = optimizer.computeGradients(lossOf, variables);
  // In the order of `variables` (the sum's rounding depends on it; an unnamed tf.variable's numeric name would come
  // first in Object.keys), skipping any variable the loss does not depend on.
  const names = variables.map((v) => v.name).filter((name) => grads[name] !== undefined);
  const gradients = names.map((n) => grads[n]);
  const globalNorm = globalGradientNorm(gradients);
  const list = clipByGlobalNorm(gradients, clipNorm, globalNorm);
  optimizer.applyGradients(names.map((name, i) => ({ name, tensor: list[i] })));
  return { loss: value.dataSync()[0], gradientNorm: globalNorm.dataSync()[0] };
}

/** trainStep on a batch of `model`: L(model(x), y) over its trainable weights; returns the batch loss (before the step). */
function modelStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  loss: LossName | LossFunction,
  clipNorm: number,
): (x: tf.Tensor, y: tf.Tensor) => number {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return (x, y) => trainStep(optimizer, variables, () => lossTensor(loss, y, model.apply(x, { training: true }) as tf.Tensor), clipNorm).loss;
}

function checkData(name: string, data: TrainData): void {
  if (data.x.shape[0] !== data.y.shape[0]) {
    throw new Error(`trainModel: ${name} has ${data.x.shape[0]} inputs but ${data.y.shape[0]} targets: pass one target per input`);
  }
  if (data.x.shape[0] === 0) throw new Error(`trainModel: ${name} is empty: pass at least one example`);
}

/**
 * A function to await between training steps: it gives the event loop a turn once `everyMs` of wall time have passed
 * since the last one, so Ctrl-C and SIGTERM (events the CLI handles), timers and a notebook's chart updates wait
 * about that long plus one step, not a whole epoch (minutes at full scale: an IMDB RNN epoch). Evaluation on the
 * validation set and the final predictions still run without a turn (at full-scale IMDB, up to a minute or so).
 * Results do not depend on it.
 */
function eventLoopTurns(everyMs = 250): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/**
 * Train `model` in place. With `validation`, the weights of the epoch with the lowest validation loss
 * are restored at the end (early stopping); without it, the lowest training loss decides.
 */
export async function trainModel(
  model: tf.LayersModel,
  train: TrainData,
  validation: TrainData | undefined,
  options: TrainOptions,
): Promise<TrainResult> {
  const { loss, epochs = 20, batchSize = 32, learningRate = 1e-3, clipNorm = 1, patience = 5, seed = 1 } = options;
  checkData("the training set", train);
  if (validation) checkData("the validation set", validation);
  for (const [name, value] of Object.entries({ epochs, batchSize, patience })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`trainModel: ${name} must be a positive integer, got ${value}`);
  }
  if (!(learningRate > 0)) throw new Error(`trainModel: learningRate must be positive, got ${learningRate}`);
  if (!(clipNorm >= 0)) throw new Error(`trainModel: clipNorm must be >= 0 (0 = no clipping), got ${clipNorm}`);

  const count = train.x.shape[0];
  const batchesPerEpoch = Math.ceil(count / batchSize);
  const rng = createRng(seed);
  const optimizer = createAdam(learningRate);
  const step = modelStep(model, optimizer, loss, clipNorm);
  const showProgress = options.progress !== false;
  const bar = createProgressBar(options.label ?? model.name, epochs * batchesPerEpoch, { enabled: showProgress ? undefined : false });

  const history: EpochInfo[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | undefined;
  let stoppedEarly = false;
  let diverged = false;
  let examplesSeen = 0;
  const started = performance.now();
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const turn = eventLoopTurns();

  try {
    for (let epoch = 1; epoch <= epochs && !diverged; epoch++) {
      rng.shuffle(order);
      let lossSum = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        const indices = order.subarray(batch * batchSize, Math.min(count, (batch + 1) * batchSize));
        const stepSeed = rng.int(2 ** 31) + 1;
        const batchLoss = withSeededRandom(stepSeed, () =>
          tf.tidy(() => {
            const index = tf.tensor1d(indices, "int32");
            return step(tf.gather(train.x, index), tf.gather(train.y, index));
          }),
        );
        if (!Number.isFinite(batchLoss)) {
          diverged = true;
          break;
        }
        lossSum += batchLoss * indices.length;
        examplesSeen += indices.length;
        options.onBatchEnd?.({ epoch, batch: batch + 1, batchesPerEpoch, loss: batchLoss });
        bar.update((epoch - 1) * batchesPerEpoch + batch + 1, `epoch ${epoch}/${epochs} loss ${batchLoss.toPrecision(3)}`);
        await turn();
      }
      if (diverged) break;
      const trainLoss = lossSum / count;
      const valLoss = validation ? evaluateLoss(model, validation, loss) : undefined;
      const monitored = valLoss ?? trainLoss;
      if (!Number.isFinite(monitored)) {
        diverged = true;
        break;
      }
      const best = monitored < bestLoss;
      if (best) {
        bestLoss = monitored;
        bestEpoch = epoch;
        tf.dispose(bestWeights);
        bestWeights = model.getWeights().map((w) => tf.clone(w));
      }
      const info: EpochInfo = { epoch, loss: trainLoss, valLoss, seconds: (performance.now() - started) / 1000, best };
      history.push(info);
      await options.onEpochEnd?.(info);
      // Let timers and I/O run between epochs (a notebook's chart update, Ctrl-C handling).
      await new Promise((resolve) => setImmediate(resolve));
      if (epoch - bestEpoch >= patience && epoch < epochs) {
        stoppedEarly = true;
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    bar.finish();
    tf.dispose(bestWeights);
    optimizer.dispose();
  }
  if (bestEpoch === 0) {
    throw new Error(
      `training ${model.name} diverged in the first epoch (loss NaN or infinite): lower the learning rate or check the inputs for NaN`,
    );
  }
  const trainSeconds = (performance.now() - started) / 1000;
  return {
    history,
    bestEpoch,
    bestLoss,
    epochsRun: history.length,
    stoppedEarly,
    diverged,
    trainSeconds,
    sequencesPerSecond: examplesSeen / Math.max(trainSeconds, 1e-9),
  };
}

/** Settings of `trainOnStream`: a budget of freshly drawn examples instead of epochs over a fixed set. */
export interface StreamTrainOptions {
  loss: LossName | LossFunction;
  /** Training examples to draw in total; the last batch is cut to fit (steps = ceil(budget / batchSize)). */
  budget: number;
  batchSize: number;
  learningRate: number;
  /** Clip the global gradient norm to this value; 0 turns clipping off (default 1). */
  clipNorm?: number;
  /** Seed of the per-step Math.random stream (dropout masks; default 1). */
  seed?: number;
  /** Draw `size` fresh examples (from the caller's seeded stream); the tensors are disposed after the step. */
  nextBatch: (size: number) => TrainData;
  /** Examples between two evaluations; the end of the budget is always evaluated. */
  evaluateEvery: number;
  /** Called at every evaluation with the examples seen so far; return true to stop training there. */
  onEvaluate: (seen: number) => boolean | Promise<boolean>;
}

/** What `trainOnStream` returns. */
export interface StreamTrainResult {
  /** Examples trained on. */
  seen: number;
  /** The loss became NaN or infinite; training stopped at that step (weights as they were then). */
  diverged: boolean;
  trainSeconds: number;
  sequencesPerSecond: number;
}

/**
 * Train `model` in place on a stream of fresh examples (the memory tasks: every batch is new data, so there are
 * no epochs and no early stopping on a fixed validation set). Same step as `trainModel`: Adam on the global-norm
 * clipped gradient. Every `evaluateEvery` examples, and when the budget is spent, `onEvaluate` scores the model
 * and may stop training (e.g. once a task is solved).
 */
export async function trainOnStream(model: tf.LayersModel, options: StreamTrainOptions): Promise<StreamTrainResult> {
  const { loss, budget, batchSize, learningRate, clipNorm = 1, seed = 1, evaluateEvery } = options;
  for (const [name, value] of Object.entries({ budget, batchSize, evaluateEvery })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`trainOnStream: ${name} must be a positive integer, got ${value}`);
  }
  if (!(learningRate > 0)) throw new Error(`trainOnStream: learningRate must be positive, got ${learningRate}`);
  const rng = createRng(seed);
  const optimizer = createAdam(learningRate);
  const step = modelStep(model, optimizer, loss, clipNorm);
  const started = performance.now();
  let seen = 0;
  let sinceEvaluation = 0;
  let diverged = false;
  const turn = eventLoopTurns();
  try {
    while (seen < budget) {
      const size = Math.min(batchSize, budget - seen);
      const batch = options.nextBatch(size);
      const stepSeed = rng.int(2 ** 31) + 1;
      let batchLoss: number;
      try {
        batchLoss = withSeededRandom(stepSeed, () => tf.tidy(() => step(batch.x, batch.y)));
      } finally {
        tf.dispose([batch.x, batch.y]);
      }
      seen += size;
      sinceEvaluation += size;
      await turn();
      if (!Number.isFinite(batchLoss)) {
        diverged = true;
        break;
      }
      if (sinceEvaluation >= evaluateEvery || seen >= budget) {
        sinceEvaluation = 0;
        if (await options.onEvaluate(seen)) break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  return { seen, diverged, trainSeconds, sequencesPerSecond: seen / Math.max(trainSeconds, 1e-9) };
}
