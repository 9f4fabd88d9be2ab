import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { buildForecaster } from "../../lib/models/forecaster";
import { clipByGlobalNorm, evaluateLoss, trainModel, trainStep, type TrainData } from "../../lib/train/fit";

/** Windows of a sine wave: predict the next value from 8 previous ones. */
function sineData(count: number, offset: number): TrainData {
  const xs: number[][][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < count; i++) {
    const start = (i + offset) * 0.37;
    xs.push(Array.from({ length: 8 }, (_, t) => [Math.sin(start + t * 0.3)]));
    ys.push([Math.sin(start + 8 * 0.3)]);
  }
  return { x: tf.tensor3d(xs), y: tf.tensor2d(ys) };
}

test("clipByGlobalNorm scales all gradients by clip / global norm, only above the clip", async () => {
  await initBackend({ quiet: true });
  const grads = [tf.tensor1d([3]), tf.tensor1d([4])]; // global norm 5
  const clipped = clipByGlobalNorm(grads, 1);
  assert.deepEqual(clipped.map((g) => Array.from(g.dataSync()).map((v) => Number(v.toFixed(6)))), [[0.6], [0.8]]);
  const kept = clipByGlobalNorm(grads, 10);
  assert.deepEqual(kept.map((g) => Array.from(g.dataSync())), [[3], [4]]);
  tf.dispose([...grads, ...clipped, ...kept]);
});

test("trainStep: the loss before the step, the unclipped global norm, and the clipped update (hand-computed)", async () => {
  await initBackend({ quiet: true });
  // L = 0.5 (a² + b²) at a = 3, b = 4: L = 12.5, g = (3, 4), ‖g‖ = 5. Plain SGD with lr 0.1.
  const run = (clipNorm: number) => {
    const a = tf.variable(tf.tensor1d([3]));
    const b = tf.variable(tf.tensor1d([4]));
    const optimizer = tf.train.sgd(0.1);
    const lossOf = () => tf.mul(0.5, tf.add(tf.sum(tf.square(a)), tf.sum(tf.square(b)))) as tf.Scalar;
    const step = tf.tidy(() => trainStep(optimizer, [a, b], lossOf, clipNorm));
    const after = [a.dataSync()[0], b.dataSync()[0]];
    optimizer.dispose();
    tf.dispose([a, b]);
    return { ...step, after };
  };
  const free = run(0);
  assert.ok(Math.abs(free.loss - 12.5) < 1e-6 && Math.abs(free.gradientNorm - 5) < 1e-6);
  // θ - lr g = (3 - 0.3, 4 - 0.4)
  assert.ok(Math.abs(free.after[0] - 2.7) < 1e-6 && Math.abs(free.after[1] - 3.6) < 1e-6, `${free.after}`);
  const clipped = run(1);
  // g clipped to norm 1: (0.6, 0.8); the reported norm is still the unclipped 5.
  assert.ok(Math.abs(clipped.gradientNorm - 5) < 1e-6);
  assert.ok(Math.abs(clipped.after[0] - 2.94) < 1e-6 && Math.abs(clipped.after[1] - 3.92) < 1e-6, `${clipped.after}`);
});

test("training lowers the loss, restores the best epoch's weights and does not leak tensors", async () => {
  await initBackend({ quiet: true });
  const train = sineData(64, 0);
  const validation = sineData(16, 500);
  const model = buildForecaster("gru", { lookback: 8, features: 1, units: 6, seed: 3 });
  const before = tf.memory().numTensors;
  const epochs: number[] = [];
  const result = await trainModel(model, train, validation, {
    loss: "mse",
    epochs: 6,
    batchSize: 16,
    learningRate: 0.02,
    seed: 1,
    progress: false,
    onEpochEnd: (info) => {
      epochs.push(info.epoch);
    },
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(epochs, result.history.map((h) => h.epoch));
  assert.ok(result.history[result.history.length - 1].loss < result.history[0].loss);
  const best = result.history[result.bestEpoch - 1];
  assert.ok(best.best && best.valLoss === Math.min(...result.history.map((h) => h.valLoss as number)));
  const restored = evaluateLoss(model, validation, "mse");
  assert.ok(Math.abs(restored - (best.valLoss as number)) < 1e-6, `${restored} vs ${best.valLoss}`);
  assert.ok(result.sequencesPerSecond > 0 && result.trainSeconds > 0);
  model.dispose();
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

test("the same seed repeats a run exactly; early stopping stops after `patience` epochs without progress", async () => {
  await initBackend({ quiet: true });
  const train = sineData(48, 0);
  const validation = sineData(16, 300);
  const run = async (seed: number, learningRate: number, patience: number) => {
    const model = buildForecaster("lstm", { lookback: 8, features: 1, units: 4, seed, dropout: 0.1 });
    const result = await trainModel(model, train, validation, {
      loss: "mse", epochs: 5, batchSize: 16, learningRate, patience, seed, progress: false,
    });
    model.dispose();
    return result;
  };
  const a = await run(2, 0.01, 5);
  const b = await run(2, 0.01, 5);
  assert.deepEqual(a.history.map((h) => [h.loss, h.valLoss]), b.history.map((h) => [h.loss, h.valLoss]));
  const c = await run(3, 0.01, 5);
  assert.notDeepEqual(a.history.map((h) => h.loss), c.history.map((h) => h.loss));
  // With patience 1, training ends at the latest one epoch after the best one (a huge rate makes that likely).
  const d = await run(2, 0.5, 1);
  assert.ok(d.epochsRun <= d.bestEpoch + 1);
  assert.equal(d.stoppedEarly, d.epochsRun < 5);
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

test("mismatched data and bad options are clear errors", async () => {
  await initBackend({ quiet: true });
  const model = buildForecaster("rnn", { lookback: 8, features: 1, units: 2 });
  const x = tf.zeros([4, 8, 1]);
  const y = tf.zeros([3, 1]);
  await assert.rejects(trainModel(model, { x, y }, undefined, { loss: "mse" }), /4 inputs but 3 targets/);
  await assert.rejects(trainModel(model, { x, y: tf.zeros([4, 1]) }, undefined, { loss: "mse", batchSize: 0 }), /batchSize must be a positive integer/);
  model.dispose();
  tf.dispose([x, y]);
});

test("a timer (or a Ctrl-C) is not held up for a whole epoch: training gives the event loop a turn between steps", async () => {
  await initBackend({ quiet: true });
  const model = buildForecaster("gru", { lookback: 8, features: 1, units: 3, seed: 2 });
  const train = sineData(40, 0);
  // 20 batches of 2 that each take at least 40 ms (the busy wait below): an epoch of at least 0.8 s.
  let timerFiredAtBatch: number | undefined;
  let batchesDone = 0;
  setTimeout(() => (timerFiredAtBatch = batchesDone), 0);
  await trainModel(model, train, undefined, {
    loss: "mse",
    epochs: 1,
    batchSize: 2,
    progress: false,
    onBatchEnd: () => {
      const until = performance.now() + 40;
      while (performance.now() < until) {
        /* a slow step */
      }
      batchesDone++;
    },
  });
  assert.ok(timerFiredAtBatch !== undefined && timerFiredAtBatch < 20, `the timer ran only after the epoch (at batch ${timerFiredAtBatch})`);
  tf.dispose([train.x, train.y]);
  model.dispose();
});
