/**
 * Two pieces notebooks 06-08 need that the built-in suite does not hold:
 *
 *   weatherForecastTasks(scale)  the multivariate comparison of notebook 07: tomorrow's maximum temperature in
 *                                Seattle from its own past only (univariate), and from all four daily
 *                                measurements (multivariate). Same test windows, same baselines, same sizing.
 *   mostConfidentMistakes(...)   the misclassified test texts a classifier was surest about (notebook 08).
 *
 * Weather has no cycle shorter than a year, and a lookback of a year would make the seasonal-naive baseline
 * the cost of the whole task, so the tasks use season 1: the naive (persistence) forecast is the baseline to
 * beat, and MASE is scaled by its in-sample error.
 */
import type { Scale } from "./specs";
import type { ForecastTask, TrainingSettings } from "./types";

const WEATHER_FEATURES = ["temp_min", "precipitation", "wind"];

/** The Seattle weather tasks at `scale`: [univariate, multivariate], target `temp_max`, one day ahead. */
export function weatherForecastTasks(scale: Scale): [ForecastTask, ForecastTask] {
  const settings = (epochs: number, patience: number, learningRate: number): TrainingSettings => ({
    epochs,
    batchSize: 32,
    learningRate,
    patience,
    clipNorm: 1,
  });
  const sizes = {
    tiny: { lookback: 7, units: 4, maxTrainWindows: 64, training: settings(2, 1, 1e-2) },
    quick: { lookback: 14, units: 32, maxTrainWindows: 2000, training: settings(30, 5, 3e-3) },
    full: { lookback: 28, units: 64, maxTrainWindows: undefined, training: settings(60, 8, 3e-3) },
  }[scale];
  if (!sizes) throw new Error(`weatherForecastTasks: unknown scale '${String(scale)}': use tiny, quick or full`);
  const task = (name: string, title: string, features: string[]): ForecastTask => ({
    kind: "forecast",
    name,
    title,
    data: { dataset: "seattle-weather", target: "temp_max", features },
    lookback: sizes.lookback,
    horizon: 1,
    season: 1,
    validationFraction: 0.15,
    testFraction: 0.15,
    maxTrainWindows: sizes.maxTrainWindows,
    model: { sizing: "matched-params", units: sizes.units, referenceCell: "lstm" },
    training: sizes.training,
  });
  return [
    task("seattle-temp-univariate", "Seattle maximum temperature, one day ahead, from its own past", []),
    task("seattle-temp-multivariate", "Seattle maximum temperature, one day ahead, from all four measurements", WEATHER_FEATURES),
  ];
}

/** A misclassified example: its position in the scored arrays, true label and the predicted probability of class 1. */
export interface Mistake {
  index: number;
  label: number;
  score: number;
}

/**
 * The `count` misclassified examples with the most confident wrong prediction, surest first.
 * An example is misclassified when (score >= threshold) differs from (label === 1); its confidence in the
 * wrong class is |score - label|, so a positive review scored 0.02 comes before one scored 0.4.
 */
export function mostConfidentMistakes(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  count: number,
  threshold = 0.5,
): Mistake[] {
  if (labels.length !== scores.length) {
    throw new Error(`mostConfidentMistakes: ${labels.length} labels but ${scores.length} scores: pass one score per label`);
  }
  if (!Number.isInteger(count) || count < 0) throw new Error(`mostConfidentMistakes: count must be a whole number >= 0, got ${count}`);
  const mistakes: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const score = scores[i];
    if (label !== 0 && label !== 1) throw new Error(`mostConfidentMistakes: label ${i} is ${label}, expected 0 or 1`);
    if (!(score >= 0 && score <= 1)) throw new Error(`mostConfidentMistakes: score ${i} is ${score}, expected a probability in [0, 1]`);
    if (score >= threshold !== (label === 1)) mistakes.push({ index: i, label, score });
  }
  mistakes.sort((a, b) => Math.abs(b.score - b.label) - Math.abs(a.score - a.label) || a.index - b.index);
  return mistakes.slice(0, count);
}
