/**
 * One forecasting job: load the series and prepare it through the data room's one path (prepareForecastData: split
 * chronologically, standardise every column with training-row statistics, cut lookback -> horizon windows inside
 * each part, also in original units), then train a recurrent forecaster or fit a baseline and score its test
 * forecasts in the series' original units.
 *
 * Every model sees the same test windows. MASE is scaled by the seasonal-naive error on the training rows.
 *
 * With `differencing`, the recurrent models read and predict the changes d_t = y_t - y_{t-1} (standardised),
 * and the level forecast is rebuilt from the last observed value y_T:  ŷ_{T+k} = y_T + Σ_{j=1..k} d̂_{T+j}.
 * The first row is dropped so that level and change windows line up; baselines always work on levels.
 *
 * Anchoring (`task.modelOptions`, chosen by validation: docs/tuning-log.md): a per-window reference and a linear
 * skip, which with skipInit "least-squares" starts from the least-squares AR on the scaled training windows (the
 * windows the linear-AR baseline is fit on, not only the network's training subset) with the head at zero;
 * skipTrainable false freezes the skip, so the network learns only the correction to the linear AR. The "mlp" baseline is the same anchored
 * forecaster with an MLP instead of the recurrent layer, parameters matched to the reference cell.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { CELL_NAMES } from "../cells/types";
import { loadCsv } from "../data/load";
import { loadSeries } from "../data/registry";
import { prepareForecastData } from "../data/prepare";
import type { StandardScaler } from "../data/scalers";
import type { SeriesSplit } from "../data/split-series";
import type { SeriesDataset } from "../data/types";
import { evenlySpacedIndices, type WindowBlock, type Windows } from "../data/windows";
import { buildForecaster, forecasterParamCount } from "../models/forecaster";
import { fitLinearAutoregression, naiveForecast, seasonalNaiveForecast } from "../models/forecast-baselines";
import { initLinearSkipLeastSquares } from "../models/linear-skip-init";
import { buildMlpForecaster, mlpHiddenForBudget } from "../models/mlp-forecaster";
import { unitsForParamBudget } from "../models/params";
import type { EpochInfo } from "../train/fit";
import type { BatchedInputs } from "../train/evaluate";
import { trainAndPredict } from "../train/harness";
import { forecastMetrics } from "../train/metrics";
import type { ForecastModelOptions, ForecastTask, Job, ModelSizing, RunRecord } from "./types";

/**
 * Caps that bound the cost of a large series at tiny and quick scale (tasks with `maxTrainWindows`): the validation
 * loss of every epoch is scored on at most VALIDATION_WINDOW_CAP evenly spaced validation windows, and the linear-AR
 * baseline (and a least-squares skip's start) is fit on at most AR_FIT_WINDOW_CAP evenly spaced training windows.
 * The test score always uses every test window. The built-in tasks have fewer windows than either cap (births, the largest: about 1,100 validation and
 * 5,100 training windows), so their results do not change.
 */
export const VALIDATION_WINDOW_CAP = 2000;
export const AR_FIT_WINDOW_CAP = 20000;

/** All of `windows`, or an evenly spaced sample of `cap` of them when there are more and the task is capped. */
export function cappedBlock(task: Pick<ForecastTask, "maxTrainWindows">, windows: Windows, cap: number): WindowBlock {
  if (task.maxTrainWindows === undefined || windows.count <= cap) return windows.block();
  const indices = evenlySpacedIndices(windows.count, cap);
  return windows.block(0, indices.length, indices);
}

/** A task's data, prepared once per process and shared by all its jobs. */
export interface PreparedForecast {
  task: ForecastTask;
  series: SeriesDataset;
  target: string;
  features: string[];
  split: SeriesSplit;
  /** Windows of the standardised columns (model inputs) and of the original columns (baselines, scoring). */
  scaled: { train: Windows; validation: Windows; test: Windows };
  original: { train: Windows; validation: Windows; test: Windows };
  /** Training windows used (evenly spaced when capped by maxTrainWindows). */
  trainIndices: Int32Array;
  /** Mean and std of the modelled target (level, or change with differencing) on the training rows. */
  targetScale: { mean: number; std: number };
  /** The target's training rows in original units (MASE scale). */
  trainSeries: Float64Array;
}

