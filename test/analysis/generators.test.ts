import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { ADDING_BASELINE_MSE, addingConstantMse, addingProblem, addingTensors } from "../../lib/analysis/adding";
import { copyBaselineLoss, copyMemory } from "../../lib/analysis/copy";
import { memoryTask } from "../../lib/analysis/tasks";
import { seededUniform } from "../../lib/random";

test("adding problem: two markers, one per half, and the target is the sum of the two marked values", () => {
  const length = 13;
  const batch = addingProblem(200, length, 7);
  assert.equal(batch.inputs.length, 200 * length * 2);
  for (let n = 0; n < batch.count; n++) {
    const marked: number[] = [];
    let sum = 0;
    for (let t = 0; t < length; t++) {
      const value = batch.inputs[(n * length + t) * 2];
      const marker = batch.inputs[(n * length + t) * 2 + 1];
      assert.ok(value >= 0 && value < 1, `value ${value} outside [0, 1)`);
      assert.ok(marker === 0 || marker === 1);
      if (marker === 1) {
        marked.push(t);
        sum += value;
      }
    }
    assert.equal(marked.length, 2);
    assert.ok(marked[0] < 6 && marked[1] >= 6, `markers at ${marked} are not one per half (half = 6)`);
    assert.deepEqual(marked, [batch.markers[2 * n], batch.markers[2 * n + 1]]);
    assert.ok(Math.abs(batch.targets[n] - sum) < 1e-6);
  }
});

test("adding problem: the same seed gives the same sequences, another seed others", () => {
  const a = addingProblem(5, 10, 1);
  assert.deepEqual(a.inputs, addingProblem(5, 10, 1).inputs);
  assert.notDeepEqual(a.inputs, addingProblem(5, 10, 2).inputs);
  // A stream keeps drawing new sequences: two batches of 5 are not the same batch twice.
  const stream = seededUniform(1);
  assert.notDeepEqual(addingProblem(5, 10, stream).inputs, addingProblem(5, 10, stream).inputs);
});

test("adding problem: predicting 1 scores MSE 1/6 on a large sample, and the task's loss agrees", async () => {
  const batch = addingProblem(100_000, 4, 11);
  const mse = addingConstantMse(batch);
  assert.ok(Math.abs(mse - 1 / 6) < 0.003, `baseline MSE ${mse}, expected about 0.1667`); // standard error ~0.0006
  assert.ok(Math.abs(ADDING_BASELINE_MSE - 0.16667) < 1e-5);
  await initBackend({ quiet: true });
  const small = addingProblem(1000, 4, 12);
  const { inputs, targets } = addingTensors(small);
  const loss = memoryTask("adding", 4).loss(targets, tf.onesLike(targets));
  assert.ok(Math.abs(loss.dataSync()[0] - addingConstantMse(small)) < 1e-5);
  tf.dispose([inputs, targets, loss]);
});

test("adding problem: bad sizes are clear errors", () => {
  assert.throws(() => addingProblem(3, 1, 1), /length must be an integer >= 2/);
  assert.throws(() => addingProblem(0, 10, 1), /count must be a positive integer/);
  assert.throws(() => addingProblem(3, 10, Number.NaN), /seed must be a finite number/);
});

test("copy memory: L symbols, T-1 blanks, L+1 delimiters; the target repeats the symbols after T+L blanks", () => {
  const blank = 6;
  const L = 3;
  const S = 4;
  const batch = copyMemory(50, { blank, copyLength: L, symbols: S }, 3);
  assert.equal(batch.length, blank + 2 * L);
  assert.equal(batch.classes, S + 2);
  for (let n = 0; n < batch.count; n++) {
    const read: number[] = [];
    for (let t = 0; t < batch.length; t++) {
      const row = Array.from(batch.inputs.subarray((n * batch.length + t) * batch.classes, (n * batch.length + t + 1) * batch.classes));
      assert.equal(row.reduce((a, b) => a + b, 0), 1, "each input step is one-hot");
      read.push(row.indexOf(1));
    }
    const symbols = read.slice(0, L);
    assert.ok(symbols.every((s) => s >= 1 && s <= S));
    assert.deepEqual(read.slice(L, L + blank - 1), new Array(blank - 1).fill(0));
    assert.deepEqual(read.slice(L + blank - 1), new Array(L + 1).fill(S + 1));
    const target = Array.from(batch.targets.subarray(n * batch.length, (n + 1) * batch.length));
    assert.deepEqual(target, [...new Array(blank + L).fill(0), ...symbols]);
  }
});

test("copy memory: the baseline is L ln S / (T + 2L), and the memoryless predictor scores it under the task's loss", async () => {
  assert.ok(Math.abs(copyBaselineLoss({ blank: 100 }) - 0.173287) < 1e-5); // 10 ln 8 / 120 (Bai et al.)
  await initBackend({ quiet: true });
  const task = memoryTask("copy", 5);
  const batch = copyMemory(20, { blank: 5 }, 4);
  // Blank with certainty before the recall, a uniform guess over the 8 symbols during it.
  const logits = tf.tidy(() => {
    const perStep = Array.from({ length: batch.length }, (_, t) =>
      t < 5 + 10 ? [50, ...new Array(9).fill(-50)] : [-50, ...new Array(8).fill(0), -50],
    );
    return tf.tile(tf.tensor3d([perStep]), [batch.count, 1, 1]);
  });
  const targets = tf.oneHot(tf.tensor2d(batch.targets, [batch.count, batch.length], "int32"), 10).toFloat();
  const loss = task.loss(targets, logits).dataSync()[0];
  assert.ok(Math.abs(loss - copyBaselineLoss({ blank: 5 })) < 1e-4, `loss ${loss}`);
  assert.ok(Math.abs(task.baseline - (10 * Math.log(8)) / 25) < 1e-9);
  tf.dispose([logits, targets]);
});

test("solved rules: adding below 0.01 (5% of 1/6 is looser), copy below 10% of its baseline", () => {
  const adding = memoryTask("adding", 20);
  assert.equal(adding.solved(0.0099), true);
  assert.equal(adding.solved(0.0101), false);
  const copy = memoryTask("copy", 20);
  assert.equal(copy.solved(0.09 * copy.baseline), true);
  assert.equal(copy.solved(0.11 * copy.baseline), false);
  assert.throws(() => copyMemory(2, { blank: 0 }, 1), /blank must be an integer >= 1/);
});
