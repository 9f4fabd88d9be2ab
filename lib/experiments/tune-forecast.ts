/**
 * Tuning a forecaster on validation data: for a series and a horizon, train every setting of a grid (cell or MLP,
 * lookback, size, learning rate, window reference, linear skip, calendar inputs) with each seed, and score it on the
 * validation part and the test part in original units. The baselines (naive, seasonal naive, linear AR at every
 * lookback of the grid) are scored on the same windows. Choices come from `pickByValidation` (tune.ts).
 *
 * Data: prepareForecastData (chronological split, scaler fitted on the training rows, windows per part). MASE is
 * scaled by the in-sample seasonal-naive error of the training rows, with the season given or inferred from the
 * time column (inferSeason). Parameter budgets are matched to an LSTM of `size` units, as the built-in suite does.
 */
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { CELL_NAMES, type CellName } from "../cells/types";
import { prepareForecastData, type ForecastData } from "../data/prepare";
import { loadSeries } from "../data/registry";
import { inferSeason, type CalendarFeature } from "../data/time";
import type { SeriesDataset } from "../data/types";
import type { WindowBlock, Windows } from "../data/windows";
import { fitLinearAutoregression, naiveForecast, seasonalNaiveForecast } from "../models/forecast-baselines";
import { buildForecaster, forecasterParamCount } from "../models/forecaster";
import { initLinearSkipLeastSquares } from "../models/linear-skip-init";
import { buildMlpForecaster, mlpHiddenForBudget } from "../models/mlp-forecaster";
import { unitsForParamBudget } from "../models/params";
import type { WindowReferenceKind } from "../models/window-layers";
import { predictInBatches, trainModel } from "../train/fit";
import { forecastMetrics } from "../train/metrics";
import { runTuningGrid, type GridRunOptions, type Trial, type TuningRecord } from "./tune";

/** The data side of a forecasting tuning run. */
export interface ForecastTuneData {
  name: string;
  /** A registered data set name or a loaded series. */
  source: string | SeriesDataset;
  target?: string;
  horizon: number;
  /** Seasonal period for seasonal naive and MASE; default: inferred from the time column. */
  season?: number;
  validationFraction: number;
  testFraction: number;
  /** Keep at most this many training windows, evenly spaced over the training part. */
  maxTrainWindows?: number;
}

/** One point of the grid. */
export interface ForecastSetting {
  model: CellName | "mlp";
  lookback: number;
  /** Size as the units of an LSTM: other cells and the MLP get the closest parameter count. */
  size: number;
  learningRate: number;
  reference: WindowReferenceKind;
  /** Lags of the linear skip (0 = off). */
  linearSkip: number;
  /** Start the linear skip from the least-squares AR fit and the head at zero ("least-squares"), or randomly. */
  skipInit?: "random" | "least-squares";
  /** false: keep the linear skip fixed (a frozen linear AR; the network learns only the correction). Default true. */
  skipTrainable?: boolean;
  calendar: CalendarFeature[];
  epochs: number;
  patience: number;
  batchSize: number;
}

interface Prepared {
  data: ForecastData;
  trainIndices: Int32Array;
}

const SCORES = (m: { mae: number; rmse: number; mase: number }) => ({ mase: m.mase, mae: m.mae, rmse: m.rmse });

/** Data prepared once per (lookback, calendar); trials reuse it. */
export class ForecastTuner {
  readonly spec: ForecastTuneData;
  readonly series: SeriesDataset;
  readonly season: number;
  readonly seasonReason: string;
  private readonly cache = new Map<string, Prepared>();

  constructor(spec: ForecastTuneData) {
    this.spec = spec;
    this.series = typeof spec.source === "string" ? loadSeries(spec.source) : spec.source;
    const inferred = inferSeason(this.series.time, spec.season);
    this.season = inferred.season;
    this.seasonReason = inferred.reason;
  }

