/**
 * `readCsvColumns`: a CSV file of any size read in 4 MB pieces into typed columns (./csv-columns), so memory
 * grows with the numbers kept (8 bytes a value), never with the file's text. While reading it
 *
 * - hashes the bytes (sha256), the data fingerprint a run record can hold to tell whether the data changed;
 * - reports progress (rows, MB read of the total, seconds) every few seconds once a read lasts that long, on
 *   stderr unless RNN_WORKBOOK_QUIET=1, or to a callback.
 *
 * Reading is synchronous on purpose: `loadCsv` returns its data set directly, and one 4 MB `readSync` at a time
 * keeps the peak memory at one piece.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ColumnBuilder, type ColumnKind, type CsvColumn, type CsvColumns } from "./csv-columns";
import { checkDelimiter, checkHeader, CsvRowParser, emptyFileError, fieldCountError, isBlankRow, type CsvReadOptions } from "./csv-parser";

/** Where a long read has got to. */
export interface CsvProgress {
  file: string;
  rows: number;
  bytesRead: number;
  totalBytes: number;
  seconds: number;
  /** True for the last report of a read that reported before. */
  done: boolean;
}

export interface ReadCsvColumnsOptions extends CsvReadOptions {
  /** Column kinds by name, decided from the header (names not listed get `defaultKind`). Throw here to stop early. */
  kinds: (header: string[]) => Record<string, ColumnKind>;
  /** Kind of columns `kinds` does not list (default "number": numbers, turning to text at the first word). */
  defaultKind?: ColumnKind;
  /**
   * Progress of a long read: true prints a line on stderr, a function receives the figures, false is silent.
   * Default: print unless RNN_WORKBOOK_QUIET=1.
   */
  progress?: boolean | ((progress: CsvProgress) => void);
  /** Seconds between progress reports, the first after this long too (default 3, or RNN_WORKBOOK_PROGRESS_SECONDS). */
  progressSeconds?: number;
}

const PIECE_BYTES = 4 << 20;

/** One progress line: "reading big.csv: 2,300,000 rows, 85.1 of 181.0 MB (47%), 6 s". */
export function formatCsvProgress(p: CsvProgress): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows = p.rows.toLocaleString("en-US");
  if (p.done) return `read ${path.basename(p.file)}: ${rows} rows, ${mb(p.totalBytes)} MB in ${p.seconds.toFixed(0)} s`;
  const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
  return `reading ${path.basename(p.file)}: ${rows} rows, ${mb(p.bytesRead)} of ${mb(p.totalBytes)} MB (${percent}%), ${p.seconds.toFixed(0)} s`;
}

/** Open a file for reading, or say in one line why it cannot be read (missing, a folder, no permission). */
function openCsv(file: string): { fd: number; size: number } {
  const where = `CSV file ${file}`;
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new Error(`${where} does not exist: check the path (relative paths start at ${process.cwd()})`);
    }
    if (code === "EACCES" || code === "EPERM") throw new Error(`${where} cannot be read (permission denied): check its permissions`);
    throw new Error(`${where} cannot be opened (${code ?? (err as Error).message}): check the path`);
  }
  const stat = fs.fstatSync(fd);
  if (stat.isDirectory()) {
    fs.closeSync(fd);
    throw new Error(`${where} is a folder, not a file: give the path of a CSV file`);
  }
  return { fd, size: stat.size };
}

/** Stream `file` into typed columns; errors name the file, the row and the fix. */
export function readCsvColumns(file: string, options: ReadCsvColumnsOptions): CsvColumns {
  const delimiter = checkDelimiter(options.delimiter);
  const report = progressReporter(file, options);
  const { fd, size } = openCsv(file);
  const hash = createHash("sha256");
  const decoder = new TextDecoder("utf-8"); // drops a leading byte-order mark
  const started = Date.now();
  let header: string[] | null = null;
  let builders: ColumnBuilder[] = [];
  let rows = 0;
  const parser = new CsvRowParser(
    delimiter,
    (fields, count) => {
      if (isBlankRow(fields, count)) return; // blank lines carry no data
      if (header === null) {
        header = checkHeader(fields.slice(0, count), file, delimiter);
        const kinds = options.kinds(header);
        builders = header.map((name) => new ColumnBuilder(kinds[name] ?? options.defaultKind ?? "number"));
        return;
      }
      rows++;
      if (count !== builders.length) throw fieldCountError(file, rows, count, builders.length, delimiter);
      for (let c = 0; c < count; c++) builders[c].push(fields[c]);
    },
    file,
  );
  const buffer = new Uint8Array(PIECE_BYTES);
  let bytesRead = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, PIECE_BYTES, null);
      if (n === 0) break;
      bytesRead += n;
      const bytes = buffer.subarray(0, n);
      hash.update(bytes);
      parser.write(decoder.decode(bytes, { stream: true }));
      report?.tick(rows, bytesRead, size, started);
    }
    parser.write(decoder.decode());
    parser.end();
  } finally {
    fs.closeSync(fd);
  }
  report?.finish(rows, bytesRead, size, started);
  if (header === null) throw emptyFileError(file);
  const names: string[] = header;
  const columns: Record<string, CsvColumn> = {};
  names.forEach((name, c) => (columns[name] = builders[c].finish()));
  return { header: names, columns, rowCount: rows, content: { sha256: hash.digest("hex"), bytes: bytesRead } };
}

function progressReporter(file: string, options: ReadCsvColumnsOptions) {
  const setting = options.progress ?? process.env.RNN_WORKBOOK_QUIET !== "1";
  if (setting === false) return null;
  const send = typeof setting === "function" ? setting : (p: CsvProgress) => process.stderr.write(`${formatCsvProgress(p)}\n`);
  // RNN_WORKBOOK_PROGRESS_SECONDS sets every progress interval of a run (the CLI tests use 0: a line per piece).
  const fromEnv = process.env.RNN_WORKBOOK_PROGRESS_SECONDS;
  const interval = 1000 * (options.progressSeconds ?? (fromEnv !== undefined && fromEnv !== "" && Number(fromEnv) >= 0 ? Number(fromEnv) : 3));
  let next = interval;
  let reported = false;
  return {
    tick(rows: number, bytesRead: number, totalBytes: number, started: number): void {
      const elapsed = Date.now() - started;
      if (elapsed < next) return;
      next = elapsed + interval;
      reported = true;
      send({ file, rows, bytesRead, totalBytes, seconds: elapsed / 1000, done: false });
    },
    finish(rows: number, bytesRead: number, totalBytes: number, started: number): void {
      if (reported) send({ file, rows, bytesRead, totalBytes, seconds: (Date.now() - started) / 1000, done: true });
    },
  };
}
