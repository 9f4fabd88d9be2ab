/**
 * rw.models: the recurrent forecaster and sentiment classifier, the sizing rule that matches their parameter counts,
 * the baselines a notebook draws beside them, and what a trained text model does: sample names or continue a
 * prompt (character language model), decode greedily with its attention weights (encoder-decoder).
 */
export { buildForecaster, type ForecasterOptions } from "./forecaster";
export { buildSentimentClassifier, type ClassifierOptions } from "./classifier";
export { unitsForParamBudget } from "./params";
// The suite's other baselines (naive, linear AR, majority class, the MLP) run as jobs; their builders are reached by file.
export { seasonalNaiveForecast } from "./forecast-baselines";
export { fitBagOfWordsLogistic, type TextClassifierBaseline } from "./text-baselines";
export { generateText, sampleSequences } from "./char-lm";
export { greedyDecode, type Seq2SeqModel, type Seq2SeqOptions } from "./seq2seq";
export type { ForecastAnchorOptions } from "./forecaster";
