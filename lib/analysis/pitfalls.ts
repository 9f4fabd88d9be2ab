/**
 * Four common mistakes with recurrent networks, each measured as a side-by-side: the same model, data and
 * training budget, with and without the mistake (notebook 09).
 *
 *   shuffled time steps   a recurrent model only helps when the order of the steps carries information: with the
 *                         steps of every window permuted (non-sequential data) the forecaster loses what the order
 *                         told it (which value is the latest), and its error rises toward that of a model of the
 *                         window's contents alone;
 *   unscaled inputs       tanh / sigmoid units saturate on inputs in the thousands, so h_t stops responding to x_t:
 *                         x = 30,000 MW gives tanh(w x + ...) = ±1 for almost any weight; a raw target in the
 *                         thousands also has to be reached by a head that starts near 0 with small Adam steps;
 *   no padding strategy   with post-padding and no mask the classifier reads its verdict from h_T after a run of
 *                         padding steps, over which the evidence must survive; pre-padding (or a mask) ends every
 *                         sequence on a real word;
 *   LSTM by default       the LSTM has 4 weight blocks to the RNN's 1 and the GRU's 3 (per unit: 4H(F+H+1) against
 *                         H(F+H+1) and 3H(F+H+2)); on a task without long dependencies the cheaper cells match it.
 *                         `cheapestNearBest` / `recommendCells` turn measured scores and costs into a choice
 *                         (notebook 10 applies them to every experiment's results).
 *
 * Every measurement trains through rw.train.trainModel (Adam, gradient clipping, early stopping on a validation
 * part that precedes the test part) and scores on held-out data; errors of forecasts are in the series' units.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { recurrentLayer } from "../cells/layer";
import { CELL_NAMES, type CellName } from "../cells/types";
import { type ForecastData, prepareForecastData, prepareTextData, type TextData } from "../data/prepare";
import { createRng } from "../random";
import type { WindowBlock } from "../data/windows";
import { buildSentimentClassifier, classifierParamCount } from "../models/classifier";
import { buildForecaster, forecasterParamCount } from "../models/forecaster";
import { layerSeed, withSeededRandom } from "../random";
import { type EpochInfo, predictInBatches, trainModel } from "../train/fit";
import { classificationMetrics, meanAbsoluteError } from "../train/metrics";
import type { ModelSummary, Summary } from "../experiments/summary";

export type PitfallName = "shuffled-steps" | "unscaled-inputs" | "padding" | "cell-choice";

/** One side of a comparison: a model trained with or without the mistake. */
export interface PitfallVariant {
  name: string;
  /** The test score on the measurement's metric (MAE in the series' units, or accuracy). */
  value: number;
  params: number;
  units: number;
  cell: CellName;
  trainSeconds: number;
  epochsRun: number;
  /** Training and validation loss per epoch (in the variant's own units: compare shapes, not levels). */
  history: { loss: number; valLoss?: number }[];
  /** The loss became NaN or infinite and training stopped. */
  diverged: boolean;
}

/** One pitfall measured: the variants side by side and a reference score that needs no training. */
export interface PitfallMeasurement {
  pitfall: PitfallName;
  /** What was trained and scored, in words. */
  task: string;
  metric: "mae" | "accuracy";
  /** The metric's unit ("MW", "births", "fraction correct"). */
  unit: string;
  lowerIsBetter: boolean;
  variants: PitfallVariant[];
  /** e.g. the naive forecast's MAE or the majority class's accuracy on the same test examples. */
  reference: { name: string; value: number };
}

/** Shared settings; every field has a default sized for a quick notebook run. */
export interface PitfallOptions {
  /** Recurrent units (default 16). */
  units?: number;
  /** Maximum epochs (default 10); early stopping with `patience` (default 3). */
  epochs?: number;
  patience?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Called after every epoch of every variant, e.g. to draw live learning curves. */
  onEpochEnd?: (variant: string, info: EpochInfo) => void | Promise<void>;
}

export interface ForecastPitfallOptions extends PitfallOptions {
  /** A registered series (default "electricity"). */
  dataset?: string;
  /** Input steps per window (default 48). */
  lookback?: number;
  /** The cell of the forecaster (default "gru"). */
  cell?: CellName;
}

