/**
 * `loadCsv`: any CSV becomes a SeriesDataset (numeric target and features over a time column) or a TextDataset
 * (text and a two-class label), through the same checks the registry's own files go through.
 *
 * A series file is streamed (./csv-stream): column roles are settled from the header before any data row is read,
 * so an unknown column fails at once, and numbers go straight into Float64Arrays. The file's sha256 comes back in
 * `meta.content`, the fingerprint that tells a rerun whether the data changed.
 */
import * as path from "node:path";
import { readCsvFile, type CsvTable } from "./csv";
import { isNumericColumn, typeColumns, type ColumnKind, type CsvColumn, type CsvColumns } from "./csv-columns";
import { readCsvColumns, type CsvProgress } from "./csv-stream";
import { checkMissingPolicy, isMissingToken, resolveMissing } from "./missing";
import type { MissingPolicy, SeriesDataset, SeriesMeta, TextDataset, TextMeta } from "./types";

/** Which columns of a CSV mean what. Give `text` + `label` for a text set; otherwise it is a time series. */
export interface LoadCsvOptions {
  /** Time column; default: a column named date, time, timestamp, datetime or ds if there is one; null: none. */
  time?: string | null;
  /** Numeric column to forecast; default: the only numeric column (an error if there are several). */
  target?: string;
  /** Other numeric columns to keep as model inputs. */
  features?: string[];
  /** Text column (makes this a text data set; needs `label`). */
  text?: string;
  /** Two-class label column for a text data set. */
  label?: string;
  /** Missing-value policy for the used columns (default `error`). */
  missing?: MissingPolicy;
  /** The label that becomes class 1 (positive) of a text set (default: the later of the two in sorted order). */
  positive?: string;
  /** Name for the data set's metadata (default: the file name). */
  name?: string;
  /** Field separator, one character (default ","): ";" for many spreadsheet exports, "\t" for TSV files. */
  delimiter?: string;
  /** Progress of a long read: see readCsvColumns (default: a line on stderr every 3 s unless RNN_WORKBOOK_QUIET=1). */
  progress?: boolean | ((progress: CsvProgress) => void);
}

const TIME_NAMES = ["date", "time", "timestamp", "datetime", "ds"];

function requireColumn(header: readonly string[], column: string, role: string, source: string): void {
  if (!header.includes(column)) {
    throw new Error(`${source}: unknown ${role} column '${column}': the file has columns ${header.map((h) => `'${h}'`).join(", ")}`);
  }
}

/** The roles of a series file's columns, settled from its header alone. */
interface SeriesPlan {
  timeColumn: string | null;
  /** undefined: the only numeric column, found after reading. */
  target: string | undefined;
  features: string[];
  kinds: Record<string, ColumnKind>;
}

function planSeriesColumns(header: readonly string[], options: LoadCsvOptions, source: string): SeriesPlan {
  const timeColumn = options.time === undefined ? header.find((h) => TIME_NAMES.includes(h.toLowerCase())) ?? null : options.time;
  if (timeColumn !== null) requireColumn(header, timeColumn, "time", source);
  const target = options.target;
  if (target !== undefined) requireColumn(header, target, "target", source);
  if (target !== undefined && target === timeColumn) {
    throw new Error(`${source}: column '${target}' cannot be both time and target: choose another target`);
  }
  const features = (options.features ?? []).filter((f) => f !== target);
  for (const f of features) requireColumn(header, f, "feature", source);
  const kinds: Record<string, ColumnKind> = {};
  for (const h of header) {
    // With a target given, every other column is kept as text (categories); without, numbers are looked for.
    kinds[h] = h === timeColumn ? "time" : target === undefined || h === target || features.includes(h) ? "number" : "text";
  }
  return { timeColumn, target, features, kinds };
}

/**
 * Load a CSV file as a time series (default) or, with `text` and `label`, as a labelled text set.
 * Errors name the problem and the fix: missing file, header without data rows, another delimiter, unknown column,
 * non-numeric target, missing values under the `error` policy, unreadable or unordered time stamps, an empty text
 * column, labels that are not two classes.
 */
export function loadCsv(file: string, options: LoadCsvOptions & { text: string }): TextDataset;
export function loadCsv(file: string, options?: LoadCsvOptions): SeriesDataset;
export function loadCsv(file: string, options: LoadCsvOptions = {}): SeriesDataset | TextDataset {
  const name = options.name ?? path.basename(file);
  const read = { delimiter: options.delimiter, progress: options.progress };
  if (options.text !== undefined || options.label !== undefined) return tableToText(readCsvFile(file, read), options, { name, file });
  checkMissingPolicy(options.missing ?? "error"); // a bad policy fails before a large file is read
  let plan: SeriesPlan | undefined;
  const columns = readCsvColumns(file, { ...read, kinds: (header) => (plan = planSeriesColumns(header, options, file)).kinds });
  return columnsToSeries(columns, plan as SeriesPlan, options, { name, file });
}

