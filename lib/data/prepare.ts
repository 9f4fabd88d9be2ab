/**
 * One-call pipelines for the common cases, doing each step in the only safe order:
 *
 * forecasting: load -> [differencing: the target becomes d_t = y_t - y_{t-1}, the first row dropped so levels and
 *              changes line up] -> chronological split -> scaler fitted on the training rows of every used column ->
 *              transform all rows -> windows per part (never across a boundary) [-> the same windows on the unscaled
 *              levels, for baselines and scoring in original units] [-> an evenly spaced cap on the training windows];
 * text:        load -> split (the set's fixed split, or a seeded stratified one) [-> stratified subsamples of the
 *              train / test parts] [-> a stratified validation hold-out of the training rows] -> tokenizer fitted on
 *              the (remaining) training texts -> encode -> maxLen from the training length percentile -> pad; the
 *              training rows come in a seeded shuffled order (IMDB is stored negatives first) unless `shuffle` is
 *              false, validation and test rows in split order.
 */
import { loadSeries, loadText } from "./registry";
import { createScaler, type MinMaxScaler, type StandardScaler } from "./scalers";
import { chronologicalSplit, type SeriesSplit, type SplitOptions } from "./split-series";
import { shuffledIndices, stratifiedSplit } from "./split-text";
import { lengthStats, Tokenizer, type LengthStats, type TokenizerOptions } from "./tokenizer";
import { padSequences, type PaddedSequences } from "./padding";
import { splitWindows, type Windows } from "./windows";
import type { CalendarFeature } from "./time";
import type { SeriesDataset, TextDataset } from "./types";

/** Settings of `prepareForecastData`. */
export interface ForecastDataOptions {
  lookback: number;
  horizon: number;
  stride?: number;
  /** Target column(s); default: the data set's target. */
  target?: string | string[];
  /** Extra input columns; default none (univariate). Pass `dataset.meta.features` for all of them. */
  features?: string[];
  calendar?: CalendarFeature[];
  /** Default { train: 0.7, validation: 0.15 } (test gets 0.15). */
  split?: SplitOptions;
  /** Default "standard"; "none" leaves values in original units. */
  scaler?: "standard" | "minmax" | "none";
  /**
   * Model the changes of the target(s), d_t = y_t - y_{t-1}, instead of the levels (trending series such as prices).
   * The first row is dropped from every column so that level and change windows line up; `original` windows hold
   * the levels (rebuild level forecasts as y_T + Σ d̂).
   */
  differencing?: boolean;
  /** Also cut the same windows from the unscaled levels (`original`): baselines and errors in the series' units. */
  originalWindows?: boolean;
  /** Keep at most this many training windows, evenly spaced over the training part (`trainIndices`). */
  maxTrainWindows?: number;
}

/** Everything a forecasting experiment needs, prepared in a leak-free order. */
export interface ForecastData {
  dataset: SeriesDataset;
  split: SeriesSplit;
  /** Fitted on the training rows only; null with scaler "none". */
  scaler: MinMaxScaler | StandardScaler | null;
  /** All used columns, scaled. */
  scaled: Record<string, Float64Array>;
  windows: { train: Windows; validation: Windows; test: Windows };
  targets: string[];
  /** With `originalWindows` or `differencing`: the same windows cut from the unscaled levels. */
  original?: { train: Windows; validation: Windows; test: Windows };
  /** The training windows to use: all, or `maxTrainWindows` evenly spaced ones (so a cap keeps every season). */
  trainIndices: Int32Array;
  /** Each used column's levels, in original units, aligned with the windows (the first row dropped with differencing). */
  levels: Record<string, Float64Array>;
  /**
   * Scaled values of a target column (default: the first) back to original units, for errors in real units.
   * With `differencing` these are changes, not levels.
   */
  toOriginalUnits(values: ArrayLike<number>, column?: string): Float64Array;
}

/** Split, scale (fitted on train) and window a series by name or as loaded. */
export function prepareForecastData(source: string | SeriesDataset, options: ForecastDataOptions): ForecastData {
  const dataset = typeof source === "string" ? loadSeries(source) : source;
  const targets = options.target === undefined ? [dataset.meta.target] : typeof options.target === "string" ? [options.target] : [...options.target];
  const used = [...targets, ...(options.features ?? []).filter((f) => !targets.includes(f))];
  for (const name of used) {
    if (!(name in dataset.columns)) {
      throw new Error(`prepareForecastData: unknown column '${name}': '${dataset.meta.name}' has numeric columns ${Object.keys(dataset.columns).join(", ")}`);
    }
  }
  const offset = options.differencing ? 1 : 0;
  const levels: Record<string, Float64Array> = {};
  for (const name of used) levels[name] = dataset.columns[name].subarray(offset);
  const columns: Record<string, Float64Array> = { ...levels };
  if (options.differencing) {
    for (const name of targets) {
      const y = dataset.columns[name];
      columns[name] = Float64Array.from({ length: y.length - 1 }, (_, r) => y[r + 1] - y[r]);
    }
  }
  const split = chronologicalSplit(offset === 0 ? dataset : dataset.length - offset, options.split ?? { train: 0.7, validation: 0.15 });
  const kind = options.scaler ?? "standard";
  const scaler = kind === "none" ? null : createScaler(kind).fit(columns, split.train);
  const scaled = scaler ? scaler.transform(columns) : columns;
  const time = dataset.time && offset > 0 ? dataset.time.slice(offset) : dataset.time;
  const windowOptions = {
    lookback: options.lookback,
    horizon: options.horizon,
    stride: options.stride,
    target: targets,
    features: options.features,
    calendar: options.calendar,
  };
  const windows = splitWindows({ columns: scaled, time }, split, windowOptions);
  const original = options.originalWindows || options.differencing ? splitWindows({ columns: levels, time }, split, windowOptions) : undefined;
  const count = windows.train.count;
  if (options.maxTrainWindows !== undefined && !(Number.isInteger(options.maxTrainWindows) && options.maxTrainWindows >= 1)) {
    throw new Error(`prepareForecastData: maxTrainWindows must be a positive integer, got ${options.maxTrainWindows}`);
  }
  const keep = Math.min(count, options.maxTrainWindows ?? count);
  const trainIndices = Int32Array.from({ length: keep }, (_, i) => Math.floor((i * count) / keep));
  return {
    dataset,
    split,
    scaler,
    scaled,
    windows,
    targets,
    original,
    trainIndices,
    levels,
    toOriginalUnits: (values, column = targets[0]) => (scaler ? scaler.inverseTransformColumn(column, values) : Float64Array.from(values)),
  };
}

