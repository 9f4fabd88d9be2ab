/**
 * Scores for forecasts and classifiers, computed in plain JavaScript on plain arrays so that every
 * model (recurrent or baseline) is scored by the same code in the same units.
 *
 * Forecasting (y = actual, ŷ = predicted, both in the series' original units, n points):
 *   MAE   = 1/n Σ |y_t - ŷ_t|
 *   RMSE  = sqrt(1/n Σ (y_t - ŷ_t)^2)
 *   sMAPE = 100/n Σ 2 |y_t - ŷ_t| / (|y_t| + |ŷ_t|)            (a term with y_t = ŷ_t = 0 counts 0)
 *   MASE  = MAE / ( 1/(N-m) Σ_{t=m..N-1} |x_t - x_{t-m}| )       x = the training series, m = season
 * MASE < 1 means the forecast beats the in-sample seasonal-naive forecast (Hyndman & Koehler 2006).
 *
 * Classification (labels 0/1, scores = predicted probability of class 1, threshold 0.5):
 *   precision = TP / (TP + FP),  recall = TP / (TP + FN),  F1 = 2 P R / (P + R)   (0 when undefined)
 *   ROC-AUC   = P(score of a random positive > score of a random negative), ties count 1/2
 *             = (Σ ranks of positives - P (P + 1) / 2) / (P N)   with average ranks for ties.
 */

export interface ForecastMetrics {
  mae: number;
  rmse: number;
  smape: number;
  mase: number;
}

/** Scores of a binary classifier at threshold 0.5 (positive class = label 1), with ROC AUC and the confusion matrix. */
export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  /** [[trueNegatives, falsePositives], [falseNegatives, truePositives]]: rows = actual, columns = predicted. */
  confusion: [[number, number], [number, number]];
}

function checkPairs(name: string, actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) {
    throw new Error(`${name}: ${actual.length} actual values but ${predicted.length} predictions: pass arrays of the same length`);
  }
  if (actual.length === 0) throw new Error(`${name}: no values to score: pass at least one actual/predicted pair`);
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]) || !Number.isFinite(predicted[i])) {
      throw new Error(
        `${name}: value ${i} is not finite (actual ${actual[i]}, predicted ${predicted[i]}): remove NaN/Infinity before scoring`,
      );
    }
  }
}

/** Mean absolute error, mean |y - ŷ|, in the data's units. */
export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPairs("MAE", actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

/** Root mean squared error, sqrt(mean (y - ŷ)²), in the data's units. */
export function rootMeanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPairs("RMSE", actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / actual.length);
}

/** Symmetric MAPE in percent, 0..200. */
export function symmetricMape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPairs("sMAPE", actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(predicted[i]);
    if (denominator > 0) sum += (2 * Math.abs(actual[i] - predicted[i])) / denominator;
  }
  return (100 * sum) / actual.length;
}

/** The in-sample seasonal-naive MAE of a training series: MASE's denominator. */
export function seasonalNaiveScale(trainSeries: ArrayLike<number>, season: number): number {
  if (!Number.isInteger(season) || season < 1) throw new Error(`MASE: season must be a positive integer, got ${season}`);
  if (trainSeries.length <= season) {
    throw new Error(`MASE: the training series has ${trainSeries.length} points, needs more than the season ${season}`);
  }
  let sum = 0;
  for (let t = season; t < trainSeries.length; t++) sum += Math.abs(trainSeries[t] - trainSeries[t - season]);
  const scale = sum / (trainSeries.length - season);
  if (!(scale > 0)) {
    throw new Error(`MASE: the training series is constant at lag ${season}, so the seasonal-naive error is 0 and MASE is undefined`);
  }
  return scale;
}

export function meanAbsoluteScaledError(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  trainSeries: ArrayLike<number>,
  season: number,
): number {
  return meanAbsoluteError(actual, predicted) / seasonalNaiveScale(trainSeries, season);
}

/** All four forecasting scores; `actual` and `predicted` are flattened over windows and horizon steps. */
export function forecastMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  trainSeries: ArrayLike<number>,
  season: number,
): ForecastMetrics {
  const mae = meanAbsoluteError(actual, predicted);
  return {
    mae,
    rmse: rootMeanSquaredError(actual, predicted),
    smape: symmetricMape(actual, predicted),
    mase: mae / seasonalNaiveScale(trainSeries, season),
  };
}

function checkLabels(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  checkPairs("classification metrics", labels, scores);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`classification metrics: label ${i} is ${labels[i]}, expected 0 or 1`);
  }
}

/** ROC-AUC by the rank-sum (Mann-Whitney U) formula; NaN if only one class is present. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLabels(labels, scores);
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(labels.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let k = start; k <= end; k++) ranks[order[k]] = averageRank;
    start = end + 1;
  }
  let positives = 0;
  let positiveRankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      positiveRankSum += ranks[i];
    }
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** All classification scores; `scores` are probabilities of class 1, thresholded at `threshold`. */
export function classificationMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = 0.5,
): ClassificationMetrics {
  checkLabels(labels, scores);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predictedPositive = scores[i] >= threshold;
    if (labels[i] === 1) predictedPositive ? tp++ : fn++;
    else predictedPositive ? fp++ : tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    accuracy: (tp + tn) / labels.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    rocAuc: rocAuc(labels, scores),
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
  };
}
