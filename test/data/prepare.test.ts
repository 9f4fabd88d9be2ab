import { test } from "node:test";
import assert from "node:assert/strict";
import { prepareForecastData, prepareTextData } from "../../lib/data/prepare";
import { loadSeries } from "../../lib/data/registry";
import { paddedRow } from "../../lib/data/padding";
import { OOV_ID } from "../../lib/data/tokenizer";

test("prepareForecastData fits the scaler on training rows only and windows each part separately", () => {
  const f = prepareForecastData("seattle-weather", { lookback: 14, horizon: 7, features: ["temp_min", "precipitation"], calendar: ["dayOfYear"] });
  const raw = loadSeries("seattle-weather").columns.temp_max;
  const train = Array.from(raw.subarray(0, f.split.train.end));
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  assert.ok(Math.abs((f.scaler!.stats as Record<string, { mean: number }>).temp_max.mean - mean) < 1e-9);
  assert.deepEqual(f.split.train, { start: 0, end: Math.floor(1461 * 0.7) });
  assert.deepEqual(f.windows.train.inputColumns, ["temp_max", "temp_min", "precipitation", "dayOfYear_sin", "dayOfYear_cos"]);
  assert.equal(f.windows.test.count, f.split.test.end - f.split.test.start - 14 - 7 + 1);
  // The first test window's targets, back in original units, are the raw temperatures of those rows.
  const block = f.windows.test.block(0, 1);
  const rows = f.windows.test.targetRows(0);
  const back = f.toOriginalUnits(block.y);
  for (let h = 0; h < 7; h++) assert.ok(Math.abs(back[h] - raw[rows.start + h]) < 1e-4, `${back[h]} vs ${raw[rows.start + h]}`);
  assert.throws(() => prepareForecastData("seattle-weather", { lookback: 14, horizon: 1, features: ["snow"] }), /unknown column 'snow'/);
  assert.throws(() => prepareForecastData("r/ldeaths", { lookback: 12, horizon: 1 }), /has 11 rows, shorter than lookback \+ horizon = 12 \+ 1/);
});

test("prepareTextData fits the vocabulary on training texts only and pads to a training-length percentile", () => {
  const t = prepareTextData("uci-sentences", { maxSize: 500, maxLenPercentile: 95 });
  assert.equal(t.train.x.shape[0], 2400);
  assert.equal(t.test.x.shape[0], 600);
  assert.equal(t.maxLen, t.lengths.percentile(95));
  assert.equal(t.tokenizer.vocabularySize, 500);
  const trainWords = new Set(Array.from(t.train.rows).flatMap((i) => t.tokenizer.tokenize(t.dataset.texts[i])));
  assert.ok(t.tokenizer.vocabulary.every((w) => trainWords.has(w)));
  const testOnly = Array.from(t.test.rows).flatMap((i) => t.tokenizer.tokenize(t.dataset.texts[i])).find((w) => !trainWords.has(w))!;
  assert.deepEqual(Array.from(t.tokenizer.encode(testOnly)), [OOV_ID]);
  for (let r = 0; r < 20; r++) assert.equal(t.train.y[r], t.dataset.labels[t.train.rows[r]]);
  const firstRow = Array.from(paddedRow(t.train.x, 0)).filter((id) => id !== 0);
  const ids = Array.from(t.tokenizer.encode(t.dataset.texts[t.train.rows[0]]));
  assert.deepEqual(firstRow, ids.slice(Math.max(0, ids.length - t.maxLen)));
  // Training order is shuffled, reproducibly; not file order.
  assert.notDeepEqual(Array.from(t.train.rows.subarray(0, 20)), Array.from(t.dataset.split!.train.subarray(0, 20)));
  assert.deepEqual(prepareTextData("uci-sentences", { maxSize: 500 }).train.rows, t.train.rows);
});

test("prepareForecastData with differencing: changes in, levels in `original`, rebuilt levels match the series", () => {
  const raw = loadSeries("sp500").columns.close;
  const f = prepareForecastData("sp500", { lookback: 5, horizon: 2, differencing: true, scaler: "none", maxTrainWindows: 100 });
  assert.equal(f.split.train.end + (f.split.validation.end - f.split.validation.start) + (f.split.test.end - f.split.test.start), raw.length - 1);
  const changes = f.windows.test.block(0, 1);
  const levels = f.original!.test.block(0, 1);
  // Row r of the prepared columns is row r + 1 of the series: x holds d_t = y_t - y_{t-1}, original holds y_t.
  const first = f.split.test.start;
  assert.equal(levels.x[0], Math.fround(raw[first + 1]));
  assert.equal(changes.x[0], Math.fround(raw[first + 1] - raw[first]));
  // y_{T+1} = y_T + d_{T+1}: the level target is the last input level plus the change target.
  assert.ok(Math.abs(levels.y[0] - (levels.x[4] + changes.y[0])) < 1e-3);
  // The cap keeps 100 training windows, evenly spaced from the first to near the last.
  assert.equal(f.trainIndices.length, 100);
  assert.equal(f.trainIndices[0], 0);
  const count = f.windows.train.count;
  assert.equal(f.trainIndices[99], Math.floor((99 * count) / 100));
  assert.ok(f.trainIndices.every((v, i) => i === 0 || v > f.trainIndices[i - 1]));
});

test("prepareTextData holds out a stratified validation part before fitting the vocabulary, and subsamples by label", () => {
  const all = prepareTextData("uci-sentences", { maxLen: 10, shuffle: false });
  const d = prepareTextData("uci-sentences", { maxLen: 10, shuffle: false, validation: { fraction: 0.2, seed: 3 }, subsample: { train: 1000, test: 300, seed: 5 } });
  const v = d.validation!;
  assert.equal(d.train.rows.length + v.rows.length, 1000);
  assert.equal(d.test.rows.length, 300);
  assert.ok(Math.abs(v.rows.length - 200) <= 1, `validation ${v.rows.length}`);
  // Disjoint parts, all drawn from the full training part; the test rows from the full test part.
  const trainSet = new Set(all.train.rows);
  const seen = new Set<number>();
  for (const r of [...d.train.rows, ...v.rows]) {
    assert.ok(trainSet.has(r), `row ${r} is not a training row`);
    assert.ok(!seen.has(r), `row ${r} twice`);
    seen.add(r);
  }
  const testSet = new Set(all.test.rows);
  assert.ok([...d.test.rows].every((r) => testSet.has(r)));
  // Stratified: the positive share of each part is within one text of the whole training part's.
  const share = (y: Float32Array) => y.reduce((a, b) => a + b, 0) / y.length;
  assert.ok(Math.abs(share(v.y) - share(all.train.y)) <= 1 / v.y.length + 1e-9);
  // The vocabulary saw only the remaining training texts: a word only in validation texts is out of vocabulary.
  const fitted = new Set(d.train.rows);
  const words = (i: number) => d.dataset.texts[i].toLowerCase().match(/[a-z']+/g) ?? [];
  const trainWords = new Set([...fitted].flatMap(words));
  const onlyValidation = [...v.rows].flatMap(words).find((w) => !trainWords.has(w) && /^[a-z]+$/.test(w));
  assert.ok(onlyValidation !== undefined, "expected a word that occurs only in validation texts");
  assert.equal(d.tokenizer.encode(onlyValidation)[0], OOV_ID);
});