function loadTaskSeries(task: ForecastTask): SeriesDataset {
  const d = task.data;
  if (d.dataset) return loadSeries(d.dataset);
  if (!d.csv) throw new Error(`task ${task.name}: give data.dataset or data.csv`);
  return loadCsv(d.csv, { target: d.target, time: d.time, features: d.features, missing: d.missing, ...(d.delimiter ? { delimiter: d.delimiter } : {}) });
}

/** Check the task's numbers before any data is touched, so a bad flag fails before anything runs. */
export function validateForecastTask(task: ForecastTask): void {
  const positive = { lookback: task.lookback, horizon: task.horizon, season: task.season };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`task ${task.name}: ${name} must be a positive integer, got ${value}`);
  }
  if (task.lookback < task.season) {
    throw new Error(
      `task ${task.name}: lookback ${task.lookback} is shorter than the season ${task.season}: the seasonal-naive baseline needs lookback >= season`,
    );
  }
}

export function prepareForecast(task: ForecastTask): PreparedForecast {
  validateForecastTask(task);
  const series = loadTaskSeries(task);
  const target = task.data.target ?? series.meta.target;
  const features = task.data.features ?? [];
  for (const [what, name] of [["target", target], ...features.map((f) => ["feature", f])]) {
    if (!(name in series.columns)) {
      throw new Error(`task ${task.name}: unknown ${what} column '${name}': the series has ${Object.keys(series.columns).join(", ")}`);
    }
  }
  const data = prepareForecastData(series, {
    lookback: task.lookback,
    horizon: task.horizon,
    target,
    features,
    split: { train: 1 - task.validationFraction - task.testFraction, validation: task.validationFraction },
    scaler: "standard",
    differencing: task.differencing,
    originalWindows: true,
    maxTrainWindows: task.maxTrainWindows,
  });
  const stats = (data.scaler as StandardScaler).stats[target];
  return {
    task,
    series,
    target,
    features,
    split: data.split,
    scaled: data.windows,
    original: data.original!,
    trainIndices: data.trainIndices,
    targetScale: { mean: stats.mean, std: stats.std > 0 ? stats.std : 1 },
    trainSeries: data.levels[target].slice(data.split.train.start, data.split.train.end),
  };
}

/** Units for `cell` under the task's sizing rule (`anchor`: the cell's reference and skip, which add parameters). */
export function forecastUnits(
  cell: CellName,
  sizing: ModelSizing,
  features: number,
  horizon: number,
  anchor: { lookback?: number; linearSkip?: number } = {},
): number {
  if (sizing.sizing === "equal-units" || cell === sizing.referenceCell) return sizing.units;
  const shape = { lookback: anchor.lookback ?? 1, features, horizon, layers: sizing.layers ?? 1, linearSkip: anchor.linearSkip ?? 0 };
  const budget = forecasterParamCount(sizing.referenceCell, { ...shape, units: sizing.units });
  return unitsForParamBudget(budget, (units) => forecasterParamCount(cell, { ...shape, units }));
}

/**
 * Level forecasts from predicted changes: ŷ_{T+k} = y_T + Σ_{j=1..k} d̂_{T+j} for each window, where
 * `changes` holds `horizon` predicted changes per window and `lastLevels` each window's last observed value.
 */
export function levelsFromChanges(lastLevels: ArrayLike<number>, changes: ArrayLike<number>, horizon: number): Float64Array {
  const levels = new Float64Array(changes.length);
  for (let i = 0; i < lastLevels.length; i++) {
    let level = lastLevels[i];
    for (let k = 0; k < horizon; k++) {
      level += changes[i * horizon + k];
      levels[i * horizon + k] = level;
    }
  }
  return levels;
}

/** Windows per chunk when a whole test part is scored: one reused buffer of this many windows, no object per window. */
export const SCORING_BATCH = 4096;

/**
 * Visit every window of `windows` in order, SCORING_BATCH at a time, each chunk copied into one reused buffer:
 * `visit(x, first, size)` sees windows first .. first + size - 1 as x [size, lookback, inputs].
 */
function forEachWindowChunk(windows: Windows, visit: (x: Float32Array, first: number, size: number) => void): void {
  const buffer = new Float32Array(Math.min(SCORING_BATCH, windows.count) * windows.lookback * windows.inputSize);
  for (let first = 0; first < windows.count; first += SCORING_BATCH) {
    const size = Math.min(SCORING_BATCH, windows.count - first);
    windows.fill(first, first + size, { x: buffer });
    visit(buffer, first, size);
  }
}

