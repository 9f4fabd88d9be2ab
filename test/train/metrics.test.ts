import { test } from "node:test";
import assert from "node:assert/strict";
import {
  classificationMetrics,
  forecastMetrics,
  meanAbsoluteScaledError,
  rocAuc,
  seasonalNaiveScale,
  symmetricMape,
} from "../../lib/train/metrics";

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

test("forecast metrics match hand-computed values", () => {
  // errors 1, 0, 1, 2
  const m = forecastMetrics([1, 2, 3, 4], [2, 2, 2, 2], [1, 3, 2, 4, 3], 1);
  close(m.mae, 1);
  close(m.rmse, Math.sqrt(6 / 4));
  // sMAPE terms 2/3, 0, 2/5, 4/6
  close(m.smape, (100 * (2 / 3 + 0 + 2 / 5 + 4 / 6)) / 4);
  // in-sample naive errors |3-1|, |2-3|, |4-2|, |3-4| -> mean 1.5
  close(m.mase, 1 / 1.5);
  // season 2: |2-1|, |4-3|, |3-2| -> mean 1
  close(meanAbsoluteScaledError([1, 2, 3, 4], [2, 2, 2, 2], [1, 3, 2, 4, 3], 2), 1);
});

test("sMAPE counts 0/0 as 0 and MASE rejects a constant training series", () => {
  close(symmetricMape([0, 2], [0, 2]), 0);
  close(symmetricMape([0], [5]), 200);
  assert.throws(() => seasonalNaiveScale([3, 3, 3], 1), /constant at lag 1/);
  assert.throws(() => seasonalNaiveScale([1, 2], 2), /needs more than the season 2/);
});

test("forecast metrics reject NaN and mismatched lengths with a clear message", () => {
  assert.throws(() => forecastMetrics([1, Number.NaN], [1, 2], [1, 2, 3], 1), /value 1 is not finite/);
  assert.throws(() => forecastMetrics([1, 2], [1], [1, 2, 3], 1), /2 actual values but 1 predictions/);
  assert.throws(() => forecastMetrics([], [], [1, 2, 3], 1), /no values to score/);
});

test("classification metrics match a hand-computed confusion matrix and AUC", () => {
  const labels = [1, 1, 0, 0, 1, 0];
  const scores = [0.9, 0.4, 0.6, 0.2, 0.7, 0.1];
  const m = classificationMetrics(labels, scores);
  assert.deepEqual(m.confusion, [
    [2, 1],
    [1, 2],
  ]);
  close(m.accuracy, 4 / 6);
  close(m.precision, 2 / 3);
  close(m.recall, 2 / 3);
  close(m.f1, 2 / 3);
  // positive/negative pairs ranked correctly: 0.9 > all 3, 0.4 > 2, 0.7 > all 3 -> 8 of 9
  close(m.rocAuc, 8 / 9);
});

test("ROC-AUC counts ties as one half and is NaN with one class", () => {
  close(rocAuc([1, 0], [0.5, 0.5]), 0.5);
  // positive/negative pairs: (0.8, 0.8) = 1/2, (0.8, 0.1) = 1, (0.3, 0.8) = 0, (0.3, 0.1) = 1
  close(rocAuc([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1]), 2.5 / 4);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.9])));
  assert.throws(() => classificationMetrics([2], [0.5]), /label 0 is 2, expected 0 or 1/);
});

test("precision and F1 are 0, not NaN, when nothing is predicted positive", () => {
  const m = classificationMetrics([1, 0, 0], [0.1, 0.2, 0.3]);
  assert.equal(m.precision, 0);
  assert.equal(m.recall, 0);
  assert.equal(m.f1, 0);
  close(m.accuracy, 2 / 3);
});
