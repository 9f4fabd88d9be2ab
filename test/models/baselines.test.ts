import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLinearAutoregression, naiveForecast, seasonalNaiveForecast } from "../../lib/models/forecast-baselines";
import { fitBagOfWordsLogistic, fitMajorityClass } from "../../lib/models/text-baselines";
import { createRng } from "../../lib/random";

test("naive repeats the last value; seasonal naive repeats the last season", () => {
  assert.deepEqual(naiveForecast([1, 2, 3], 2), [3, 3]);
  assert.deepEqual(seasonalNaiveForecast([1, 2, 3, 4, 5, 6], 4, 3), [4, 5, 6, 4]);
  assert.deepEqual(seasonalNaiveForecast([7, 8], 3, 1), [8, 8, 8]);
  assert.throws(() => seasonalNaiveForecast([1, 2], 1, 3), /needs at least one season \(3\)/);
});

test("linear AR recovers exact linear relations for each horizon step", () => {
  const rng = createRng(5);
  const windows: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 200; i++) {
    const w = [rng.uniform(-5, 5), rng.uniform(-5, 5), rng.uniform(-5, 5)];
    windows.push(w);
    // order 2 uses the last two values only
    targets.push([0.6 * w[2] - 0.2 * w[1] + 2, 3 * w[1] + w[2] - 1]);
  }
  const ar = fitLinearAutoregression(windows, targets, { order: 2 });
  const tol = 1e-4;
  assert.ok(Math.abs(ar.coefficients[0][0] - -0.2) < tol && Math.abs(ar.coefficients[0][1] - 0.6) < tol, String(ar.coefficients[0]));
  assert.ok(Math.abs(ar.intercepts[0] - 2) < tol);
  assert.ok(Math.abs(ar.coefficients[1][0] - 3) < tol && Math.abs(ar.coefficients[1][1] - 1) < tol);
  assert.ok(Math.abs(ar.intercepts[1] - -1) < tol);
  const [a, b] = ar.predict([100, 1, 2]);
  assert.ok(Math.abs(a - (0.6 * 2 - 0.2 * 1 + 2)) < 1e-3 && Math.abs(b - (3 + 2 - 1)) < 1e-3);
});

test("linear AR on a series' lag windows forecasts a noiseless AR(1) exactly", () => {
  const series = [10];
  for (let t = 1; t < 60; t++) series.push(0.5 * series[t - 1] + 3); // y_t = 0.5 y_{t-1} + 3
  // the fixed point is 6; a noiseless AR(1) is fitted from the first (non-converged) windows
  const windows = series.slice(0, 8).map((v) => [v]);
  const targets = series.slice(1, 9).map((v) => [v]);
  const ar = fitLinearAutoregression(windows, targets);
  assert.ok(Math.abs(ar.predict([4])[0] - 5) < 1e-4);
  assert.throws(() => fitLinearAutoregression([[1]], [[2]]), /1 training windows for 1 lags/);
});

test("majority class predicts the more frequent label", () => {
  const model = fitMajorityClass([1, 1, 0]);
  const scores = model.predictProba([[1], [2]]);
  assert.deepEqual(scores, [2 / 3, 2 / 3]);
  assert.ok(fitMajorityClass([0, 0, 1]).predictProba([[3]])[0] < 0.5);
});

test("bag-of-words logistic regression learns which word carries the label", () => {
  const rng = createRng(3);
  const docs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 400; i++) {
    const label = i % 2;
    const noise = Array.from({ length: 5 }, () => 3 + rng.int(20));
    docs.push([0, 0, ...noise, label === 1 ? 1 : 2]); // leading zeros are padding
    labels.push(label);
  }
  const model = fitBagOfWordsLogistic(docs, labels, { vocabSize: 30, seed: 1 });
  assert.ok(model.weights[1] > 1 && model.weights[2] < -1, `weights ${model.weights[1]}, ${model.weights[2]}`);
  const [pos, neg] = model.predictProba([[7, 1], [7, 2]]);
  assert.ok(pos > 0.9 && neg < 0.1, `${pos} ${neg}`);
  const again = fitBagOfWordsLogistic(docs, labels, { vocabSize: 30, seed: 1 });
  assert.deepEqual(Array.from(again.weights), Array.from(model.weights));
});
