/**
 * The incremental CSV row parser behind `parseCsv` and the streaming reader: RFC 4180 fields (a field that starts
 * with a double quote runs to the closing quote, "" inside it is one quote, and it may hold delimiters and line
 * breaks), LF or CRLF (or lone CR) line ends, any one-character delimiter.
 *
 * Text arrives in pieces (`write`), split anywhere. A row whose end has not arrived yet is kept as text and parsed
 * again, whole, with the next piece: rows are short, so this costs little and keeps the parser a plain loop.
 * Rows go to `onRow(fields, count)`; the `fields` array is reused, so copy what you keep.
 *
 * Also the header checks every reader shares: duplicate names, and a one-column header that holds ';', a tab or
 * '|', which means the file uses another delimiter (a European spreadsheet export, a TSV).
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

export type RowHandler = (fields: string[], count: number) => void;

export class CsvRowParser {
  private readonly fields: string[] = [];
  private carry = "";
  private readonly delimiter: number;

  constructor(delimiter: string, private readonly onRow: RowHandler, private readonly source = "CSV text") {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parse the next piece of text. */
  write(piece: string): void {
    const text = this.carry.length > 0 ? this.carry + piece : piece;
    this.carry = "";
    this.scan(text, false);
  }

  /** The text is complete: parse what is left (a last row without a line end). */
  end(): void {
    const text = this.carry;
    this.carry = "";
    if (text.length > 0) this.scan(text, true);
  }

  /** Parse whole rows of `text`; an unfinished last row is carried over unless `final`. */
  private scan(text: string, final: boolean): void {
    const n = text.length;
    const d = this.delimiter;
    const fields = this.fields;
    let i = 0;
    let rowStart = 0;
    let count = 0;
    const incomplete = (): void => {
      this.carry = text.slice(rowStart);
    };
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c === QUOTE) {
        let value = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            if (final) throw new Error(`${this.source}: a quoted field is never closed: check the file for a stray '"'`);
            return incomplete();
          }
          if (q + 1 >= n && !final) return incomplete(); // "" escape or the closing quote: the next piece tells
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += text.slice(j, q);
          j = q + 1;
          break;
        }
        // Characters between the closing quote and the delimiter are kept, as spreadsheets do.
        let k = j;
        while (k < n && (c = text.charCodeAt(k)) !== d && c !== LF && c !== CR) k++;
        if (k >= n && !final) return incomplete();
        fields[count++] = k > j ? value + text.slice(j, k) : value;
        i = k;
      } else {
        let k = i;
        while (k < n && (c = text.charCodeAt(k)) !== d && c !== LF && c !== CR) k++;
        if (k >= n && !final) return incomplete();
        fields[count++] = text.slice(i, k);
        i = k;
      }
      if (i >= n) break; // end of the final text: the row ends here
      c = text.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= n) {
          if (!final) return incomplete();
          fields[count++] = ""; // a trailing delimiter ends with an empty field
          break;
        }
        continue;
      }
      this.onRow(fields, count);
      count = 0;
      i += c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      rowStart = i;
    }
    if (count > 0) this.onRow(fields, count);
  }
}

/** True for a row that carries no data (a blank line). */
export function isBlankRow(fields: string[], count: number): boolean {
  return count === 1 && fields[0] === "";
}

/** How a CSV is split into fields. */
export interface CsvReadOptions {
  /** Field separator, one character (default ","); "\t" for tab-separated files. */
  delimiter?: string;
}

/** Show a delimiter in a message: ';' or 'tab'. */
function shown(delimiter: string): string {
  return delimiter === "\t" ? "'\\t'" : `'${delimiter}'`;
}

/** Check a delimiter option: one character, not a quote or a line break. */
export function checkDelimiter(delimiter: string | undefined): string {
  if (delimiter === undefined) return ",";
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error(`delimiter ${JSON.stringify(delimiter)} is not one character: use e.g. ',' or ';' or '\\t' (tab)`);
  }
  return delimiter;
}

/** Trim and check the header row; a one-field header holding ';' or a tab gets the delimiter hint. */
export function checkHeader(fields: readonly string[], source: string, delimiter: string): string[] {
  const header = fields.map((h) => h.trim());
  if (header.length === 1) {
    for (const other of [";", "\t", "|"]) {
      if (other !== delimiter && fields[0].includes(other)) {
        const name = other === "\t" ? "tab" : other;
        throw new Error(
          `${source}: the header '${fields[0].replace(/\t/g, "\\t")}' is one ${shown(delimiter)}-separated column but looks ${name}-separated: ` +
            `pass --delimiter ${shown(other)} (delimiter: ${shown(other)} in loadCsv)`,
        );
      }
    }
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`${source}: the header names column '${name}' twice: rename one of them`);
    seen.add(name);
  }
  return header;
}

/** The error for a data row whose field count differs from the header's. */
export function fieldCountError(source: string, dataRow: number, got: number, header: number, delimiter: string): Error {
  const hint = delimiter === "," ? "quote fields that contain commas" : `quote fields that contain ${shown(delimiter)}`;
  return new Error(`${source}: data row ${dataRow} has ${got} fields but the header has ${header}: fix that row (${hint})`);
}

/** The error for a file with no header row. */
export function emptyFileError(source: string): Error {
  return new Error(`${source}: the file is empty: a CSV needs a header row and data rows`);
}

