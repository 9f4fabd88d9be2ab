/**
 * Scoring a large part batch by batch (issue 11): predictInBatches on inputs built per batch into one reused buffer
 * gives the same outputs as on one tensor of every input, in order, whatever the batch size; Windows.fill copies
 * exactly what Windows.block materialises.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { makeWindows } from "../../lib/data/windows";
import { buildForecaster } from "../../lib/models/forecaster";
import { predictInBatches, type BatchedInputs } from "../../lib/train/evaluate";

/** Windows (lookback 6, horizon 2) over 0.1 i + sin(i / 3), i < rows, with a second input column. */
function windowsOf(rows: number) {
  const value = Float64Array.from({ length: rows }, (_, i) => 0.1 * i + Math.sin(i / 3));
  const other = Float64Array.from({ length: rows }, (_, i) => Math.cos(i / 7));
  return makeWindows({ columns: { value, other } }, { lookback: 6, horizon: 2, target: "value", features: ["other"] });
}

test("Windows.fill writes windows into a caller's buffer exactly as block() materialises them", () => {
  const windows = windowsOf(40);
  const block = windows.block(3, 11);
  const x = new Float32Array(8 * 6 * 2 + 5).fill(-9); // larger than needed: the tail is left alone
  const y = new Float32Array(8 * 2);
  windows.fill(3, 11, { x, y });
  assert.deepEqual(Array.from(x.subarray(0, block.x.length)), Array.from(block.x));
  assert.deepEqual(Array.from(x.subarray(block.x.length)), [-9, -9, -9, -9, -9]);
  assert.deepEqual(Array.from(y), Array.from(block.y));
  // window 3 starts at row 3: first input (value, other) at row 3, first target at row 3 + 6
  assert.equal(x[0], Math.fround(0.3 + Math.sin(1)));
  assert.equal(x[1], Math.fround(Math.cos(3 / 7)));
  assert.equal(y[0], Math.fround(0.9 + Math.sin(3)));
  assert.throws(() => windows.fill(0, 8, { x: new Float32Array(10) }), /fewer than 8 windows/);
});

test("predictInBatches on windows built per batch equals predicting one tensor of them all", async () => {
  await initBackend({ quiet: true });
  const windows = windowsOf(300);
  const model = buildForecaster("lstm", { lookback: 6, features: 2, horizon: 2, units: 5, seed: 3 });
  const all = windows.block();
  const x = tf.tensor3d(all.x, all.xShape);
  const before = tf.memory().numTensors;
  const eager = predictInBatches(model, x);
  const lazyInputs: BatchedInputs = { count: windows.count, exampleShape: [6, 2], fill: (from, to, into) => windows.fill(from, to, { x: into }) };
  const seen: number[] = [];
  const lazy = predictInBatches(model, lazyInputs, { batchSize: 37, onProgress: (done, total) => seen.push(done / total) });
  assert.equal(tf.memory().numTensors, before, "no tensor left behind");
  assert.equal(eager.length, windows.count * 2);
  assert.equal(lazy.length, eager.length);
  for (let i = 0; i < eager.length; i++) assert.ok(Math.abs(lazy[i] - eager[i]) <= 1e-6, `output ${i}: ${lazy[i]} vs ${eager[i]}`);
  assert.equal(seen.length, Math.ceil(windows.count / 37));
  assert.equal(seen[seen.length - 1], 1);
  x.dispose();
  model.dispose();
});
