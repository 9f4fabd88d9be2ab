/**
 * The vocabulary of experiments: a task (data + preprocessing + model size + training settings), a suite
 * (tasks x models x seeds at one scale), a job (one task, model and seed) and the run record a job returns.
 */
import type { CellName } from "../cells/types";
import type { DataFingerprint, Provenance } from "./provenance";
import type { LanguageModelTask } from "./language-model-task";
import type { Seq2SeqTask } from "./seq2seq-task";

/** "mlp" (the non-recurrent neural baseline on the same window) runs only for tasks with `mlpBaseline`. */
export const FORECAST_BASELINES = ["naive", "seasonal-naive", "linear-ar", "mlp"] as const;
export const SENTIMENT_BASELINES = ["majority", "bow-logistic"] as const;
export type ForecastBaseline = (typeof FORECAST_BASELINES)[number];
export type SentimentBaseline = (typeof SENTIMENT_BASELINES)[number];
export const LANGUAGE_MODEL_BASELINE_NAMES = ["unigram", "bigram"] as const;
export type LanguageModelBaseline = (typeof LANGUAGE_MODEL_BASELINE_NAMES)[number];
/** An encoder-decoder with dot-product attention over the encoder states (seq2seq tasks). */
export type AttentionModelName = `${CellName}+attention`;
/** A recurrent cell, an attention variant or a baseline, as named in results. */
export type ModelName = CellName | AttentionModelName | ForecastBaseline | SentimentBaseline | LanguageModelBaseline;

/** The kinds of task a suite runs. */
export type TaskKind = "forecast" | "sentiment" | "language-model" | "seq2seq";

/** Per kind: the metric the verdicts use and its direction, the summary table's columns and the report's bars. */
export const TASK_METRICS: Record<TaskKind, { primary: string; lowerIsBetter: boolean; columns: string[]; bars: string[] }> = {
  forecast: { primary: "mase", lowerIsBetter: true, columns: ["mae", "rmse", "smape", "mase"], bars: ["mase"] },
  sentiment: { primary: "accuracy", lowerIsBetter: false, columns: ["accuracy", "precision", "recall", "f1", "rocAuc"], bars: ["accuracy", "rocAuc"] },
  // Test bits per character: lower is better; the unigram / bigram models are the baselines.
  "language-model": { primary: "bpc", lowerIsBetter: true, columns: ["bpc", "crossEntropy"], bars: ["bpc"] },
  // Phoneme (symbol) and word error rates of greedy decoding: lower is better.
  seq2seq: { primary: "per", lowerIsBetter: true, columns: ["per", "wer"], bars: ["per", "wer"] },
};

/** How the recurrent models are sized against each other. */
export interface ModelSizing {
  /** "matched-params": `referenceCell` gets `units`, the other cells the units that give the closest parameter count
   * (Chung et al. 2014); "equal-units": every cell gets `units`. */
  sizing: "matched-params" | "equal-units";
  units: number;
  referenceCell: CellName;
  /** Stacked recurrent layers (forecasting only; default 1). */
  layers?: number;
  dropout?: number;
}

export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  clipNorm: number;
}

/** Where a task's data comes from: a registered data set, or a user's CSV file and its columns. */
export interface DataSource {
  /** Name in the data set registry (`rw.data.listDatasets()`). */
  dataset?: string;
  /** Path of a CSV file (used when `dataset` is not given). */
  csv?: string;
  target?: string;
  time?: string | null;
  features?: string[];
  text?: string;
  label?: string;
  /** Missing-value policy for a CSV file (default "error"). */
  missing?: "error" | "drop" | "interpolate" | "ffill";
  /** Field separator of a CSV file (default ","). */
  delimiter?: string;
  /** The label that is class 1 (positive) of a text set (default: the later of the two in sorted order). */
  positive?: string;
}

/** How one model of a forecasting task is anchored to its window (forecaster.ts, linear-skip-init.ts). Chosen by
 * validation (docs/tuning-log.md, docs/tuning/<task>-<scale>.json). */
export interface ForecastModelOptions {
  /** Per-window reference: subtract the last value / mean (revin: also divide by the window's std) and add it back. */
  reference?: "none" | "last" | "mean" | "revin";
  /** Lags of the linear skip (LSTNet's autoregressive highway; 0 = off). */
  linearSkip?: number;
  /** "least-squares": start the skip from the least-squares AR on the scaled training windows, the head at zero. */
  skipInit?: "random" | "least-squares";
  /** false: the skip layer is frozen (non-trainable), so the network learns only the correction to the linear AR. */
  skipTrainable?: boolean;
}

/** The recurrent classifier's read-out, direction and dropout for one cell (classifier.ts). */
export interface SentimentModelOptions {
  readout?: "last" | "max" | "mean";
  bidirectional?: boolean;
  embeddingDropout?: number;
  outputDropout?: number;
}