/** The targets of every window, [count, horizon * targets], without materialising the inputs. */
function allTargets(windows: Windows): Float32Array {
  const y = new Float32Array(windows.count * windows.outputSize);
  windows.fill(0, windows.count, { y });
  return y;
}

/**
 * A forecast per window from the window's lookback of the target (input column 0, original units), written into
 * one flat array [count, horizon]: the baselines over a whole test part, one reused lookback buffer.
 */
function forecastEachWindow(windows: Windows, horizon: number, forecast: (lookback: Float32Array) => ArrayLike<number>): Float64Array {
  const { lookback, inputSize } = windows;
  const out = new Float64Array(windows.count * horizon);
  const values = new Float32Array(lookback);
  forEachWindowChunk(windows, (x, first, size) => {
    for (let k = 0; k < size; k++) {
      for (let t = 0; t < lookback; t++) values[t] = x[(k * lookback + t) * inputSize];
      const f = forecast(values);
      for (let h = 0; h < horizon; h++) out[(first + k) * horizon + h] = f[h];
    }
  });
  return out;
}

/** The target values of each window's lookback (input column 0) in original units. */
function targetLookbacks(block: WindowBlock): Float32Array[] {
  const [count, lookback, inputs] = block.xShape;
  return Array.from({ length: count }, (_, i) => {
    const values = new Float32Array(lookback);
    for (let t = 0; t < lookback; t++) values[t] = block.x[(i * lookback + t) * inputs];
    return values;
  });
}

/** A stretch of the test period for the forecast-vs-actual chart: consecutive forecasts, one every `horizon` steps. */
function testSample(actual: Float32Array, predicted: ArrayLike<number>, horizon: number): RunRecord["sample"] {
  const windows = actual.length / horizon;
  const points = Math.min(Math.max(4 * horizon, 240), 480);
  const a: number[] = [];
  const p: number[] = [];
  for (let w = 0; w < windows && a.length < points; w += horizon) {
    for (let k = 0; k < horizon; k++) {
      a.push(actual[w * horizon + k]);
      p.push(predicted[w * horizon + k]);
    }
  }
  const note = horizon === 1 ? "one-step forecasts at the start of the test period" : `${horizon}-step forecasts made every ${horizon} steps`;
  return { actual: a, predicted: p, note };
}

/** A model's anchor options with the task's defaults filled in (none when the task gives none). */
export function forecastAnchor(task: ForecastTask, model: CellName | "mlp"): Required<ForecastModelOptions> {
  const o = task.modelOptions?.[model] ?? {};
  return { reference: o.reference ?? "none", linearSkip: o.linearSkip ?? 0, skipInit: o.skipInit ?? "random", skipTrainable: o.skipTrainable ?? true };
}

/** Build a recurrent forecaster (or the MLP baseline) with the task's anchoring, least-squares skip start included. */
function buildAnchoredModel(prepared: PreparedForecast, name: CellName | "mlp", seed: number): { model: tf.LayersModel; units: number | null } {
  const { task, scaled } = prepared;
  const anchor = forecastAnchor(task, name);
  const shape = { lookback: task.lookback, features: scaled.train.inputSize, horizon: task.horizon, reference: anchor.reference, linearSkip: anchor.linearSkip };
  let model: tf.LayersModel;
  let units: number | null = null;
  if (name === "mlp") {
    // Matched to the reference cell's recurrent part and head (a linear skip adds the same count to both sides).
    const budget = forecasterParamCount(task.model.referenceCell, { ...shape, units: task.model.units, layers: task.model.layers ?? 1 });
    model = buildMlpForecaster({ ...shape, hidden: mlpHiddenForBudget(budget, shape), seed });
  } else {
    units = forecastUnits(name, task.model, scaled.train.inputSize, task.horizon, shape);
    model = buildForecaster(name, { ...shape, units, layers: task.model.layers ?? 1, dropout: task.model.dropout ?? 0, seed });
  }
  if (anchor.linearSkip > 0 && anchor.skipInit === "least-squares") {
    initLinearSkipLeastSquares(model, cappedBlock(task, scaled.train, AR_FIT_WINDOW_CAP), anchor.reference);
  }
  if (anchor.linearSkip > 0 && !anchor.skipTrainable) model.getLayer("linear_skip").trainable = false;
  return { model, units };
}