export interface TextPitfallOptions extends PitfallOptions {
  /** A registered text set (default "uci-sentences"). */
  dataset?: string;
  /** Padded length (default: the longest training text, so short texts get long runs of padding). */
  maxLen?: number;
  vocabSize?: number;
  embeddingDim?: number;
  /** The cell of the classifier (default "gru": without a mask, post-padding hurts it the most). */
  cell?: CellName;
  /** Also train the post-padded classifier with the padding masked out (default true; the masked layer runs
   * step by step, several times slower than the fused kernels). */
  masked?: boolean;
}

const DEFAULTS = { units: 16, epochs: 10, patience: 3, batchSize: 32, learningRate: 3e-3, seed: 1 };

function settings(options: PitfallOptions) {
  const resolved = { ...DEFAULTS, ...stripUndefined(options) };
  for (const key of ["units", "epochs", "patience", "batchSize", "seed"] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) throw new Error(`pitfalls: ${key} must be a positive integer, got ${value}`);
  }
  if (!(resolved.learningRate > 0)) throw new Error(`pitfalls: learningRate must be a positive number, got ${resolved.learningRate}`);
  return resolved;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Permute the time steps of every window independently (Fisher-Yates with a seeded stream): window n's step t
 * becomes step perm_n(t), every feature of a step moving together. `x` is row-major [count, lookback, features].
 * Each window keeps exactly its values; only their order is lost.
 */
export function shuffleTimeSteps(x: Float32Array, shape: readonly [number, number, number], seed: number): Float32Array {
  const [count, lookback, features] = shape;
  if (x.length !== count * lookback * features) {
    throw new Error(`shuffleTimeSteps: ${x.length} values do not fill the shape [${shape.join(", ")}]: pass the window block's x and xShape`);
  }
  const rng = createRng(seed);
  const order = Int32Array.from({ length: lookback }, (_, t) => t);
  const shuffled = new Float32Array(x.length);
  for (let n = 0; n < count; n++) {
    rng.shuffle(order);
    const base = n * lookback * features;
    for (let t = 0; t < lookback; t++) {
      const from = base + order[t] * features;
      shuffled.set(x.subarray(from, from + features), base + t * features);
    }
  }
  return shuffled;
}

interface ForecastTensors {
  train: { x: tf.Tensor3D; y: tf.Tensor2D };
  validation: { x: tf.Tensor3D; y: tf.Tensor2D };
  test: { x: tf.Tensor3D; y: tf.Tensor2D };
}

function blocksOf(data: ForecastData): { train: WindowBlock; validation: WindowBlock; test: WindowBlock } {
  return { train: data.windows.train.block(), validation: data.windows.validation.block(), test: data.windows.test.block() };
}

function toTensors(inputs: Record<"train" | "validation" | "test", WindowBlock>, targets = inputs, transformX = (b: WindowBlock) => b.x): ForecastTensors {
  const part = (name: "train" | "validation" | "test") => ({
    x: tf.tensor3d(transformX(inputs[name]), inputs[name].xShape),
    y: tf.tensor2d(targets[name].y, targets[name].yShape),
  });
  return { train: part("train"), validation: part("validation"), test: part("test") };
}

function disposeTensors(tensors: ForecastTensors): void {
  tf.dispose([tensors.train.x, tensors.train.y, tensors.validation.x, tensors.validation.y, tensors.test.x, tensors.test.y]);
}

/**
 * Train `model` (disposed afterwards) on the train and validation parts of `tensors` with the pitfall settings, and
 * record it as one variant whose value is `score(model)`, computed on the test part once training has finished.
 */
