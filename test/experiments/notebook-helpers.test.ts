import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../lib/backend";
import { prepareForecast } from "../../lib/experiments/forecast-task";
import { mostConfidentMistakes, weatherForecastTasks } from "../../lib/experiments/notebook-helpers";
import { createJobRunner } from "../../lib/experiments/suite";
import { loadSeries } from "../../lib/data/registry";

test("mostConfidentMistakes returns the wrong predictions, surest first", () => {
  const labels = [1, 0, 1, 0, 1, 0];
  const scores = [0.9, 0.6, 0.02, 0.1, 0.45, 0.99];
  // wrong: #1 (0 scored 0.6, off by 0.6), #2 (1 scored 0.02, off by 0.98), #4 (1 scored 0.45, off by 0.55), #5 (0 scored 0.99)
  assert.deepEqual(
    mostConfidentMistakes(labels, scores, 3).map((m) => m.index),
    [5, 2, 1],
  );
  assert.deepEqual(mostConfidentMistakes(labels, scores, 10).map((m) => m.index), [5, 2, 1, 4]);
  assert.deepEqual(mostConfidentMistakes(labels, scores, 10)[1], { index: 2, label: 1, score: 0.02 });
  // a score exactly at the threshold counts as class 1
  assert.deepEqual(mostConfidentMistakes([0, 1], [0.5, 0.5], 5).map((m) => m.index), [0]);
  assert.deepEqual(mostConfidentMistakes([1, 0], [0.8, 0.3], 5), []);
});

test("mostConfidentMistakes rejects mismatched lengths, NaN scores and bad labels by name", () => {
  assert.throws(() => mostConfidentMistakes([1, 0], [0.5], 1), /2 labels but 1 scores/);
  assert.throws(() => mostConfidentMistakes([1, 0], [0.5, Number.NaN], 1), /score 1 is NaN/);
  assert.throws(() => mostConfidentMistakes([2], [0.5], 1), /label 0 is 2/);
  assert.throws(() => mostConfidentMistakes([1], [0.5], -1), /count must be/);
});

test("the weather tasks differ only in their input columns: same test targets, same baseline scores", async () => {
  await initBackend({ quiet: true });
  const [univariate, multivariate] = weatherForecastTasks("tiny");
  const one = prepareForecast(univariate);
  const four = prepareForecast(multivariate);
  assert.equal(one.scaled.train.inputSize, 1);
  assert.equal(four.scaled.train.inputSize, 4);
  assert.deepEqual(one.original.test.block().y, four.original.test.block().y);
  // the first test target is temp_max on the first test row after the lookback
  const series = loadSeries("seattle-weather");
  assert.equal(one.original.test.block().y[0], Math.fround(series.columns.temp_max[one.split.test.start + univariate.lookback]));
  const runner = createJobRunner([univariate, multivariate]);
  const naiveOne = await runner.run({ task: univariate.name, model: "naive", seed: 1 });
  const naiveFour = await runner.run({ task: multivariate.name, model: "naive", seed: 1 });
  assert.deepEqual(naiveOne.metrics, naiveFour.metrics);
  const gru = await runner.run({ task: multivariate.name, model: "gru", seed: 1 });
  assert.ok(Number.isFinite(gru.metrics.mae) && gru.metrics.mae > 0);
});

test("weatherForecastTasks sizes grow with the scale and unknown scales are refused", () => {
  const [quick] = weatherForecastTasks("quick");
  const [full] = weatherForecastTasks("full");
  assert.ok(full.lookback > quick.lookback && full.model.units > quick.model.units);
  assert.throws(() => weatherForecastTasks("huge" as never), /unknown scale 'huge'/);
});