async function runRecurrent(
  prepared: PreparedForecast,
  cell: CellName | "mlp",
  seed: number,
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>,
): Promise<Omit<RunRecord, "backend" | "finishedAt">> {
  const { task, scaled, original, trainIndices, targetScale } = prepared;
  const { model, units } = buildAnchoredModel(prepared, cell, seed);
  const toTensors = (block: WindowBlock) => ({ x: tf.tensor3d(block.x, block.xShape), y: tf.tensor2d(block.y, block.yShape) });
  const train = toTensors(scaled.train.block(0, trainIndices.length, trainIndices));
  const validation = toTensors(cappedBlock(task, scaled.validation, VALIDATION_WINDOW_CAP));
  // Every test window is scored, built per batch into one buffer (a long series has hundreds of thousands).
  const testX: BatchedInputs = {
    count: scaled.test.count,
    exampleShape: [scaled.test.lookback, scaled.test.inputSize],
    fill: (from, to, into) => scaled.test.fill(from, to, { x: into }),
  };
  try {
    const { result, predictions: scaledPredictions, params } = await trainAndPredict(
      model,
      { train, validation, testX },
      { loss: "mse", ...task.training, seed, label: `${task.name} ${cell} seed ${seed}`, onEpochEnd },
      { batchSize: SCORING_BATCH },
    );
    const predicted = Float64Array.from(scaledPredictions, (v) => v * targetScale.std + targetScale.mean);
    if (task.differencing) {
      const lastLevels = forecastEachWindow(original.test, 1, (w) => [w[w.length - 1]]);
      predicted.set(levelsFromChanges(lastLevels, predicted, task.horizon));
    }
    const actual = allTargets(original.test);
    return {
      complete: true,
      task: task.name,
      kind: "forecast",
      model: cell,
      seed,
      metrics: { ...forecastMetrics(actual, predicted, prepared.trainSeries, task.season) },
      params,
      units,
      trainSeconds: result.trainSeconds,
      sequencesPerSecond: result.sequencesPerSecond,
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
      sample: testSample(actual, predicted, task.horizon),
    };
  } finally {
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
}

function runBaseline(prepared: PreparedForecast, name: string, seed: number): Omit<RunRecord, "backend" | "finishedAt"> {
  const { task, original } = prepared;
  const started = performance.now();
  let predicted: Float64Array;
  let params: number | null = null;
  if (name === "naive") predicted = forecastEachWindow(original.test, task.horizon, (w) => naiveForecast(w, task.horizon));
  else if (name === "seasonal-naive") predicted = forecastEachWindow(original.test, task.horizon, (w) => seasonalNaiveForecast(w, task.horizon, task.season));
  else if (name === "linear-ar") {
    const train = cappedBlock(task, original.train, AR_FIT_WINDOW_CAP);
    const targets = Array.from({ length: train.count }, (_, i) => train.y.subarray(i * task.horizon, (i + 1) * task.horizon));
    const ar = fitLinearAutoregression(targetLookbacks(train), targets);
    predicted = forecastEachWindow(original.test, task.horizon, (w) => ar.predict(w));
    params = task.horizon * (ar.order + 1);
  } else throw new Error(`task ${task.name}: '${name}' is not a forecasting model: use rnn, lstm, gru, mlp, naive, seasonal-naive or linear-ar`);
  const actual = allTargets(original.test);
  return {
    complete: true,
    task: task.name,
    kind: "forecast",
    model: name as RunRecord["model"],
    seed,
    metrics: { ...forecastMetrics(actual, predicted, prepared.trainSeries, task.season) },
    params,
    units: null,
    trainSeconds: (performance.now() - started) / 1000,
    sequencesPerSecond: null,
    sample: testSample(actual, predicted, task.horizon),
  };
}

/** Run one (task, model, seed) job on prepared data; the caller adds backend and finishedAt. `onEpochEnd` sees
 * every epoch of a recurrent model (for live learning curves in a notebook). */
export async function runForecastJob(
  prepared: PreparedForecast,
  job: Job,
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>,
): Promise<Omit<RunRecord, "backend" | "finishedAt">> {
  if ((CELL_NAMES as readonly string[]).includes(job.model)) return runRecurrent(prepared, job.model as CellName, job.seed, onEpochEnd);
  if (job.model === "mlp") return runRecurrent(prepared, "mlp", job.seed, onEpochEnd);
  return runBaseline(prepared, job.model, job.seed);
}
