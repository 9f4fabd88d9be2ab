/**
 * Streaming CSV reading (issue 11): pieces split anywhere parse like the whole text, numbers land in typed columns,
 * the content hash is the file's sha256, progress is reported for long reads and silent when asked, and the
 * messages a user meets (missing markers, header-only files, another delimiter, a missing file or a folder) name
 * the problem and the fix.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCsv, readCsvFile } from "../../lib/data/csv";
import { CsvRowParser } from "../../lib/data/csv-parser";
import { formatCsvProgress, readCsvColumns, type CsvProgress } from "../../lib/data/csv-stream";
import { loadCsv } from "../../lib/data/load";
import { isMissingToken } from "../../lib/data/missing";
import { createRng } from "../../lib/random";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-csv-stream-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
function csv(name: string, text: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Rows of `text` parsed from pieces cut at the given offsets. */
function parsePieces(text: string, cuts: number[], delimiter = ","): string[][] {
  const rows: string[][] = [];
  const parser = new CsvRowParser(delimiter, (fields, count) => rows.push(fields.slice(0, count)));
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parser.write(text.slice(from, cut));
    from = cut;
  }
  parser.end();
  return rows;
}

test("property: pieces cut anywhere (inside quotes, between \\r and \\n, after a delimiter) parse like the whole text", () => {
  const text = 'a,b,c\r\n1,"x, ""y""",\r\n2,"two\nlines",z\n"",3,"q"\n4,5,6';
  const whole = parsePieces(text, []);
  assert.deepEqual(whole, [["a", "b", "c"], ["1", 'x, "y"', ""], ["2", "two\nlines", "z"], ["", "3", "q"], ["4", "5", "6"]]);
  const rng = createRng(7);
  for (let trial = 0; trial < 300; trial++) {
    const cuts = Array.from({ length: 1 + rng.int(6) }, () => rng.int(text.length)).sort((x, y) => x - y);
    // A cut between \r and \n adds one blank row, which every reader skips.
    const rows = parsePieces(text, cuts).filter((r) => !(r.length === 1 && r[0] === ""));
    assert.deepEqual(rows, whole, `cuts ${cuts.join(",")}`);
  }
  for (let cut = 0; cut <= text.length; cut++) {
    assert.deepEqual(parsePieces(text, [cut]).filter((r) => !(r.length === 1 && r[0] === "")), whole, `cut ${cut}`);
  }
});

test("readCsvColumns: numbers straight into Float64Arrays, sha256 of the bytes, across many 4 MB pieces", () => {
  const rows = 600_000; // about 7 MB: two pieces and a bit
  const values = Float64Array.from({ length: rows }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e3);
  const body = "value,kind\n" + Array.from(values, (v, i) => `${v},${i % 3 === 0 ? "a" : "b"}`).join("\n") + "\n";
  const file = csv("big.csv", body);
  const read = readCsvColumns(file, { kinds: () => ({ kind: "text" }), progress: false });
  assert.equal(read.rowCount, rows);
  const column = read.columns.value;
  assert.equal(column.kind, "number");
  assert.ok(column.kind === "number" && column.values instanceof Float64Array);
  assert.deepEqual(column.kind === "number" ? Array.from(column.values) : [], Array.from(values));
  assert.equal(read.columns.kind.kind === "text" ? read.columns.kind.cells[3] : "", "a");
  assert.equal(read.content?.sha256, createHash("sha256").update(new Uint8Array(fs.readFileSync(file))).digest("hex"));
  assert.equal(read.content?.bytes, Buffer.byteLength(body));
});

test("loadCsv returns the file's sha256 in meta.content; another content gives another hash", () => {
  const a = csv("a.csv", "value\n1\n2\n3\n");
  const b = csv("b.csv", "value\n10\n20\n30\n");
  const ha = loadCsv(a, { target: "value" }).meta.content!;
  assert.equal(ha.sha256, createHash("sha256").update("value\n1\n2\n3\n").digest("hex"));
  assert.equal(ha.bytes, 12);
  assert.notEqual(loadCsv(b, { target: "value" }).meta.content!.sha256, ha.sha256);
  assert.equal(loadCsv(csv("t.csv", "text,label\na,0\nb,1\n"), { text: "text", label: "label" }).meta.content!.bytes, 19);
});

test("progress: a long read reports rows, bytes and seconds, then a last line; progress: false is silent", () => {
  const file = csv("p.csv", "value\n" + Array.from({ length: 1000 }, (_, i) => i).join("\n") + "\n");
  const seen: CsvProgress[] = [];
  loadCsv(file, { target: "value", progress: (p) => seen.push(p) }); // default interval: a short read says nothing
  assert.equal(seen.length, 0);
  readCsvColumns(file, { kinds: () => ({}), progress: (p) => seen.push(p), progressSeconds: 0 });
  assert.ok(seen.length >= 2, `${seen.length} reports`);
  const last = seen[seen.length - 1];
  assert.equal(last.done, true);
  assert.equal(last.rows, 1000);
  assert.equal(last.bytesRead, fs.statSync(file).size);
  assert.equal(last.totalBytes, fs.statSync(file).size);
  assert.equal(seen[0].done, false);
  const at = { file: "/data/big.csv", rows: 2_300_000, bytesRead: 85.1e6, totalBytes: 181e6, seconds: 6.2 };
  assert.equal(formatCsvProgress({ ...at, done: false }), "reading big.csv: 2,300,000 rows, 85.1 of 181.0 MB (47%), 6 s");
  assert.equal(formatCsvProgress({ ...at, rows: 5_000_000, done: true }), "read big.csv: 5,000,000 rows, 181.0 MB in 6 s");
});

