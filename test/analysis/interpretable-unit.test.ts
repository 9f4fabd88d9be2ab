import { test } from "node:test";
import assert from "node:assert/strict";
import { findInterpretableUnit, pearson, textFeature } from "../../lib/analysis/interpretable-unit";

test("text features: inside quotes, position in word, end of name", () => {
  assert.deepEqual(Array.from(textFeature('a "bc" d', "insideQuotes")), [0, 0, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(textFeature("ab cde.", "positionInWord")), [1, 2, 0, 1, 2, 3, 0]);
  assert.deepEqual(Array.from(textFeature(".ann.bo", "endOfName")), [0, 0, 0, 1, 0, 0, 1]);
});

test("pearson: ±1 for linear relations, 0 for a constant series", () => {
  assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3], [3, 2, 1]) + 1) < 1e-12);
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
});

test("findInterpretableUnit finds the unit planted to track the feature, with its sign", () => {
  const feature = Array.from({ length: 200 }, (_, t) => (Math.floor(t / 10) % 2 === 0 ? 1 : 0));
  const units = 5;
  const states = new Float32Array(200 * units);
  for (let t = 0; t < 200; t++) {
    for (let j = 0; j < units; j++) states[t * units + j] = Math.sin(t * (j + 1) * 0.37);
    states[t * units + 3] = -0.8 * feature[t] + 0.05 * Math.sin(t);
  }
  const found = findInterpretableUnit(states, units, feature);
  assert.equal(found.unit, 3);
  assert.ok(found.correlation < -0.95, String(found.correlation));
  assert.equal(found.activations[0], states[3]);
  assert.ok(found.medianCorrelation < 0.3);
  assert.throws(() => findInterpretableUnit(states, 4, feature), /pass \[steps, units\]/);
});
