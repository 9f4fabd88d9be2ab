/**
 * A small RFC 4180 CSV reader: header row, comma separator, double-quoted fields with "" escapes, LF or CRLF line
 * ends, quoted fields may span lines. Everything is read as text; columns are typed later by the loader, which knows
 * what each column is for. Plain JS on purpose: `loadDataset` must stay fast and not wait for danfo.
 */
import * as fs from "node:fs";

/** A parsed CSV: the header names and one string array per column. */
export interface CsvTable {
  header: string[];
  columns: Record<string, string[]>;
  rowCount: number;
}

/** Parse CSV text. `source` names the file in error messages. */
export function parseCsv(text: string, source = "CSV text"): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  let inQuotes = false;
  let fieldStart = true;
  while (i < n) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      // Copy the run of ordinary characters in one slice (much faster than char by char).
      let j = text.indexOf('"', i);
      if (j < 0) j = n;
      field += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === ",") {
      row.push(field);
      field = "";
      fieldStart = true;
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStart = true;
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c;
    fieldStart = false;
    i++;
  }
  if (inQuotes) throw new Error(`${source}: a quoted field is never closed: check the file for a stray '"'`);
  if (!fieldStart || field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines (a lone empty field) carry no data.
  const dataRows = rows.filter((r) => !(r.length === 1 && r[0] === ""));
  if (dataRows.length === 0) throw new Error(`${source}: the file is empty: a CSV needs a header row`);
  const header = dataRows[0].map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`${source}: the header names column '${name}' twice: rename one of them`);
    seen.add(name);
  }
  const columns: Record<string, string[]> = {};
  for (const name of header) columns[name] = [];
  for (let r = 1; r < dataRows.length; r++) {
    const cells = dataRows[r];
    if (cells.length !== header.length) {
      throw new Error(
        `${source}: data row ${r} has ${cells.length} fields but the header has ${header.length}: fix that row (quote fields that contain commas)`,
      );
    }
    for (let c = 0; c < header.length; c++) columns[header[c]].push(cells[c]);
  }
  return { header, columns, rowCount: dataRows.length - 1 };
}

/** Read and parse a CSV file; a missing file is an error that names the path. */
export function readCsvFile(file: string): CsvTable {
  if (!fs.existsSync(file)) {
    throw new Error(`CSV file ${file} does not exist: check the path (relative paths start at ${process.cwd()})`);
  }
  return parseCsv(fs.readFileSync(file, "utf8"), file);
}
