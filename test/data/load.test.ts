import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCsv } from "../../lib/data/csv";
import { loadCsv } from "../../lib/data/load";
import { fillMissing } from "../../lib/data/missing";
import { parseTimeMs } from "../../lib/data/time";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-data-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test("parseCsv reads quotes, escaped quotes, commas and line breaks inside quotes, CRLF", () => {
  const t = parseCsv('a,b\r\n1,"x, ""y"""\r\n2,"two\nlines"\r\n');
  assert.deepEqual(t.header, ["a", "b"]);
  assert.deepEqual(t.columns.a, ["1", "2"]);
  assert.deepEqual(t.columns.b, ['x, "y"', "two\nlines"]);
  assert.throws(() => parseCsv("a,b\n1\n", "f.csv"), /f\.csv: data row 1 has 1 fields but the header has 2/);
  assert.throws(() => parseCsv('a\n"open\n', "f.csv"), /never closed/);
});

test("parseTimeMs reads the data sets' formats as UTC", () => {
  assert.equal(parseTimeMs("2000-06-05T00:30:00"), Date.UTC(2000, 5, 5, 0, 30));
  assert.equal(parseTimeMs("1949-03"), Date.UTC(1949, 2, 1));
  assert.equal(parseTimeMs("1960-Q3"), Date.UTC(1960, 6, 1));
  assert.equal(parseTimeMs("1821"), Date.UTC(1821, 0, 1));
  assert.equal(parseTimeMs("2000-01-01T02:00:00+02:00"), Date.UTC(2000, 0, 1));
  assert.ok(Number.isNaN(parseTimeMs("yesterday")));
});

test("loadCsv loads a user series with time, target and features", () => {
  const file = csv("ok.csv", "date,y,x,kind\n2020-01-01,1,10,a\n2020-01-02,2,20,b\n2020-01-03,3,30,a\n");
  const ds = loadCsv(file, { target: "y", features: ["x"] });
  assert.equal(ds.kind, "series");
  assert.equal(ds.length, 3);
  assert.deepEqual(Array.from(ds.columns.y), [1, 2, 3]);
  assert.deepEqual(Array.from(ds.columns.x), [10, 20, 30]);
  assert.deepEqual(ds.categories.kind, ["a", "b", "a"]);
  assert.equal(ds.time![2].toISOString(), "2020-01-03T00:00:00.000Z");
  assert.equal(ds.meta.timeColumn, "date");
  assert.equal(ds.meta.target, "y");
});

test("loadCsv errors name the problem and the fix", () => {
  assert.throws(() => loadCsv(path.join(dir, "nope.csv")), /nope\.csv does not exist: check the path/);
  const file = csv("e.csv", "date,y,x\n2020-01-01,1,5\n2020-01-02,2,6\n");
  assert.throws(() => loadCsv(file, { target: "z" }), /unknown target column 'z': the file has columns 'date', 'y', 'x'/);
  assert.throws(() => loadCsv(file, { target: "y", features: ["w"] }), /unknown feature column 'w'/);
  assert.throws(() => loadCsv(file), /no target column given and 2 columns are numeric \(y, x\): pass --target <column>/);
  const words = csv("w.csv", "date,y\n2020-01-01,1\n2020-01-02,lots\n");
  assert.throws(() => loadCsv(words, { target: "y" }), /column 'y' is not numeric \(row 2 holds 'lots'\)/);
  const gap = csv("gap.csv", "date,y\n2020-01-01,1\n2020-01-02,NA\n2020-01-03,3\n");
  assert.throws(() => loadCsv(gap, { target: "y" }), /column 'y' has 1 missing value\(s\), the first at row 2: pass --missing drop, interpolate or ffill/);
  const unordered = csv("u.csv", "date,y\n2020-01-02,1\n2020-01-01,2\n");
  assert.throws(() => loadCsv(unordered, { target: "y" }), /not strictly increasing at row 2: sort the file by time/);
  const badDate = csv("bd.csv", "date,y\n2020-01-01,1\nsoon,2\n");
  assert.throws(() => loadCsv(badDate, { target: "y" }), /row 2 holds 'soon', not a date/);
});

test("missing-value policies drop, interpolate (in time) and ffill give hand-computed values", () => {
  // Rows at days 1, 2, 4, 5: the gap at day 4 sits 2 days after 3 (day 2) and 1 day before 9 (day 5).
  const file = csv("m.csv", "date,y\n2020-01-01,1\n2020-01-02,3\n2020-01-04,\n2020-01-05,9\n");
  const dropped = loadCsv(file, { target: "y", missing: "drop" });
  assert.deepEqual(Array.from(dropped.columns.y), [1, 3, 9]);
  assert.deepEqual(dropped.time!.map((d) => d.getUTCDate()), [1, 2, 5]);
  assert.equal(dropped.meta.missing!.rowsDropped, 1);
  const interpolated = loadCsv(file, { target: "y", missing: "interpolate" });
  assert.deepEqual(Array.from(interpolated.columns.y), [1, 3, 3 + (9 - 3) * (2 / 3), 9]);
  assert.equal(interpolated.meta.missing!.valuesFilled, 1);
  assert.deepEqual(Array.from(loadCsv(file, { target: "y", missing: "ffill" }).columns.y), [1, 3, 3, 9]);
  assert.deepEqual(Array.from(fillMissing([NaN, 2, NaN, NaN, 8, NaN], "interpolate")), [2, 2, 4, 6, 8, 8]);
  assert.throws(() => fillMissing([NaN, 1], "ffill", { column: "y" }), /column 'y' starts with a missing value that ffill cannot fill/);
  assert.throws(() => loadCsv(file, { target: "y", missing: "guess" as never }), /policy 'guess' is unknown: use one of error, drop, interpolate, ffill/);
});

test("loadCsv loads text with a two-class label, and rejects empty text and other label sets", () => {
  const file = csv("t.csv", 'text,label\n"good, very",pos\nbad,neg\nfine,pos\n');
  const ds = loadCsv(file, { text: "text", label: "label" });
  assert.equal(ds.kind, "text");
  assert.deepEqual(ds.texts, ["good, very", "bad", "fine"]);
  assert.deepEqual(Array.from(ds.labels), [1, 0, 1]);
  assert.deepEqual(ds.meta.classNames, ["neg", "pos"]);
  const empty = csv("empty.csv", "text,label\n,1\n  ,0\n");
  assert.throws(() => loadCsv(empty, { text: "text", label: "label" }), /text column 'text' is empty in every row/);
  const three = csv("three.csv", "text,label\na,0\nb,1\nc,2\n");
  assert.throws(() => loadCsv(three, { text: "text", label: "label" }), /label column 'label' has 3 class\(es\) \('0', '1', '2'\): the sentiment task needs exactly two/);
  const one = csv("one.csv", "text,label\na,1\nb,1\n");
  assert.throws(() => loadCsv(one, { text: "text", label: "label" }), /has 1 class\(es\)/);
  const hole = csv("hole.csv", "text,label\na,1\n,0\nc,0\n");
  assert.throws(() => loadCsv(hole, { text: "text", label: "label" }), /row 2 has empty text in column 'text': pass --missing drop/);
  assert.deepEqual(loadCsv(hole, { text: "text", label: "label", missing: "drop" }).texts, ["a", "c"]);
  assert.throws(() => loadCsv(file, { text: "body", label: "label" }), /unknown text column 'body'/);
  assert.throws(() => loadCsv(file, { text: "text" }), /without a label column: pass label/);
});
