/**
 * CSV reading: a header row, then data rows; comma-separated unless told otherwise (`delimiter`), double-quoted
 * fields with "" escapes, LF or CRLF line ends, quoted fields may span lines (./csv-parser). `parseCsv` and
 * `readCsvFile` give every column as text (the registry's small files); `readCsvColumns` (./csv-stream) streams a
 * file of any size into typed columns. Plain JS on purpose: loading must stay fast and not wait for danfo.
 */
import { checkDelimiter, checkHeader, CsvRowParser, emptyFileError, fieldCountError, isBlankRow } from "./csv-parser";
import { readCsvColumns, type ReadCsvColumnsOptions } from "./csv-stream";
import type { CsvReadOptions } from "./csv-parser";

export type { CsvReadOptions };

/** A parsed CSV: the header names and one string array per column. */
export interface CsvTable {
  header: string[];
  columns: Record<string, string[]>;
  rowCount: number;
  /** sha256 (hex) and size of the file's bytes when the table was read from a file. */
  content?: { sha256: string; bytes: number };
}


/** Parse CSV text held in memory. `source` names the text in error messages. */
export function parseCsv(text: string, source = "CSV text", options: CsvReadOptions = {}): CsvTable {
  const delimiter = checkDelimiter(options.delimiter);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  let header: string[] | null = null;
  let cells: string[][] = [];
  let rowCount = 0;
  const parser = new CsvRowParser(
    delimiter,
    (fields, count) => {
      if (isBlankRow(fields, count)) return; // blank lines carry no data
      if (header === null) {
        header = checkHeader(fields.slice(0, count), source, delimiter);
        cells = header.map(() => []);
        return;
      }
      rowCount++;
      if (count !== header.length) throw fieldCountError(source, rowCount, count, header.length, delimiter);
      for (let c = 0; c < count; c++) cells[c].push(fields[c]);
    },
    source,
  );
  parser.write(text);
  parser.end();
  if (header === null) throw emptyFileError(source);
  const names: string[] = header;
  const columns: Record<string, string[]> = {};
  names.forEach((name, c) => (columns[name] = cells[c]));
  return { header: names, columns, rowCount };
}

/** Read a CSV file (streamed, any size) with every column as text; a missing file is an error naming the path. */
export function readCsvFile(file: string, options: CsvReadOptions & Pick<ReadCsvColumnsOptions, "progress"> = {}): CsvTable {
  const read = readCsvColumns(file, { ...options, kinds: () => ({}), defaultKind: "text" });
  const columns: Record<string, string[]> = {};
  for (const name of read.header) {
    const column = read.columns[name];
    columns[name] = column.kind === "text" ? column.cells : [];
  }
  return { header: read.header, columns, rowCount: read.rowCount, content: read.content };
}
