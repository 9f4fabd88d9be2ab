/**
 * rnn-workbook data (`rw.data`): the shipped data sets and the preprocessing every experiment and notebook uses.
 *
 * Series:  loadDataset / loadSeries / loadCsv -> chronologicalSplit -> StandardScaler | MinMaxScaler (fit on train)
 *          -> splitWindows / makeWindows -> windowBatches | tensorBatches | windowDataset -> inverseTransformColumn.
 * Text:    loadText / loadCsv({ text, label }) -> stratifiedSplit (or the set's fixed split) -> Tokenizer.fit(train)
 *          -> encode -> padSequences.
 * One call: prepareForecastData(name, { lookback, horizon }) and prepareTextData(name, { maxSize }) do the above.
 * Display:  toDataFrame(dataset) (danfojs-node, loaded lazily).
 * Random:  createRng(seed) (mulberry32) for every seeded choice in the workbook.
 */
export type {
  Dataset,
  MissingPolicy,
  Provenance,
  RowRange,
  SeriesDataset,
  SeriesMeta,
  TextDataset,
  TextMeta,
} from "./types";
export { createRng, type Rng } from "./random";
export { parseCsv, readCsvFile, type CsvTable } from "./csv";
export { fillMissing, MISSING_TOKENS } from "./missing";
export { parseTimeMs, calendarPhase, inferSeason, CALENDAR_FEATURES, type CalendarFeature, type InferredSeason } from "./time";
export { loadCsv, type LoadCsvOptions } from "./load";
export {
  datasetsDir,
  listDatasets,
  loadDataset,
  loadSeries,
  loadText,
  verifyDatasetChecksums,
  UCI_SPLIT_SEED,
  UCI_TEST_FRACTION,
  type ChecksumResult,
  type DatasetInfo,
} from "./registry";
export { cleanReview, IMDB_SPLIT_SEED, IMDB_TEST_FRACTION } from "./imdb";
export { chronologicalSplit, sliceSeries, type SeriesSplit, type SplitOptions } from "./split-series";
export { MinMaxScaler, StandardScaler, createScaler, type Columns } from "./scalers";
export { makeWindows, splitWindows, Windows, type WindowBlock, type WindowOptions, type WindowSource } from "./windows";
export {
  windowBatches,
  tensorBatches,
  windowDataset,
  windowTensors,
  blockToTensors,
  type BatchOptions,
  type TensorBatch,
} from "./batches";
export { stratifiedSplit, shuffledIndices, take, type IndexSplit } from "./split-text";
export {
  Tokenizer,
  lengthStats,
  PAD_ID,
  OOV_ID,
  PAD_TOKEN,
  OOV_TOKEN,
  type LengthStats,
  type TokenizerJSON,
  type TokenizerOptions,
} from "./tokenizer";
export { padSequences, paddedRow, type PadOptions, type PaddedSequences } from "./padding";
export { toDataFrame, isoTimes } from "./dataframe";
export {
  prepareForecastData,
  prepareTextData,
  type ForecastData,
  type ForecastDataOptions,
  type TextData,
  type TextDataOptions,
  type TextPart,
} from "./prepare";
