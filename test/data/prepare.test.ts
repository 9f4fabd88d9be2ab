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
