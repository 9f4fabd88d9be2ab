import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { loadSeries } from "../../lib/data/registry";
import { chronologicalSplit } from "../../lib/data/split-series";
import { forecasterParamCount } from "../../lib/models/forecaster";
import { classifierParamCount } from "../../lib/models/classifier";
import { measureCellChoice, measureShuffledTimeSteps, measureUnscaledInputs, shuffleTimeSteps } from "../../lib/analysis/pitfalls-forecast";
import { measurePaddingStrategy } from "../../lib/analysis/pitfalls-text";

/** Window n, step t, feature f holds 1000 n + 10 t + f: every value says where it came from. */
function labelledWindows(count: number, lookback: number, features: number): Float32Array {
  const x = new Float32Array(count * lookback * features);
  for (let n = 0; n < count; n++) for (let t = 0; t < lookback; t++) for (let f = 0; f < features; f++) x[(n * lookback + t) * features + f] = 1000 * n + 10 * t + f;
  return x;
}

test("shuffleTimeSteps: each window keeps its own steps, features move together, order is lost", () => {
  const [count, lookback, features] = [40, 12, 3];
  const x = labelledWindows(count, lookback, features);
  const shuffled = shuffleTimeSteps(x, [count, lookback, features], 5);
  let moved = 0;
  for (let n = 0; n < count; n++) {
    const steps: number[] = [];
    for (let t = 0; t < lookback; t++) {
      const base = (n * lookback + t) * features;
      const step = (shuffled[base] - 1000 * n) / 10;
      assert.ok(Number.isInteger(step) && step >= 0 && step < lookback, `window ${n} step ${t} came from another window: ${shuffled[base]}`);
      for (let f = 0; f < features; f++) assert.equal(shuffled[base + f], 1000 * n + 10 * step + f, "a step's features must move together");
      steps.push(step);
      if (step !== t) moved++;
    }
    assert.deepEqual([...steps].sort((a, b) => a - b), Array.from({ length: lookback }, (_, t) => t), `window ${n} is not a permutation of its steps`);
  }
  // A uniform permutation leaves about 1 of 12 steps in place; far more than half must have moved.
  assert.ok(moved > (count * lookback) / 2, `only ${moved} of ${count * lookback} steps moved`);
  assert.deepEqual(shuffleTimeSteps(x, [count, lookback, features], 5), shuffled, "the same seed gives the same permutation");
  assert.notDeepEqual(shuffleTimeSteps(x, [count, lookback, features], 6), shuffled, "another seed gives another permutation");
  assert.equal(x[(1 * lookback + 2) * features], 1020, "the input is not modified");
});

test("shuffleTimeSteps: a shape that does not match the data is an error naming both", () => {
  assert.throws(() => shuffleTimeSteps(new Float32Array(10), [2, 3, 2], 1), /10 values do not fill the shape \[2, 3, 2\]/);
});

const tiny = { units: 3, epochs: 1, patience: 1, batchSize: 256, lookback: 6 };

/** The naive forecast's MAE on electricity's test part computed from the raw column: |y_t - y_(t-1)| for the test targets. */
function naiveFromRaw(lookback: number): number {
  const series = loadSeries("electricity");
  const values = series.columns[series.meta.target];
  const { test: range } = chronologicalSplit(series, { train: 0.7, validation: 0.15 });
  let sum = 0;
  let count = 0;
  for (let t = range.start + lookback; t < range.end; t++) {
    sum += Math.abs(values[t] - values[t - 1]);
    count++;
  }
  return sum / count;
}

