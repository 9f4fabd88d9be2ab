/**
 * Models: recurrent forecasters and sentiment classifiers built from a cell name, parameter counting and
 * matching, and the baselines every recurrent model is compared with.
 */
export { buildForecaster, forecasterParamCount } from "./forecaster";
export type { ForecasterOptions } from "./forecaster";
export { buildSentimentClassifier, classifierParamCount } from "./classifier";
export type { ClassifierOptions } from "./classifier";
export { recurrentParamCount, unitsForParamBudget } from "./params";
export { withSeededRandom } from "./seeded-init";
export { naiveForecast, seasonalNaiveForecast, fitLinearAutoregression } from "./forecast-baselines";
export type { LinearAutoregression } from "./forecast-baselines";
export { fitMajorityClass, fitBagOfWordsLogistic } from "./text-baselines";
export type { TextClassifierBaseline, BagOfWordsOptions } from "./text-baselines";
export { buildMlpForecaster, mlpForecasterParamCount, mlpHiddenForBudget } from "./mlp-forecaster";
export type { MlpForecasterOptions } from "./mlp-forecaster";
export type { ForecastAnchorOptions } from "./forecaster";
export { WINDOW_REFERENCES, SubtractWindowReference, AddWindowReference, TargetLags } from "./window-layers";
export type { WindowReferenceKind } from "./window-layers";
export { initLinearSkipLeastSquares } from "./linear-skip-init";
export { MaskedPooling, POOLINGS } from "./masked-pooling";
export type { Pooling } from "./masked-pooling";