test("missing markers in any case read as missing values: n/a, NA, null, -, empty, NaN, nan, N/A, None, ?", () => {
  const markers = ["n/a", "NA", "na", "null", "NULL", "Null", "-", "", "  ", "NaN", "nan", "NAN", "N/A", "None", "?", "#N/A"];
  for (const m of markers) assert.ok(isMissingToken(m), `'${m}' should be missing`);
  for (const word of ["0", "-1", "nano", "none of it", "n", "--5"]) assert.ok(!isMissingToken(word), `'${word}' is not a marker`);
  // Two columns, so that an empty value is not a blank line (blank lines carry no row at all).
  const body = "value,note\n" + markers.map((m, i) => `${i},k\n${m},m`).join("\n") + "\n99,k\n";
  const file = csv("markers.csv", body);
  const ds = loadCsv(file, { target: "value", missing: "drop" });
  assert.deepEqual(Array.from(ds.columns.value), [...markers.map((_, i) => i), 99]);
  assert.equal(ds.meta.missing!.rowsDropped, markers.length);
  assert.throws(() => loadCsv(file, { target: "value" }), new RegExp(`has ${markers.length} missing value\\(s\\), the first at row 2: pass --missing drop`));
  // A zero is a number, an empty cell is not.
  assert.deepEqual(Array.from(loadCsv(csv("z.csv", "value\n0\n\"\"\n0.0\n"), { target: "value", missing: "drop" }).columns.value), [0, 0]);
});

test("a header-only file says it has a header but no data rows (series and text)", () => {
  const file = csv("header-only.csv", "date,value\n");
  assert.throws(() => loadCsv(file, { target: "value" }), /header-only\.csv: the file has a header \(date, value\) but no data rows: add the data under the header row/);
  assert.throws(() => loadCsv(file), /but no data rows/);
  assert.throws(() => loadCsv(csv("ht.csv", "text,label\r\n"), { text: "text", label: "label" }), /the file has a header \(text, label\) but no data rows/);
});

test("a ;-, tab- or |-separated file gets a delimiter hint, and reads with the delimiter option", () => {
  const semi = csv("semi.csv", "date;value\n2020-01-01;1,5\n2020-01-02;2,5\n");
  assert.throws(() => loadCsv(semi, { target: "value" }), /semi\.csv: the header 'date;value' .*looks ;-separated: pass --delimiter ';'/);
  const tsv = csv("t.tsv", "date\tvalue\n2020-01-01\t1\n2020-01-02\t2\n");
  assert.throws(() => loadCsv(tsv), /looks tab-separated: pass --delimiter '\\t'/);
  const pipe = csv("p.csv", "value|other\n1|2\n");
  assert.throws(() => loadCsv(pipe), /looks \|-separated: pass --delimiter '\|'/);
  const ds = loadCsv(tsv, { target: "value", delimiter: "\t" });
  assert.deepEqual(Array.from(ds.columns.value), [1, 2]);
  assert.equal(ds.time![1].toISOString(), "2020-01-02T00:00:00.000Z");
  assert.throws(() => loadCsv(semi, { target: "value", delimiter: ";" }), /column 'value' is not numeric \(row 1 holds '1,5'\): write decimals with a point/);
  const semiOk = csv("semi-ok.csv", "date;value;note\n2020-01-01;1.5;\"a;b\"\n2020-01-02;2.5;c\n");
  const s = loadCsv(semiOk, { target: "value", delimiter: ";" });
  assert.deepEqual(Array.from(s.columns.value), [1.5, 2.5]);
  assert.deepEqual(s.categories.note, ["a;b", "c"]);
  assert.deepEqual(parseCsv("a;b\n1;2\n", "x", { delimiter: ";" }).columns.b, ["2"]);
  assert.throws(() => parseCsv("a;b\n1;2\n", "x.csv"), /looks ;-separated/);
  assert.throws(() => loadCsv(semiOk, { delimiter: ";;" }), /delimiter ";;" is not one character: use e.g. ','/);
  assert.throws(() => parseCsv("a;b\n1;2;3\n", "x.csv", { delimiter: ";" }), /data row 1 has 3 fields but the header has 2: fix that row \(quote fields that contain ';'\)/);
});

test("missing, empty and folder paths: one line naming the path and the fix (bad data, a plain Error)", () => {
  const missing = path.join(dir, "nope.csv");
  assert.throws(() => loadCsv(missing, { target: "value" }), (err: Error) => {
    assert.match(err.message, /nope\.csv does not exist: check the path/);
    assert.equal(err.name, "Error");
    return true;
  });
  assert.throws(() => readCsvFile(missing), /does not exist/);
  assert.throws(() => loadCsv(path.join(dir, "a.csv", "inner.csv")), /does not exist/);
  assert.throws(() => loadCsv(dir), /is a folder, not a file: give the path of a CSV file/);
  assert.throws(() => loadCsv(csv("empty.csv", "")), /empty\.csv: the file is empty: a CSV needs a header row and data rows/);
  assert.throws(() => loadCsv(csv("blank.csv", "\n\n")), /the file is empty/);
});

test("a byte-order mark and CRLF line ends read like plain text; unused numeric columns stay with the categories", () => {
  const file = csv("bom.csv", "\ufeffdate,y,x\r\n2020-01-01,1,7\r\n2020-01-02,2,8\r\n");
  const ds = loadCsv(file, { target: "y" });
  assert.equal(ds.meta.timeColumn, "date");
  assert.deepEqual(Array.from(ds.columns.y), [1, 2]);
  assert.deepEqual(ds.categories.x, ["7", "8"]);
});
