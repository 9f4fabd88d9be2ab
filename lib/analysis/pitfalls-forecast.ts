/**
 * Four common mistakes with recurrent networks (this file: the three forecasting ones; pitfalls-text.ts: padding), each measured as a side-by-side: the same model, data and
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
 *                         `cheapestNearBest` / `recommendCells` (experiments/recommend.ts) turn measured scores
 *                         and costs into a choice (notebook 10 applies them to every experiment's results).
 *
 * Every measurement trains through rw.train.trainModel (Adam, gradient clipping, early stopping on a validation
 * part that precedes the test part) and scores on held-out data; errors of forecasts are in the series' units.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { CELL_NAMES, type CellName } from "../cells/types";
import { type ForecastData, prepareForecastData } from "../data/prepare";
import type { WindowBlock } from "../data/windows";
import { buildForecaster, forecasterParamCount } from "../models/forecaster";
import { createRng } from "../random";
import { meanAbsoluteError } from "../train/metrics";
import {
  type ForecastPitfallOptions,
  type PitfallMeasurement,
  type PitfallSettings,
  type PitfallVariant,
  settings,
  trainVariant,
} from "./pitfall-common";

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
 * Train one forecaster on `tensors` and return its test MAE in the series' units; `toUnits` maps the model's
 * outputs (and the test targets) back to them.
 */
async function forecastVariant(
  name: string,
  cell: CellName,
  tensors: ForecastTensors,
  toUnits: (values: ArrayLike<number>) => ArrayLike<number>,
  shape: { lookback: number; features: number },
  s: PitfallSettings,
): Promise<PitfallVariant> {
  const model = buildForecaster(cell, { lookback: shape.lookback, features: shape.features, units: s.units, seed: s.seed });
  const params = forecasterParamCount(cell, { lookback: shape.lookback, features: shape.features, units: s.units });
  return trainVariant(name, cell, model, params, tensors, "mse", s, async (predictions) => {
    const actual = toUnits(await tensors.test.y.data());
    return meanAbsoluteError(actual, toUnits(predictions));
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