/** A forecasting task of the suite: the series, the window shape, the split, the model sizing and training. */
export interface ForecastTask {
  kind: "forecast";
  /** Short id used in file names and --only, e.g. "electricity-1step". */
  name: string;
  title: string;
  data: DataSource;
  /** Input window length in steps. */
  lookback: number;
  /** Steps forecast at once. */
  horizon: number;
  /** Seasonal period in steps: the seasonal-naive baseline and the MASE scale use it. */
  season: number;
  /** Chronological split: the last `testFraction` of the rows for test, the `validationFraction` before it for validation. */
  validationFraction: number;
  testFraction: number;
  /** Model the first differences y_t - y_{t-1} of the target instead of its level: the forecast is the last observed
   * value plus the predicted changes. Right for trending series (prices), whose test levels lie outside the training range. */
  differencing?: boolean;
  /** Keep at most this many training windows, evenly spaced over the training part (bounds the cost). */
  maxTrainWindows?: number;
  model: ModelSizing;
  training: TrainingSettings;
  /** Per-model anchoring (absent: no anchoring, today's plain forecaster). */
  modelOptions?: Partial<Record<CellName | "mlp", ForecastModelOptions>>;
  /** Add the MLP baseline (parameters matched to the reference cell, anchored by `modelOptions.mlp`). */
  mlpBaseline?: boolean;
}

/** A sentiment task of the suite: the texts, vocabulary and length, the split, the model sizing and training. */
export interface SentimentTask {
  kind: "sentiment";
  name: string;
  title: string;
  data: DataSource;
  /** Most frequent training words kept; others become the out-of-vocabulary id. */
  vocabSize: number;
  /** Tokens per review after pre-truncation and pre-padding. */
  maxLen: number;
  /** Subsample the training / test parts to at most this many texts (stratified, seeded). */
  maxTrain?: number;
  maxTest?: number;
  /** Fraction of the training part held out for early stopping. */
  validationFraction: number;
  embeddingDim: number;
  bidirectional: boolean;
  model: ModelSizing;
  training: TrainingSettings;
  /** Per-cell read-out, direction and dropout (absent: last state, `bidirectional`, no dropout). */
  modelOptions?: Partial<Record<CellName, SentimentModelOptions>>;
  /** How the probability threshold is set: 0.5, or the one that maximises validation accuracy (default 0.5). */
  threshold?: "half" | "validation";
  /** Loss weight per class: none (default), or "balanced" (w(c) = N / (2 N_c) on the training labels). */
  classWeights?: "none" | "balanced";
}

/** Any task of a suite. */
export type TaskSpec = ForecastTask | SentimentTask | LanguageModelTask | Seq2SeqTask;

/** A whole comparison: every task with every cell (and its baselines) and every seed. */
export interface SuiteSpec {
  scale: string;
  tasks: TaskSpec[];
  cells: CellName[];
  seeds: number[];
}

/** One unit of work: the run of one model with one seed on one task. */
export interface Job {
  task: string;
  model: ModelName;
  seed: number;
}

/** What a finished job wrote: the scores and costs of one (task, model, seed). */
export interface RunRecord {
  /** Set only when the run finished; a file without it is re-run. */
  complete: true;
  task: string;
  kind: TaskKind;
  model: ModelName;
  seed: number;
  /** Forecast: mae, rmse, smape, mase (original units); sentiment: accuracy, precision, recall, f1, rocAuc. */
  metrics: Record<string, number>;
  /** Trainable parameters (null for baselines without a fixed parameter vector). */
  params: number | null;
  /** Recurrent units (recurrent models only). */
  units: number | null;
  trainSeconds: number;
  /** Training sequences per second (recurrent models only). */
  sequencesPerSecond: number | null;
  epochsRun?: number;
  bestEpoch?: number;
  /** Loss per epoch (recurrent models only). */
  history?: { loss: number; valLoss?: number }[];
  /** Forecast: a stretch of the test period, actual and predicted, in original units. */
  sample?: { actual: number[]; predicted: number[]; note: string };
  /** Sentiment: [[TN, FP], [FN, TP]] on the test part. */
  confusion?: [[number, number], [number, number]];
  /** Language model: generated samples (recurrent models only). */
  samples?: string[];
  /** Seq2seq: the first test pairs with their greedy decodings. */
  examples?: { source: string; reference: string; decoded: string }[];
  backend: string;
  finishedAt: string;
  /** Layout version of this record (SCHEMA_VERSION in provenance.ts); absent in records older than it. */
  schemaVersion?: number;
  /** Package, commit, Node, TF.js, backend, fused kernel and CPU that made the run. */
  provenance?: Provenance;
  /** The data the run was made from: a stored run is reused only while this still matches. */
  dataFingerprint?: DataFingerprint;
  /** What made the run when it was not the suite, e.g. "chapter 06" (`createJobRunner`'s `origin`). */
  origin?: string;
}