async function trainVariant(
  name: string,
  cell: CellName,
  model: tf.LayersModel,
  params: number,
  tensors: { train: { x: tf.Tensor; y: tf.Tensor }; validation: { x: tf.Tensor; y: tf.Tensor } },
  loss: "mse" | "binaryCrossentropy",
  s: ReturnType<typeof settings>,
  score: (model: tf.LayersModel) => Promise<number>,
): Promise<PitfallVariant> {
  try {
    const result = await trainModel(model, tensors.train, tensors.validation, {
      loss,
      epochs: s.epochs,
      patience: s.patience,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      seed: s.seed,
      progress: false,
      onEpochEnd: s.onEpochEnd ? (info) => s.onEpochEnd!(name, info) : undefined,
    });
    return {
      name,
      value: await score(model),
      params,
      units: s.units,
      cell,
      trainSeconds: result.trainSeconds,
      epochsRun: result.epochsRun,
      history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
      diverged: result.diverged,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Train one forecaster on `tensors` and return its test MAE in the series' units; `toUnits` maps the model's
 * outputs (and the test targets) back to them.
 */
async function forecastVariant(
  name: string,
  cell: CellName,
  tensors: ForecastTensors,
  toUnits: (values: ArrayLike<number>) => ArrayLike<number>,
  shape: { lookback: number; features: number },
  s: ReturnType<typeof settings>,
): Promise<PitfallVariant> {
  const model = buildForecaster(cell, { lookback: shape.lookback, features: shape.features, units: s.units, seed: s.seed });
  const params = forecasterParamCount(cell, { lookback: shape.lookback, features: shape.features, units: s.units });
  return trainVariant(name, cell, model, params, tensors, "mse", s, async (trained) => {
    const predicted = toUnits(predictInBatches(trained, tensors.test.x));
    const actual = toUnits(await tensors.test.y.data());
    return meanAbsoluteError(actual, predicted);
  });
}

/** MAE of repeating the last input value of each test window (in the series' units). */
function naiveMae(data: ForecastData): number {
  const test = data.windows.test.block();
  const [count, lookback, features] = test.xShape;
  const last = Float32Array.from({ length: count }, (_, n) => test.x[(n * lookback + lookback - 1) * features]);
  return meanAbsoluteError(data.toOriginalUnits(test.y), data.toOriginalUnits(last));
}

function forecastSetup(options: ForecastPitfallOptions, scaler: "standard" | "none" = "standard"): ForecastData {
  const lookback = options.lookback ?? 48;
  return prepareForecastData(options.dataset ?? "electricity", { lookback, horizon: 1, scaler });
}

/**
 * Pitfall 1: the same forecaster on ordered windows and on windows whose time steps are shuffled (train,
 * validation and test alike, each window its own permutation).
 */
export async function measureShuffledTimeSteps(options: ForecastPitfallOptions = {}): Promise<PitfallMeasurement> {
  await initBackend();
  const s = settings(options);
  const cell = options.cell ?? "gru";
  const data = forecastSetup(options);
  const blocks = blocksOf(data);
  const shape = { lookback: blocks.train.xShape[1], features: blocks.train.xShape[2] };
  const toUnits = (v: ArrayLike<number>) => data.toOriginalUnits(v);
  const variants: PitfallVariant[] = [];
  const ordered = toTensors(blocks);
  try {
    variants.push(await forecastVariant("ordered steps", cell, ordered, toUnits, shape, s));
  } finally {
    disposeTensors(ordered);
  }
  let partSeed = s.seed * 1000;
  const shuffled = toTensors(blocks, blocks, (b) => shuffleTimeSteps(b.x, b.xShape, ++partSeed));
  try {
    variants.push(await forecastVariant("shuffled steps", cell, shuffled, toUnits, shape, s));
  } finally {
    disposeTensors(shuffled);
  }
  return {
    pitfall: "shuffled-steps",
    task: `${data.dataset.meta.title}: next value from the last ${shape.lookback} steps, ${cell.toUpperCase()} with ${s.units} units`,
    metric: "mae",
    unit: data.dataset.meta.units ?? "",
    lowerIsBetter: true,
    variants,
    reference: { name: "naive (last value, needs the order)", value: naiveMae(data) },
  };
}

/**
 * Pitfall 2: the same forecaster on standardised windows (scaler fitted on the training rows), on raw inputs with
 * standardised targets, and on raw inputs and raw targets. MAE always in the series' units.
 */
export async function measureUnscaledInputs(options: ForecastPitfallOptions = {}): Promise<PitfallMeasurement> {
  await initBackend();
  const s = settings(options);
  const cell = options.cell ?? "gru";
  const scaled = forecastSetup(options, "standard");
  const raw = forecastSetup(options, "none");
  const scaledBlocks = blocksOf(scaled);
  const rawBlocks = blocksOf(raw);
  const shape = { lookback: scaledBlocks.train.xShape[1], features: scaledBlocks.train.xShape[2] };
  const fromScaled = (v: ArrayLike<number>) => scaled.toOriginalUnits(v);
  const identity = (v: ArrayLike<number>) => v;
  const plan: { name: string; inputs: typeof scaledBlocks; targets: typeof scaledBlocks; toUnits: typeof identity }[] = [
    { name: "standardised", inputs: scaledBlocks, targets: scaledBlocks, toUnits: fromScaled },
    { name: "raw inputs, standardised target", inputs: rawBlocks, targets: scaledBlocks, toUnits: fromScaled },
    { name: "raw inputs and target", inputs: rawBlocks, targets: rawBlocks, toUnits: identity },
  ];
  const variants: PitfallVariant[] = [];
  for (const step of plan) {
    const tensors = toTensors(step.inputs, step.targets);
    try {
      variants.push(await forecastVariant(step.name, cell, tensors, step.toUnits, shape, s));
    } finally {
      disposeTensors(tensors);
    }
  }
  return {
    pitfall: "unscaled-inputs",
    task: `${scaled.dataset.meta.title}: next value from the last ${shape.lookback} steps, ${cell.toUpperCase()} with ${s.units} units`,
    metric: "mae",
    unit: scaled.dataset.meta.units ?? "",
    lowerIsBetter: true,
    variants,
    reference: { name: "naive (last value)", value: naiveMae(scaled) },
  };
}

/** embedding(mask_zero) -> recurrent layer -> sigmoid: the classifier with padding masked out (Keras' mask_zero). */
function maskedClassifier(cell: CellName, shape: { vocabSize: number; maxLen: number; embeddingDim: number; units: number }, seed: number): tf.LayersModel {
  return withSeededRandom(seed, () => {
    const model = tf.sequential({ name: `${cell}_masked_sentiment` });
    model.add(
      tf.layers.embedding({
        inputDim: shape.vocabSize,
        outputDim: shape.embeddingDim,
        inputLength: shape.maxLen,
        maskZero: true,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: layerSeed(seed, 0) }),
      }),
    );
    model.add(recurrentLayer(cell, { units: shape.units, seed: layerSeed(seed, 1) }));
    model.add(tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 3) }) }));
    return model;
  });
}

