/**
 * rw.models: the recurrent forecaster and sentiment classifier, their parameter counts and the sizing rule that
 * matches them, and the baselines every recurrent model is compared with.
 */
export { buildForecaster, forecasterParamCount, type ForecasterOptions } from "./forecaster";
export { buildSentimentClassifier, classifierParamCount, type ClassifierOptions } from "./classifier";
export { unitsForParamBudget } from "./params";
export { naiveForecast, seasonalNaiveForecast, fitLinearAutoregression, type LinearAutoregression } from "./forecast-baselines";
export { fitMajorityClass, fitBagOfWordsLogistic, type TextClassifierBaseline } from "./text-baselines";
export { generateText, sampleSequences } from "./char-lm";
export { greedyDecode, type Seq2SeqModel, type Seq2SeqOptions } from "./seq2seq";
export { buildMlpForecaster, type MlpForecasterOptions } from "./mlp-forecaster";
export type { ForecastAnchorOptions } from "./forecaster";
