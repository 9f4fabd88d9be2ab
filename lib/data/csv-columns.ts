/**
 * Typed CSV columns, filled one cell at a time while a file is read, so a large file never exists as strings:
 *
 * - number: cells parse straight into a growable Float64Array; missing markers (./missing) become NaN. The first
 *           cell that is neither turns the column into a text column (and is remembered for the error message);
 *           earlier cells become String(value), "" for missing ones (formatting such as "1.50" is not kept).
 * - time:   cells parse to milliseconds since 1970 UTC (./time); the first unreadable one is remembered.
 * - text:   cells are kept as read (categories, texts, labels).
 *
 * Which kind a column gets is decided from the header before any data row is read (see `planColumns` in ./load).
 */
import { isMissingToken } from "./missing";
import { parseTimeMs } from "./time";

/** A cell by 1-based data row, for messages. */
export interface CellAt {
  row: number;
  text: string;
}

export type CsvColumn =
  | { kind: "number"; values: Float64Array; missing: number }
  | { kind: "time"; ms: Float64Array; missing: number; firstMissing: number; firstUnreadable: CellAt | null }
  | { kind: "text"; cells: string[]; firstNonNumeric: CellAt | null };

export type ColumnKind = CsvColumn["kind"];

/** Columns of a CSV by name, in header order, with the file's content hash when it came from a file. */
export interface CsvColumns {
  header: string[];
  columns: Record<string, CsvColumn>;
  rowCount: number;
  /** sha256 (hex) and size of the file's bytes, computed while reading; undefined for text parsed in memory. */
  content?: { sha256: string; bytes: number };
}

/** A Float64Array that grows by doubling. */
class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The values, trimmed to their length (a copy only when the spare room is large). */
  finish(): Float64Array {
    return this.data.length - this.length > 4096 ? this.data.slice(0, this.length) : this.data.subarray(0, this.length);
  }
}

/** Builds one column from its cells, in row order. */
export class ColumnBuilder {
  private numbers: GrowableFloat64 | null = null;
  private texts: string[] | null = null;
  private missing = 0;
  private firstMissing = -1;
  private firstOdd: CellAt | null = null;
  private rows = 0;

  constructor(readonly kind: ColumnKind) {
    if (kind === "text") this.texts = [];
    else this.numbers = new GrowableFloat64();
  }

  push(cell: string): void {
    this.rows++;
    if (this.texts) {
      this.texts.push(cell);
      return;
    }
    const numbers = this.numbers as GrowableFloat64;
    if (this.kind === "time") {
      if (isMissingToken(cell)) return this.pushMissing(numbers);
      const ms = parseTimeMs(cell);
      if (Number.isNaN(ms) && this.firstOdd === null) this.firstOdd = { row: this.rows, text: cell };
      numbers.push(ms);
      return;
    }
    const value = Number(cell);
    // Number("") and Number("  ") are 0, so a zero must show a digit to count.
    if (Number.isFinite(value) && (value !== 0 || /\d/.test(cell))) {
      numbers.push(value);
      return;
    }
    if (isMissingToken(cell)) return this.pushMissing(numbers);
    this.toText(cell);
  }

  private pushMissing(numbers: GrowableFloat64): void {
    if (this.firstMissing < 0) this.firstMissing = this.rows;
    this.missing++;
    numbers.push(NaN);
  }

  /** A number column meets a non-number: it is a text column from now on. */
  private toText(cell: string): void {
    const numbers = this.numbers as GrowableFloat64;
    this.firstOdd = { row: this.rows, text: cell };
    const texts = new Array<string>(numbers.length);
    for (let i = 0; i < numbers.length; i++) {
      const v = numbers.get(i);
      texts[i] = Number.isNaN(v) ? "" : String(v);
    }
    texts.push(cell);
    this.texts = texts;
    this.numbers = null;
  }

  finish(): CsvColumn {
    if (this.texts) return { kind: "text", cells: this.texts, firstNonNumeric: this.kind === "text" ? null : this.firstOdd };
    const values = (this.numbers as GrowableFloat64).finish();
    if (this.kind === "time") {
      return { kind: "time", ms: values, missing: this.missing, firstMissing: this.firstMissing, firstUnreadable: this.firstOdd };
    }
    return { kind: "number", values, missing: this.missing };
  }
}

/** Type the string columns of a parsed table (the in-memory path: registry files, parseCsv text). */
export function typeColumns(
  table: { header: string[]; columns: Record<string, string[]>; rowCount: number },
  kinds: Record<string, ColumnKind>,
): CsvColumns {
  const columns: Record<string, CsvColumn> = {};
  for (const name of table.header) {
    if (kinds[name] === "text") {
      columns[name] = { kind: "text", cells: table.columns[name], firstNonNumeric: null };
      continue;
    }
    const builder = new ColumnBuilder(kinds[name] ?? "number");
    for (const cell of table.columns[name]) builder.push(cell);
    columns[name] = builder.finish();
  }
  return { header: table.header, columns, rowCount: table.rowCount };
}

/** True when a typed column reads as numbers and holds at least one. */
export function isNumericColumn(column: CsvColumn): boolean {
  return column.kind === "number" && column.values.length > column.missing;
}
