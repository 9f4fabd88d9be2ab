/**
 * rw.data: the data room's public face. Loading (listDatasets, loadSeries, loadText, loadCsv), splitting
 * (chronologicalSplit, stratifiedSplit), scaling (StandardScaler, MinMaxScaler), windows (splitWindows,
 * windowTensors), text (Tokenizer, padSequences), and the one-call pipelines prepareForecastData / prepareTextData
 * that do each step in the only safe order, and the first names of the language-model chapter (loadFirstNames).
 * The character vocabularies and the CMUdict pairs of the text chapters are built by their tasks (rw.experiments).
 */
export type { ContentHash, Dataset, SeriesDataset, TextDataset, SeriesMeta, TextMeta, Provenance, MissingPolicy } from "./types";
export { loadCsv, type LoadCsvOptions } from "./load";
export { listDatasets, loadSeries, loadText, type DatasetInfo } from "./registry";
export { chronologicalSplit, type SeriesSplit, type SplitOptions } from "./split-series";
export { MinMaxScaler, StandardScaler } from "./scalers";
export { splitWindows, type Windows, type WindowBlock, type WindowOptions } from "./windows";
export { windowTensors } from "./batches";
export { stratifiedSplit, type IndexSplit } from "./split-text";
// The padding id is 0 (PAD_ID in tokenizer.ts); OOV_ID is public for counting out-of-vocabulary words.
export { Tokenizer, OOV_ID, type TokenizerOptions } from "./tokenizer";
export { padSequences, paddedRow, type PadOptions, type PaddedSequences } from "./padding";
export { toDataFrame } from "./dataframe";
export {
  prepareForecastData,
  prepareTextData,
  type ForecastData,
  type ForecastDataOptions,
  type TextData,
  type TextDataOptions,
  type TextPart,
} from "./prepare";
export type { CharVocabulary, SequenceBatch } from "./char-text";
export { loadFirstNames } from "./names";
export type { G2PPair } from "./cmudict";
