/**
 * rw.train: the one training loop (epochs with early stopping), batched scoring, and the metrics the chapters score
 * with. The loop's other driver (a budget of fresh examples, for the memory sweep) is reached by file.
 */
export { trainModel, predictInBatches } from "./fit";
export type { TrainData, TrainOptions, TrainResult, EpochInfo, LossName, LossFunction } from "./fit";
export type { BatchedInputs, PredictOptions } from "./evaluate";
// forecastMetrics (mae, rmse, smape, mase) scores the suite's forecasts; it is reached by file (train/metrics).
export { rootMeanSquaredError, classificationMetrics } from "./metrics";
export type { ClassificationMetrics } from "./metrics";
export { editDistance, sequenceErrorRates, type SequenceErrorRates } from "./sequence-metrics";