interface TextTensors {
  train: { x: tf.Tensor2D; y: tf.Tensor2D };
  validation: { x: tf.Tensor2D; y: tf.Tensor2D };
  test: { x: tf.Tensor2D; y: tf.Tensor2D };
}

/** The prepared text as tensors; the last 15% of the (already shuffled) training rows validate. */
function textTensors(data: TextData): TextTensors {
  const [count, maxLen] = data.train.x.shape;
  const validationCount = Math.max(1, Math.round(0.15 * count));
  const trainCount = count - validationCount;
  const rows = (x: Int32Array, y: Float32Array, from: number, to: number) => ({
    x: tf.tensor2d(x.subarray(from * maxLen, to * maxLen), [to - from, maxLen], "int32"),
    y: tf.tensor2d(y.subarray(from, to), [to - from, 1]),
  });
  return {
    train: rows(data.train.x.data, data.train.y, 0, trainCount),
    validation: rows(data.train.x.data, data.train.y, trainCount, count),
    test: rows(data.test.x.data, data.test.y, 0, data.test.y.length),
  };
}

/** Train a sentiment classifier (disposed afterwards) on `tensors` and return its test accuracy. */
async function classifierVariant(name: string, cell: CellName, model: tf.LayersModel, params: number, tensors: TextTensors, s: ReturnType<typeof settings>): Promise<PitfallVariant> {
  return trainVariant(name, cell, model, params, tensors, "binaryCrossentropy", s, async (trained) => {
    const scores = predictInBatches(trained, tensors.test.x);
    return classificationMetrics(await tensors.test.y.data(), scores).accuracy;
  });
}

function majorityAccuracy(data: TextData): number {
  const positiveShare = data.train.y.reduce((sum, v) => sum + v, 0) / data.train.y.length;
  const majority = positiveShare >= 0.5 ? 1 : 0;
  return data.test.y.reduce((sum, v) => sum + (v === majority ? 1 : 0), 0) / data.test.y.length;
}