/** Build a series from a parsed table (the registry uses this with its own metadata). */
export function tableToSeries(
  table: CsvTable,
  options: LoadCsvOptions,
  base: { name: string; file: string } & Partial<SeriesMeta>,
): SeriesDataset {
  const plan = planSeriesColumns(table.header, options, base.file);
  return columnsToSeries({ ...typeColumns(table, plan.kinds), content: table.content }, plan, options, base);
}

/** The error for a file with a header and nothing under it. */
function noDataRowsError(source: string, header: readonly string[]): Error {
  return new Error(`${source}: the file has a header (${header.join(", ")}) but no data rows: add the data under the header row`);
}

/** A typed column back as text (a numeric column not used as target or feature, kept with the categories). */
function cellsOf(column: CsvColumn): string[] {
  if (column.kind === "text") return column.cells;
  const values = column.kind === "time" ? column.ms : column.values;
  return Array.from(values, (v) => (Number.isNaN(v) ? "" : String(v)));
}

function numberColumn(columns: CsvColumns, name: string, source: string): Float64Array {
  const column = columns.columns[name];
  if (column.kind === "number") return column.values;
  const odd = column.kind === "text" ? column.firstNonNumeric : null;
  // "1,5" is a decimal comma (a ;-separated spreadsheet export): say so rather than "not numeric".
  const fix = odd && /^\s*[-+]?\d+,\d+\s*$/.test(odd.text) ? "write decimals with a point (1.5, not 1,5)" : "choose a numeric column, or clean the value";
  throw new Error(`${source}: column '${name}' is not numeric` + (odd ? ` (row ${odd.row} holds '${odd.text}')` : "") + `: ${fix}`);
}

function columnsToSeries(
  columns: CsvColumns,
  plan: SeriesPlan,
  options: LoadCsvOptions,
  base: { name: string; file: string } & Partial<SeriesMeta>,
): SeriesDataset {
  const source = base.file;
  const policy = checkMissingPolicy(options.missing ?? "error");
  if (columns.rowCount === 0) throw noDataRowsError(source, columns.header);
  const { timeColumn, features } = plan;
  let target = plan.target;
  if (target === undefined) {
    const candidates = columns.header.filter((h) => h !== timeColumn && isNumericColumn(columns.columns[h]));
    if (candidates.length !== 1) {
      throw new Error(
        `${source}: no target column given and ${candidates.length === 0 ? "no column is" : `${candidates.length} columns are`} numeric` +
          (candidates.length ? ` (${candidates.join(", ")})` : "") +
          `: pass --target <column> (target: '<column>' in loadCsv)`,
      );
    }
    target = candidates[0];
  }

  let time: Float64Array | null = null;
  if (timeColumn !== null) {
    const column = columns.columns[timeColumn];
    if (column.kind !== "time") throw new Error(`${source}: time column '${timeColumn}' was not read as time`);
    const bad = column.firstUnreadable;
    if (bad) {
      throw new Error(
        `${source}: time column '${timeColumn}' row ${bad.row} holds '${bad.text}', not a date: use ISO dates such as 2000-06-05T00:30:00, or pass --time <column> (time: '<column>' in loadCsv)`,
      );
    }
    if (column.missing > 0 && policy !== "drop") {
      throw new Error(
        `${source}: time column '${timeColumn}' has no time stamp at row ${column.firstMissing}: fill it in, or pass --missing drop (missing: 'drop' in loadCsv) to drop such rows`,
      );
    }
    time = column.ms;
  }

  const used = [target, ...features.filter((f) => f !== target)];
  const raw: Record<string, Float64Array> = {};
  for (const c of used) raw[c] = numberColumn(columns, c, source);
  // A missing time stamp (only possible under `drop`) drops its row like a missing value.
  if (time) raw["\u0000time"] = time;
  const resolved = resolveMissing(raw, policy, { source, time: time ?? undefined });
  const keptTime = resolved.columns["\u0000time"];
  delete resolved.columns["\u0000time"];
  const length = resolved.columns[target].length;
  if (length === 0) throw new Error(`${source}: no rows left after dropping the rows with missing values: fill them in, or pass --missing interpolate`);

  let dates: Date[] | null = null;
  if (keptTime) {
    dates = new Array<Date>(length);
    for (let i = 0; i < length; i++) {
      if (i > 0 && !(keptTime[i] > keptTime[i - 1])) {
        throw new Error(
          `${source}: time column '${timeColumn}' is not strictly increasing at row ${(resolved.keptRows ? resolved.keptRows[i] : i) + 1}: sort the file by time and remove duplicate time stamps`,
        );
      }
      dates[i] = new Date(keptTime[i]);
    }
  }
  const categories: Record<string, string[]> = {};
  for (const h of columns.header) {
    if (h === timeColumn || used.includes(h)) continue;
    const cells = cellsOf(columns.columns[h]);
    categories[h] = resolved.keptRows ? Array.from(resolved.keptRows, (i) => cells[i]) : cells;
  }
  const meta: SeriesMeta = {
    kind: "series",
    title: base.name,
    frequency: "unknown",
    seasonalPeriods: [],
    units: "",
    ...base,
    name: base.name,
    target,
    features: features.filter((f) => f !== target),
    timeColumn,
    missing: { policy, rowsDropped: resolved.rowsDropped, valuesFilled: resolved.valuesFilled },
    ...(columns.content ? { content: columns.content } : {}),
  };
  return { kind: "series", meta, length, time: dates, columns: resolved.columns, categories };
}

