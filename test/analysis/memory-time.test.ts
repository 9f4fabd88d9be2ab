import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { createCell } from "../../lib/cells/layer";
import { type GatedCell, memoryTimeConstants } from "../../lib/analysis/memory-time";

/** A cell whose forget gate is the constant `keep[j]` per unit: tau must be -1 / ln(keep[j]) exactly. */
function constantGateCell(keep: number[]): GatedCell {
  return {
    units: keep.length,
    initialState: (batch) => ({ h: tf.zeros([batch, keep.length]) as tf.Tensor2D, c: tf.zeros([batch, keep.length]) as tf.Tensor2D }),
    step: (x, state) => ({ h: tf.clone(state.h), c: tf.clone(state.c!), gates: { forgetGate: tf.tensor2d([keep]) } }),
  };
}

test("memoryTimeConstants: a constant keep gate k gives tau = -1 / ln k (hand-computed)", async () => {
  await initBackend({ quiet: true });
  const keep = [0.5, 0.9, Math.exp(-1 / 20)];
  const result = memoryTimeConstants(constantGateCell(keep), Array.from({ length: 10 }, () => [0]), { warmUp: 2 });
  assert.equal(result.gates.forgetGate.length, 8);
  const expected = keep.map((k) => -1 / Math.log(k)); // 1.4427, 9.49, 20
  result.units.forEach((u, j) => assert.ok(Math.abs(u.tau - expected[j]) < 1e-3 * expected[j], `unit ${j}: ${u.tau} vs ${expected[j]}`));
  assert.ok(Math.abs(result.medianTau - expected[1]) < 1e-2);
  assert.ok(Math.abs(result.longestTau - 20) < 0.05);
});

test("memoryTimeConstants: a fresh LSTM on zero input has f = sigma(1), so tau = 1 / ln(1 + e^-1) = 3.2 steps", async () => {
  await initBackend({ quiet: true });
  const cell = createCell("lstm", { units: 4, seed: 1 });
  // Zero input and zero start: every pre-activation is the bias, h stays small, f stays near sigma(1) = 0.731.
  const result = memoryTimeConstants(cell, Array.from({ length: 5 }, () => [0]));
  for (const u of result.units) assert.ok(Math.abs(u.tau - 1 / Math.log(1 + Math.exp(-1))) < 0.3, `unit ${u.unit}: ${u.tau}`);
  assert.throws(() => memoryTimeConstants(cell, [[0]], { gate: "updateGate" }), /no gate 'updateGate'/);
  for (const w of cell.weights) w.dispose();
});

test("stateStatistics: a constant gate fills one histogram bin; h = 0 gives tanh' = 1 (hand-computed)", async () => {
  await initBackend({ quiet: true });
  const { stateStatistics } = await import("../../lib/analysis/state-statistics");
  const cell = {
    units: 2,
    initialState: (batch: number) => ({ h: tf.zeros([batch, 2]) as tf.Tensor2D }),
    step: (x: tf.Tensor2D, state: { h: tf.Tensor2D }) => ({ h: tf.mul(state.h, 0) as tf.Tensor2D, gates: { updateGate: tf.fill([x.shape[0], 2], 0.95) as tf.Tensor2D } }),
  };
  const inputs = tf.zeros([3, 4, 1]) as tf.Tensor3D;
  const stats = stateStatistics(cell, inputs);
  assert.equal(stats.meanTanhDerivative, 1);
  assert.equal(stats.keepGate, "updateGate");
  assert.ok(Math.abs(stats.meanKeep! - 0.95) < 1e-6);
  assert.deepEqual(stats.keepHistogram, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  inputs.dispose();
});
