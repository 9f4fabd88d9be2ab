/**
 * rw.train: the one training loop (epochs with early stopping, or a budget of fresh examples for the memory
 * tasks), batched scoring, and the metrics every model is scored with.
 */
export { trainModel, trainOnStream, predictInBatches } from "./fit";
export { trainAndPredict, type TrainedPredictions } from "./harness";
export type { BatchedInputs, PredictOptions } from "./evaluate";
export type { TrainData, TrainOptions, TrainResult, EpochInfo, LossName, LossFunction, StreamTrainOptions, StreamTrainResult } from "./fit";
export { meanAbsoluteError, rootMeanSquaredError, forecastMetrics, classificationMetrics } from "./metrics";
export type { ForecastMetrics, ClassificationMetrics } from "./metrics";
export { editDistance, sequenceErrorRates, type SequenceErrorRates } from "./sequence-metrics";