/** Settings of `prepareTextData`. */
export interface TextDataOptions extends TokenizerOptions {
  /** Padded length; default: the `maxLenPercentile` of the training lengths. */
  maxLen?: number;
  /** Percentile of training lengths used as maxLen when maxLen is not given (default 90). */
  maxLenPercentile?: number;
  padding?: "pre" | "post";
  truncating?: "pre" | "post";
  /** Split when the set has no fixed one (or to override it); default { testFraction: 0.2, seed: 0 }. */
  split?: { testFraction: number; seed: number };
  /** Seed of the training order (default: the split seed). */
  shuffleSeed?: number;
  /** Shuffle the training rows (default true); false keeps them in split order. */
  shuffle?: boolean;
  /** Keep at most `train` training and `test` test texts, stratified by label (seeds `seed` and `seed + 1`). */
  subsample?: { train?: number; test?: number; seed: number };
  /** Hold out a stratified `fraction` of the training rows for validation (before the tokenizer is fitted). */
  validation?: { fraction: number; seed: number };
}

/** One part of a prepared text set: padded ids [n, maxLen], labels as float32 0/1, and the source rows. */
export interface TextPart {
  x: PaddedSequences;
  y: Float32Array;
  rows: Int32Array;
}

/** Everything a sentiment experiment needs, prepared in a leak-free order. */
export interface TextData {
  dataset: TextDataset;
  tokenizer: Tokenizer;
  /** Token-length statistics of the training texts. */
  lengths: LengthStats;
  maxLen: number;
  train: TextPart;
  /** With the `validation` option: the held-out training rows. */
  validation?: TextPart;
  test: TextPart;
}

/** Keep at most `max` of `rows`, stratified by label and seeded. */
function subsampleRows(rows: Int32Array, labels: ArrayLike<number>, max: number | undefined, seed: number): Int32Array {
  if (max === undefined || rows.length <= max) return rows;
  const { test } = stratifiedSplit(Int32Array.from(rows, (i) => labels[i]), { testFraction: max / rows.length, seed });
  return Int32Array.from(test, (k) => rows[k]);
}

/** Split, fit the tokenizer on the training texts, encode and pad a text set by name or as loaded. */
export function prepareTextData(source: string | TextDataset, options: TextDataOptions = {}): TextData {
  const dataset = typeof source === "string" ? loadText(source) : source;
  const splitOptions = options.split ?? (dataset.split ? undefined : { testFraction: 0.2, seed: 0 });
  const split = splitOptions ? { ...stratifiedSplit(dataset.labels, splitOptions), seed: splitOptions.seed } : dataset.split!;
  let trainRows = subsampleRows(split.train, dataset.labels, options.subsample?.train, options.subsample?.seed ?? 0);
  const testRows = subsampleRows(split.test, dataset.labels, options.subsample?.test, (options.subsample?.seed ?? 0) + 1).slice();
  let validationRows: Int32Array | undefined;
  if (options.validation) {
    const held = stratifiedSplit(Int32Array.from(trainRows, (i) => dataset.labels[i]), { testFraction: options.validation.fraction, seed: options.validation.seed });
    validationRows = Int32Array.from(held.test, (k) => trainRows[k]);
    trainRows = Int32Array.from(held.train, (k) => trainRows[k]);
  }
  if (options.shuffle !== false) trainRows = shuffledIndices(trainRows, options.shuffleSeed ?? split.seed);
  const { minCount, lowercase, stripHtml, punctuation } = options;
  const tokenizer = new Tokenizer({ minCount, lowercase, stripHtml, punctuation, maxSize: options.maxSize ?? 10000 }).fit(Array.from(trainRows, (i) => dataset.texts[i]));
  const encode = (rows: Int32Array) => Array.from(rows, (i) => tokenizer.encode(dataset.texts[i]));
  const trainIds = encode(trainRows);
  const lengths = lengthStats(trainIds);
  const maxLen = options.maxLen ?? Math.max(1, lengths.percentile(options.maxLenPercentile ?? 90));
  const pad = { maxLen, padding: options.padding, truncating: options.truncating };
  const part = (rows: Int32Array, ids: Int32Array[]): TextPart => ({
    x: padSequences(ids, pad),
    y: Float32Array.from(rows, (i) => dataset.labels[i]),
    rows,
  });
  return {
    dataset,
    tokenizer,
    lengths,
    maxLen,
    train: part(trainRows, trainIds),
    ...(validationRows ? { validation: part(validationRows, encode(validationRows)) } : {}),
    test: part(testRows, encode(testRows)),
  };
}