/**
 * Pitfall 3: the same sentiment classifier with pre-padding (the library's default), with post-padding and no
 * mask, and with post-padding and the padding masked out.
 */
export async function measurePaddingStrategy(options: TextPitfallOptions = {}): Promise<PitfallMeasurement> {
  await initBackend();
  const s = settings(options);
  const cell = options.cell ?? "gru";
  const dataset = options.dataset ?? "uci-sentences";
  const vocabSize = options.vocabSize ?? 2000;
  const embeddingDim = options.embeddingDim ?? 16;
  if (options.maxLen !== undefined && (!Number.isInteger(options.maxLen) || options.maxLen < 1)) {
    throw new Error(`measurePaddingStrategy: maxLen must be a positive integer, got ${options.maxLen}`);
  }
  // Fit the vocabulary once first, for the training lengths and the vocabulary size the model needs.
  const probe = prepareTextData(dataset, { maxSize: vocabSize, maxLen: 1 });
  const maxLen = options.maxLen ?? probe.lengths.max;
  const shape = { vocabSize: probe.tokenizer.vocabularySize, maxLen, embeddingDim, units: s.units };
  const params = classifierParamCount(cell, shape);
  const plan: { name: string; padding: "pre" | "post"; masked: boolean }[] = [
    { name: "pre-padding", padding: "pre", masked: false },
    { name: "post-padding, no mask", padding: "post", masked: false },
    { name: "post-padding, masked", padding: "post", masked: true },
  ].filter((step) => options.masked !== false || !step.masked) as { name: string; padding: "pre" | "post"; masked: boolean }[];
  const variants: PitfallVariant[] = [];
  let reference = 0;
  for (const step of plan) {
    // Truncate at the end kept by the padding side, so the two strategies see the same words.
    const data = prepareTextData(dataset, { maxSize: vocabSize, maxLen, padding: step.padding, truncating: step.padding });
    reference = majorityAccuracy(data);
    const model = step.masked ? maskedClassifier(cell, shape, s.seed) : buildSentimentClassifier(cell, { ...shape, seed: s.seed });
    const tensors = textTensors(data);
    try {
      variants.push(await classifierVariant(step.name, cell, model, params, tensors, s));
    } finally {
      tf.dispose(Object.values(tensors).flatMap((p) => [p.x, p.y]));
    }
  }
  return {
    pitfall: "padding",
    task: `${probe.dataset.meta.title}: sentiment from word ids padded to ${maxLen} (median text ${probe.lengths.percentile(50)} words), ${cell.toUpperCase()} with ${s.units} units`,
    metric: "accuracy",
    unit: "fraction correct",
    lowerIsBetter: false,
    variants,
    reference: { name: "majority class", value: reference },
  };
}

/**
 * Pitfall 4: the RNN, the LSTM and the GRU with the same number of units on the same forecasting task: test MAE,
 * parameters and training time side by side.
 */
export async function measureCellChoice(options: ForecastPitfallOptions = {}): Promise<PitfallMeasurement> {
  await initBackend();
  const s = settings(options);
  const data = forecastSetup(options);
  const blocks = blocksOf(data);
  const shape = { lookback: blocks.train.xShape[1], features: blocks.train.xShape[2] };
  const variants: PitfallVariant[] = [];
  for (const cell of CELL_NAMES) {
    const tensors = toTensors(blocks);
    try {
      variants.push(await forecastVariant(cell, cell, tensors, (v) => data.toOriginalUnits(v), shape, s));
    } finally {
      disposeTensors(tensors);
    }
  }
  return {
    pitfall: "cell-choice",
    task: `${data.dataset.meta.title}: next value from the last ${shape.lookback} steps, ${s.units} units per cell`,
    metric: "mae",
    unit: data.dataset.meta.units ?? "",
    lowerIsBetter: true,
    variants,
    reference: { name: "naive (last value)", value: naiveMae(data) },
  };
}

/** Anything with a score and a training cost: a pitfall variant, or a cell's mean over seeds in a suite summary. */
export interface ScoredOption {
  name: string;
  value: number;
  trainSeconds: number;
}

