import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { CELL_NAMES } from "../../lib/cells/types";
import { buildForecaster, forecasterParamCount } from "../../lib/models/forecaster";
import { buildSentimentClassifier, classifierParamCount } from "../../lib/models/classifier";
import { unitsForParamBudget } from "../../lib/models/params";

test("forecaster: output shape [batch, horizon] and parameter formula equal to TF.js's count", async () => {
  await initBackend({ quiet: true });
  for (const cell of CELL_NAMES) {
    const options = { lookback: 6, features: 2, horizon: 3, units: 5, layers: 2 };
    const model = buildForecaster(cell, options);
    assert.equal(model.countParams(), forecasterParamCount(cell, options), cell);
    const out = tf.tidy(() => model.predict(tf.zeros([4, 6, 2])) as tf.Tensor);
    assert.deepEqual(out.shape, [4, 3]);
    out.dispose();
    model.dispose();
  }
});

test("sentiment classifier: probabilities in (0,1) and parameter formula, one and two directions", async () => {
  await initBackend({ quiet: true });
  for (const cell of CELL_NAMES) {
    for (const bidirectional of [false, true]) {
      const options = { vocabSize: 50, maxLen: 7, embeddingDim: 4, units: 3, bidirectional };
      const model = buildSentimentClassifier(cell, options);
      assert.equal(model.countParams(), classifierParamCount(cell, options), `${cell} bidirectional=${bidirectional}`);
      const out = tf.tidy(() => model.predict(tf.tensor2d([[0, 0, 3, 4, 5, 6, 7]], [1, 7], "int32")) as tf.Tensor);
      assert.deepEqual(out.shape, [1, 1]);
      const p = out.dataSync()[0];
      assert.ok(p > 0 && p < 1, String(p));
      out.dispose();
      model.dispose();
    }
  }
});

test("the same seed builds the same weights; another seed builds others", async () => {
  await initBackend({ quiet: true });
  const weights = (seed: number) => {
    const model = buildForecaster("lstm", { lookback: 4, features: 1, units: 3, seed });
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(7), weights(7));
  assert.notDeepEqual(weights(7), weights(8));
});

test("unitsForParamBudget returns the unit count closest to the budget", () => {
  const budget = forecasterParamCount("lstm", { lookback: 10, features: 1, units: 32 });
  for (const cell of CELL_NAMES) {
    const count = (units: number) => forecasterParamCount(cell, { lookback: 10, features: 1, units });
    const units = unitsForParamBudget(budget, count);
    const gap = (u: number) => Math.abs(count(u) - budget);
    assert.ok(gap(units) <= gap(units - 1) && gap(units) <= gap(units + 1), `${cell}: ${units}`);
  }
  assert.equal(unitsForParamBudget(budget, (u) => forecasterParamCount("lstm", { lookback: 10, features: 1, units: u })), 32);
});

test("bad sizes are rejected with the name of the option", () => {
  assert.throws(() => buildForecaster("gru", { lookback: 0, features: 1 }), /lookback must be a positive integer, got 0/);
  assert.throws(() => buildSentimentClassifier("rnn", { vocabSize: 10, maxLen: 2.5 }), /maxLen must be a positive integer/);
});

test("embedding gradients work on this backend (UnsortedSegmentSum, registered in JS for wasm by initBackend)", async () => {
  await initBackend({ quiet: true });
  const sums = tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([1, 0, 1], "int32"), 3);
  assert.deepEqual(sums.arraySync(), [[3, 4], [6, 8], [0, 0]]);
  // d/dE of sum(gather(E, ids)) counts how often each row was looked up
  const table = tf.variable(tf.zeros([4, 2]));
  const grad = tf.grad((e: tf.Tensor) => tf.sum(tf.gather(e, tf.tensor1d([2, 0, 2, 2], "int32"))))(table);
  assert.deepEqual(grad.arraySync(), [[1, 1], [0, 0], [3, 3], [0, 0]]);
  tf.dispose([sums, table, grad]);
});
