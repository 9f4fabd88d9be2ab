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
export { buildCharLanguageModel, charLanguageModelParamCount, predictNextSymbols, hiddenStates, sampleWithTemperature, sampleSequences, generateText } from "./char-lm";
export { fitCharNgram, type CharNgramModel } from "./char-baselines";
export { buildSeq2Seq, seq2seqParamCount, greedyDecode, dotProductAttention, Seq2SeqNet, type Seq2SeqModel, type Seq2SeqOptions } from "./seq2seq";
