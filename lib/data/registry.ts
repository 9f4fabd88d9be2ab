/**
 * The data set registry: every real data set the workbook uses, by name, with its metadata (frequency, seasonal
 * periods, target, text/label columns, provenance). `loadDataset(name)` parses the CSV in plain JS (no danfo) and
 * caches it for the process; each call returns fresh arrays, so a caller that changes them cannot corrupt the cache.
 * The catalogue itself is data: datasets/catalog.json (one entry per set). The files and their checksums are in
 * datasets/ (see datasets/README.md).
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

/** The catalogue (datasets/catalog.json), read once per process and checked for the fields the loaders use. */
let catalogue: (SeriesSpec | TextSpec)[] | undefined;

function specs(): (SeriesSpec | TextSpec)[] {
  if (catalogue) return catalogue;
  const file = path.join(datasetsDir(), "catalog.json");
  let parsed: { datasets?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { datasets?: unknown };
  } catch (err) {
    throw new Error(`${file} cannot be read (${(err as Error).message.split("\n")[0]}): reinstall the package`);
  }
  if (!Array.isArray(parsed.datasets)) throw new Error(`${file} has no "datasets" array: reinstall the package`);
  for (const [i, entry] of (parsed.datasets as Partial<SeriesSpec | TextSpec>[]).entries()) {
    const ok =
      typeof entry.name === "string" &&
      typeof entry.file === "string" &&
      typeof entry.title === "string" &&
      typeof entry.rows === "number" &&
      (entry.kind === "text" || (entry.kind === "series" && typeof entry.target === "string" && Array.isArray(entry.features)));
    if (!ok) throw new Error(`${file}: entry ${i + 1} (${entry.name ?? "no name"}) lacks kind, name, file, title, rows (or a series' target and features)`);
  }
  catalogue = parsed.datasets as (SeriesSpec | TextSpec)[];
  return catalogue;
}

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
  return specs().map((s) => ({
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
  const spec = specs().find((s) => s.name === name);
  if (!spec) throw new Error(`unknown data set '${name}': choose one of ${specs().map((s) => s.name).join(", ")} (see listDatasets())`);
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