  /**
   * What the trials' data is, for their keys in the run store: sha256 of the series' content (every column and the
   * time stamps) and of the preprocessing settings (target, horizon, season, split fractions, window cap).
   */
  dataKey(): string {
    const hash = createHash("sha256");
    const { source: _source, name: _name, ...preprocessing } = this.spec;
    hash.update(JSON.stringify(preprocessing));
    hash.update(JSON.stringify(this.series.time?.map((t) => t.getTime()) ?? null));
    for (const name of Object.keys(this.series.columns).sort()) {
      const column = this.series.columns[name];
      hash.update(name).update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    }
    return hash.digest("hex");
  }

  private prepared(lookback: number, calendar: CalendarFeature[]): Prepared {
    const key = `${lookback}|${calendar.join(",")}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { spec } = this;
    const data = prepareForecastData(this.series, {
      lookback,
      horizon: spec.horizon,
      target: spec.target,
      calendar,
      split: { train: 1 - spec.validationFraction - spec.testFraction, validation: spec.validationFraction },
    });
    const count = data.windows.train.count;
    const keep = Math.min(count, spec.maxTrainWindows ?? count);
    const trainIndices = Int32Array.from({ length: keep }, (_, i) => Math.floor((i * count) / keep));
    const prepared = { data, trainIndices };
    this.cache.set(key, prepared);
    return prepared;
  }

  /** The target's training rows in original units (the MASE scale). */
  private trainSeries(data: ForecastData): Float64Array {
    const column = this.series.columns[data.targets[0]];
    return Float64Array.from(column.subarray(data.split.train.start, data.split.train.end));
  }

  private score(data: ForecastData, block: WindowBlock, scaledPredictions: ArrayLike<number>) {
    const actual = data.toOriginalUnits(block.y);
    const predicted = data.toOriginalUnits(scaledPredictions);
    return SCORES(forecastMetrics(actual, predicted, this.trainSeries(data), this.season));
  }

  /** Train one setting with one seed; score it on validation and test. */
  async trial(setting: ForecastSetting, seed: number): Promise<Trial<ForecastSetting>> {
    const { data, trainIndices } = this.prepared(setting.lookback, setting.calendar);
    const features = data.windows.train.inputSize;
    const shape = { lookback: setting.lookback, features, horizon: this.spec.horizon, reference: setting.reference, linearSkip: setting.linearSkip };
    const budget = forecasterParamCount("lstm", { ...shape, units: setting.size });
    let model: tf.LayersModel;
    if (setting.model === "mlp") {
      model = buildMlpForecaster({ ...shape, hidden: mlpHiddenForBudget(budget, shape), seed });
    } else {
      const cell = setting.model;
      if (!CELL_NAMES.includes(cell)) throw new Error(`tune: model '${String(cell)}' is unknown: use rnn, lstm, gru or mlp`);
      const units = cell === "lstm" ? setting.size : unitsForParamBudget(budget, (u) => forecasterParamCount(cell, { ...shape, units: u }));
      model = buildForecaster(cell, { ...shape, units, seed });
    }
    const toTensors = (b: WindowBlock) => ({ x: tf.tensor3d(b.x, b.xShape), y: tf.tensor2d(b.y, b.yShape) });
    const trainBlock = data.windows.train.block(0, trainIndices.length, trainIndices);
    const validationBlock = data.windows.validation.block();
    const testBlock = data.windows.test.block();
    const train = toTensors(trainBlock);
    const validation = toTensors(validationBlock);
    const testX = tf.tensor3d(testBlock.x, testBlock.xShape);
    if (setting.linearSkip > 0 && setting.skipInit === "least-squares") {
      // Fitted on every training window (not only the capped subset), as the linear-AR baseline is.
      const all = data.windows.train.block();
      initLinearSkipLeastSquares(model, all, setting.reference);
    }
    if (setting.skipTrainable === false) model.getLayer("linear_skip").trainable = false;
    try {
      const result = await trainModel(model, train, validation, {
        loss: "mse",
        epochs: setting.epochs,
        patience: setting.patience,
        batchSize: setting.batchSize,
        learningRate: setting.learningRate,
        clipNorm: 1,
        seed,
        progress: false,
      });
      return {
        setting,
        seed,
        validation: this.score(data, validationBlock, predictInBatches(model, validation.x)),
        test: this.score(data, testBlock, predictInBatches(model, testX)),
        params: model.countParams(),
        trainSeconds: result.trainSeconds,
        epochsRun: result.epochsRun,
        bestEpoch: result.bestEpoch,
      };
    } finally {
      model.dispose();
      tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
    }
  }

  /** Naive, seasonal naive and linear AR (order = lookback, fitted on every training window) at one lookback. */
  baselines(lookback: number): TuningRecord<ForecastSetting>["baselines"] {
    const { data } = this.prepared(lookback, []);
    const horizon = this.spec.horizon;
    const lookbacks = (w: Windows) => {
      const b = w.block();
      const [count, steps, inputs] = b.xShape;
      const scaledTargets = Float64Array.from({ length: count * steps }, (_, k) => b.x[k * inputs]);
      const original = data.toOriginalUnits(scaledTargets);
      return { block: b, windows: Array.from({ length: count }, (_, i) => original.subarray(i * steps, (i + 1) * steps)) };
    };
    const train = lookbacks(data.windows.train);
    const trainY = data.toOriginalUnits(train.block.y);
    const ar = fitLinearAutoregression(train.windows, train.windows.map((_, i) => trainY.subarray(i * horizon, (i + 1) * horizon)));
    const forecasters: Record<string, (w: Float64Array) => number[]> = {
      naive: (w) => naiveForecast(w, horizon),
      ...(this.season > 1 && lookback >= this.season ? { "seasonal-naive": (w: Float64Array) => seasonalNaiveForecast(w, horizon, this.season) } : {}),
      "linear-ar": (w) => ar.predict(w),
    };
    const parts = { validation: lookbacks(data.windows.validation), test: lookbacks(data.windows.test) };
    return Object.entries(forecasters).map(([name, forecast]) => {
      const scorePart = (p: { block: WindowBlock; windows: Float64Array[] }) => {
        const predicted = Float64Array.from(p.windows.flatMap((w) => forecast(w)));
        return SCORES(forecastMetrics(data.toOriginalUnits(p.block.y), predicted, this.trainSeries(data), this.season));
      };
      return { name, setting: { lookback }, validation: scorePart(parts.validation), test: scorePart(parts.test) };
    });
  }
}

/** Every combination of the grid's values: `{ a: [1, 2], b: ["x"] }` -> `[{ a: 1, b: "x" }, { a: 2, b: "x" }]`. */
export function expandGrid<S extends object>(grid: { [K in keyof S]: S[K][] }): S[] {
  let settings: Partial<S>[] = [{}];
  for (const key of Object.keys(grid) as (keyof S)[]) {
    settings = settings.flatMap((partial) => grid[key].map((value) => ({ ...partial, [key]: value })));
  }
  return settings as S[];
}

/**
 * Run every setting with every seed (one at a time), then pick per model by validation MASE. With `runsDir` each
 * trial is stored in the run store as it finishes and a rerun skips the stored ones; with `file` the choice record is
 * rewritten atomically after each trial (runTuningGrid, tune.ts).
 */
export async function runForecastTuning(
  spec: ForecastTuneData,
  settings: ForecastSetting[],
  seeds: number[],
  options: Omit<GridRunOptions, "dataKey"> = {},
): Promise<TuningRecord<ForecastSetting>> {
  const tuner = new ForecastTuner(spec);
  const objective = { metric: "mase", lowerIsBetter: true };
  const baselines = [...new Set(settings.map((s) => s.lookback))].flatMap((lookback) => tuner.baselines(lookback));
  return runTuningGrid(spec.name, objective, settings, seeds, (setting, seed) => tuner.trial(setting, seed), (s) => s.model, baselines, {
    ...options,
    dataKey: tuner.dataKey(),
  });
}