/**
 * The option to choose: among those whose score is within `tolerance` (relative) of the best score, the one that
 * trained fastest ("does as well, costs less"). With tolerance 0 it is the best one.
 *
 *     near = { o : value_o <= best (1 + tolerance) }  (lower is better)   or   value_o >= best (1 - tolerance)
 *     choice = argmin_{o in near} trainSeconds_o
 */
export function cheapestNearBest<T extends ScoredOption>(options: readonly T[], lowerIsBetter: boolean, tolerance: number): T {
  if (!(tolerance >= 0)) throw new Error(`cheapestNearBest: tolerance must be >= 0 (e.g. 0.05 for 5%), got ${tolerance}`);
  const scored = options.filter((o) => Number.isFinite(o.value));
  if (scored.length === 0) throw new Error(`cheapestNearBest: none of ${options.map((o) => o.name).join(", ") || "(no options)"} has a finite score`);
  const best = scored.reduce((a, b) => (lowerIsBetter ? (b.value < a.value ? b : a) : b.value > a.value ? b : a));
  const near = scored.filter((o) => (lowerIsBetter ? o.value <= best.value * (1 + tolerance) : o.value >= best.value * (1 - tolerance)));
  return near.reduce((a, b) => (b.trainSeconds < a.trainSeconds ? b : a));
}

/** The variant a measurement recommends: `cheapestNearBest` over its variants. */
export function cheapestWithin(measurement: PitfallMeasurement, tolerance: number): PitfallVariant {
  if (!measurement.variants.some((v) => Number.isFinite(v.value))) {
    throw new Error(`cheapestWithin: no variant of '${measurement.pitfall}' has a finite score`);
  }
  return cheapestNearBest(measurement.variants, measurement.lowerIsBetter, tolerance);
}

/** What the numbers of one suite task say about the choice of cell. */
export interface CellRecommendation {
  task: string;
  title: string;
  kind: "forecast" | "sentiment";
  metric: string;
  lowerIsBetter: boolean;
  /** The cell with the best mean score over seeds. */
  best: { cell: CellName; value: number; params: number | null; trainSeconds: number };
  /** The fastest-training cell within the tolerance of the best (may be the best itself). */
  choice: { cell: CellName; value: number; params: number | null; trainSeconds: number };
  /** The best baseline on the same metric, and whether the best cell beats it. */
  bestBaseline: { model: string; value: number } | null;
  cellBeatsBaseline: boolean;
}

/**
 * Per task of a suite summary: the best cell, the cheapest cell within `tolerance` of it, and whether any cell beats
 * the best baseline (when none does, the recommendation is the baseline). Tasks without recurrent results are left out.
 */
export function recommendCells(summary: Summary, tolerance: number): CellRecommendation[] {
  const isCell = (model: string): model is CellName => (CELL_NAMES as readonly string[]).includes(model);
  return summary.tasks.flatMap((task) => {
    const scoreOf = (m: ModelSummary) => m.metrics[task.primaryMetric]?.mean ?? Number.NaN;
    const cells = task.models
      .filter((m) => isCell(m.model))
      .map((m) => ({ name: m.model, cell: m.model as CellName, value: scoreOf(m), params: m.params, trainSeconds: m.trainSeconds.mean }))
      .filter((c) => Number.isFinite(c.value));
    if (cells.length === 0) return [];
    const strip = ({ cell, value, params, trainSeconds }: (typeof cells)[number]) => ({ cell, value, params, trainSeconds });
    const best = cheapestNearBest(cells, task.lowerIsBetter, 0);
    const baselines = task.models.filter((m) => !isCell(m.model) && Number.isFinite(scoreOf(m)));
    const bestBaseline = baselines.length === 0 ? null : baselines
      .map((m) => ({ model: m.model, value: scoreOf(m) }))
      .reduce((a, b) => (task.lowerIsBetter ? (b.value < a.value ? b : a) : b.value > a.value ? b : a));
    return [{
      task: task.task,
      title: task.title,
      kind: task.kind,
      metric: task.primaryMetric,
      lowerIsBetter: task.lowerIsBetter,
      best: strip(best),
      choice: strip(cheapestNearBest(cells, task.lowerIsBetter, tolerance)),
      bestBaseline,
      cellBeatsBaseline: bestBaseline === null || (task.lowerIsBetter ? best.value < bestBaseline.value : best.value > bestBaseline.value),
    }];
  });
}
