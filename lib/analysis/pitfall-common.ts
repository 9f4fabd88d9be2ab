/**
 * What every pitfall measurement shares: the result types, the settings (with defaults sized for a quick
 * notebook run) and `trainVariant`, which trains one side of a comparison through the shared train-then-score step
 * (train/harness.ts: Adam, gradient clipping, early stopping on a validation part) and scores it on held-out data.
 * The four measurements are in pitfalls-forecast.ts and pitfalls-text.ts; the overview is in pitfalls-forecast.ts.
 */
import type * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import type { EpochInfo } from "../train/fit";
import { trainAndPredict } from "../train/harness";

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

/** Settings of the forecasting pitfalls: the series, the window and the cell. */
export interface ForecastPitfallOptions extends PitfallOptions {
  /** A registered series (default "electricity"). */
  dataset?: string;
  /** Input steps per window (default 48). */
  lookback?: number;
  /** The cell of the forecaster (default "gru"). */
  cell?: CellName;
}

/** Settings of the padding pitfall: the text set, the padded length, the vocabulary and the cell. */
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

export const DEFAULTS = { units: 16, epochs: 10, patience: 3, batchSize: 32, learningRate: 3e-3, seed: 1 };

export function settings(options: PitfallOptions) {
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

/** The settings after defaults, checked. */
export type PitfallSettings = ReturnType<typeof settings>;

/**
 * Train `model` (disposed afterwards) on the train and validation parts of `tensors` with the pitfall settings
 * (through rw.train's trainAndPredict), and record it as one variant whose value is `score(predictions)`, the
 * model's outputs on the test part once training has finished.
 */
export async function trainVariant(
  name: string,
  cell: CellName,
  model: tf.LayersModel,
  params: number,
  tensors: { train: { x: tf.Tensor; y: tf.Tensor }; validation: { x: tf.Tensor; y: tf.Tensor }; test: { x: tf.Tensor } },
  loss: "mse" | "binaryCrossentropy",
  s: PitfallSettings,
  score: (predictions: Float32Array) => Promise<number>,
): Promise<PitfallVariant> {
  const { result, predictions } = await trainAndPredict(model, { train: tensors.train, validation: tensors.validation, testX: tensors.test.x }, {
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
    value: await score(predictions),
    params,
    units: s.units,
    cell,
    trainSeconds: result.trainSeconds,
    epochsRun: result.epochsRun,
    history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
    diverged: result.diverged,
  };
}