test("measureShuffledTimeSteps and measureUnscaledInputs: variants, parameter counts and the naive reference from the raw series", async () => {
  await initBackend({ quiet: true });
  const before = tf.memory().numTensors;
  const shuffled = await measureShuffledTimeSteps(tiny);
  const unscaled = await measureUnscaledInputs(tiny);
  assert.equal(tf.memory().numTensors, before, "the measurements must free every tensor they make");
  assert.deepEqual(shuffled.variants.map((v) => v.name), ["ordered steps", "shuffled steps"]);
  assert.deepEqual(unscaled.variants.map((v) => v.name), ["standardised", "raw inputs, standardised target", "raw inputs and target"]);
  const params = forecasterParamCount("gru", { lookback: 6, features: 1, units: 3 });
  const naive = naiveFromRaw(6);
  for (const m of [shuffled, unscaled]) {
    assert.equal(m.metric, "mae");
    assert.equal(m.unit, "MW");
    assert.ok(Math.abs(m.reference.value - naive) < 1e-3 * naive, `${m.pitfall}: naive MAE ${m.reference.value} vs ${naive} from the raw column`);
    for (const v of m.variants) {
      assert.equal(v.params, params);
      assert.equal(v.epochsRun, 1);
      assert.equal(v.history.length, 1);
      assert.ok(Number.isFinite(v.value) && v.value > 0, `${v.name}: MAE ${v.value}`);
    }
  }
  // One epoch of small Adam steps cannot move a head that starts near 0 to ~30,000 MW: the raw-target model is off by
  // most of the mean load, and worse than the standardised one.
  const series = loadSeries("electricity");
  const load = series.columns[series.meta.target];
  const meanLoad = load.reduce((s, v) => s + v, 0) / load.length;
  const rawTarget = unscaled.variants[2].value;
  assert.ok(rawTarget > 0.5 * meanLoad, `raw target MAE ${rawTarget} vs mean load ${meanLoad}`);
  assert.ok(rawTarget > unscaled.variants[0].value, `raw target MAE ${rawTarget} vs standardised ${unscaled.variants[0].value}`);
});

test("measureCellChoice: one variant per cell, each with its own parameter count", async () => {
  await initBackend({ quiet: true });
  const choice = await measureCellChoice(tiny);
  assert.deepEqual(choice.variants.map((v) => v.cell), ["rnn", "lstm", "gru"]);
  for (const v of choice.variants) assert.equal(v.params, forecasterParamCount(v.cell, { lookback: 6, features: 1, units: 3 }));
});

test("measurePaddingStrategy: pre, post and masked post-padding on the same words; majority reference", async () => {
  await initBackend({ quiet: true });
  const before = tf.memory().numTensors;
  const padding = await measurePaddingStrategy({ units: 2, epochs: 1, patience: 1, batchSize: 512, maxLen: 8, embeddingDim: 2, vocabSize: 200 });
  assert.equal(tf.memory().numTensors, before, "the measurement must free every tensor it makes");
  assert.deepEqual(padding.variants.map((v) => v.name), ["pre-padding", "post-padding, no mask", "post-padding, masked"]);
  assert.equal(padding.metric, "accuracy");
  // uci-sentences is balanced: 500 positive and 500 negative sentences per source.
  assert.ok(Math.abs(padding.reference.value - 0.5) < 0.02, `majority accuracy ${padding.reference.value}`);
  for (const v of padding.variants) {
    assert.ok(v.value >= 0 && v.value <= 1, `${v.name}: accuracy ${v.value}`);
    assert.equal(v.params, classifierParamCount("gru", { vocabSize: 200, maxLen: 8, embeddingDim: 2, units: 2 }));
  }
  const unmasked = await measurePaddingStrategy({ units: 2, epochs: 1, patience: 1, batchSize: 512, maxLen: 8, embeddingDim: 2, vocabSize: 200, masked: false });
  assert.deepEqual(unmasked.variants.map((v) => v.name), ["pre-padding", "post-padding, no mask"]);
});

test("pitfall measurements: bad settings are one-line errors naming the setting", async () => {
  await assert.rejects(measureCellChoice({ units: 0 }), /pitfalls: units must be a positive integer, got 0/);
  await assert.rejects(measureShuffledTimeSteps({ learningRate: Number.NaN }), /pitfalls: learningRate must be a positive number, got NaN/);
  await assert.rejects(measurePaddingStrategy({ maxLen: 2.5 }), /maxLen must be a positive integer, got 2.5/);
  await assert.rejects(measureUnscaledInputs({ dataset: "no-such-series" }), /no-such-series/);
});
