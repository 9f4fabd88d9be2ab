/**
 * Training and scoring: the shared training loop (early stopping, clipping, seeds, progress, callbacks)
 * and the metrics every model is scored with.
 */
export { trainModel, predictInBatches, evaluateLoss, clipByGlobalNorm } from "./fit";
export type { TrainData, TrainOptions, TrainResult, EpochInfo, BatchInfo, LossName } from "./fit";
export { createProgressBar } from "./progress";
export type { ProgressBar } from "./progress";
export {
  meanAbsoluteError,
  rootMeanSquaredError,
  symmetricMape,
  seasonalNaiveScale,
  meanAbsoluteScaledError,
  forecastMetrics,
  rocAuc,
  classificationMetrics,
} from "./metrics";
export type { ForecastMetrics, ClassificationMetrics } from "./metrics";
export { bitsPerCharacter, editDistance, sequenceErrorRates, type SequenceErrorRates } from "./sequence-metrics";