/**
 * Map label cells to 0/1. Labels "0"/"1" keep their values; any other pair of values is sorted (by code unit) and
 * numbered 0, 1, unless `positive` names the label that is class 1. Exactly two classes are required.
 */
export function encodeBinaryLabels(
  cells: readonly string[],
  column: string,
  source: string,
  positive?: string,
): { labels: Uint8Array; classNames: [string, string] } {
  const distinct = [...new Set(cells.map((c) => c.trim()))].sort();
  if (distinct.length !== 2) {
    const shown = distinct.slice(0, 5).map((d) => `'${d}'`).join(", ") + (distinct.length > 5 ? ", ..." : "");
    throw new Error(
      `${source}: label column '${column}' has ${distinct.length} class(es) (${shown}): the sentiment task needs exactly two, e.g. 0 and 1`,
    );
  }
  if (positive !== undefined && !distinct.includes(positive.trim())) {
    throw new Error(`${source}: positive: '${positive}' is not a label of column '${column}' (it holds '${distinct[0]}', '${distinct[1]}'): choose one of them`);
  }
  const classNames = (positive === undefined || positive.trim() === distinct[1] ? distinct : [distinct[1], distinct[0]]) as [string, string];
  const labels = Uint8Array.from(cells, (c) => (c.trim() === classNames[1] ? 1 : 0));
  return { labels, classNames };
}

/** Build a text set from a parsed table (the registry uses this with its own metadata). */
export function tableToText(
  table: CsvTable,
  options: LoadCsvOptions,
  base: { name: string; file: string } & Partial<TextMeta>,
): TextDataset {
  const source = base.file;
  if (options.text === undefined) throw new Error(`${source}: a label column was given without a text column: pass text: '<column>'`);
  if (options.label === undefined) throw new Error(`${source}: a text column was given without a label column: pass label: '<column>'`);
  requireColumn(table.header, options.text, "text", source);
  requireColumn(table.header, options.label, "label", source);
  if (table.rowCount === 0) throw noDataRowsError(source, table.header);
  const policy = checkMissingPolicy(options.missing ?? "error");
  if (policy === "interpolate" || policy === "ffill") {
    throw new Error(`${source}: missing: '${policy}' cannot fill text or labels: use 'error' or 'drop'`);
  }
  const textCells = table.columns[options.text];
  const labelCells = table.columns[options.label];
  if (textCells.every((t) => t.trim() === "")) {
    throw new Error(`${source}: text column '${options.text}' is empty in every row: choose the column that holds the text`);
  }
  const kept: number[] = [];
  for (let i = 0; i < textCells.length; i++) {
    const missing = textCells[i].trim() === "" || isMissingToken(labelCells[i]);
    if (!missing) {
      kept.push(i);
      continue;
    }
    if (policy === "error") {
      const what = textCells[i].trim() === "" ? `empty text in column '${options.text}'` : `a missing label in column '${options.label}'`;
      throw new Error(`${source}: row ${i + 1} has ${what}: pass --missing drop (missing: 'drop' in loadCsv) to skip such rows, or fix the file`);
    }
  }
  const texts = kept.map((i) => textCells[i]);
  const { labels, classNames } = encodeBinaryLabels(kept.map((i) => labelCells[i]), options.label, source, options.positive);
  const categories: Record<string, string[]> = {};
  for (const h of table.header) {
    if (h === options.text || h === options.label) continue;
    categories[h] = kept.map((i) => table.columns[h][i]);
  }
  const meta: TextMeta = {
    kind: "text",
    title: base.name,
    classNames,
    ...base,
    name: base.name,
    textColumn: options.text,
    labelColumn: options.label,
    missing: { policy, rowsDropped: textCells.length - kept.length, valuesFilled: 0 },
    ...(table.content ? { content: table.content } : {}),
  };
  return { kind: "text", meta, length: texts.length, texts, labels, categories };
}
