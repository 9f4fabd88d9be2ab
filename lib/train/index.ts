/**
 * rw.train: the one training loop (epochs with early stopping), batched scoring, and the metrics every model is
 * scored with. The loop's other driver (a budget of fresh examples, for the memory sweep) is reached by file.
 */
export { trainModel, predictInBatches } from "./fit";
export type { TrainData, TrainOptions, TrainResult, EpochInfo, LossName, LossFunction } from "./fit";
export { rootMeanSquaredError, forecastMetrics, classificationMetrics } from "./metrics";
export type { ForecastMetrics, ClassificationMetrics } from "./metrics";
export { editDistance, sequenceErrorRates, type SequenceErrorRates } from "./sequence-metrics";
