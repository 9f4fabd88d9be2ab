/**
 * rw.data: the data room's public face. Loading (listDatasets, loadSeries, loadText, loadCsv), splitting
 * (chronologicalSplit, stratifiedSplit), scaling (StandardScaler, MinMaxScaler), windows (splitWindows,
 * windowTensors), text (Tokenizer, padSequences), and the one-call pipelines prepareForecastData / prepareTextData
 * that do each step in the only safe order. Random: createRng(seed) (mulberry32, lib/random.ts).
 */
export type { ContentHash, Dataset, SeriesDataset, TextDataset, SeriesMeta, TextMeta, Provenance, MissingPolicy } from "./types";
export { createRng, type Rng } from "../random";
export { inferSeason, type InferredSeason } from "./time";
export { loadCsv, type LoadCsvOptions } from "./load";
export { listDatasets, loadSeries, loadText, type DatasetInfo } from "./registry";
export { chronologicalSplit, type SeriesSplit, type SplitOptions } from "./split-series";
export { MinMaxScaler, StandardScaler } from "./scalers";
export { splitWindows, type Windows, type WindowBlock, type WindowOptions } from "./windows";
export { windowTensors } from "./batches";
export { stratifiedSplit, type IndexSplit } from "./split-text";
export { Tokenizer, PAD_ID, OOV_ID, type TokenizerOptions } from "./tokenizer";
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
export { buildCharVocabulary, type CharVocabulary, type SequenceBatch } from "./char-text";
export { loadFirstNames } from "./names";
export { loadG2PPairs, type G2PPair } from "./cmudict";
