/**
 * Class-weighted binary cross-entropy (lib/train/fit.ts): the balanced weights N / (2 N_c) and the loss against
 * values computed by hand with Math.log, and its effect where it matters: on a 9-to-1 imbalanced set where the
 * minority class is over-represented in one region but never the majority there, a logistic unit trained on the plain
 * loss calls that region positive (the majority), the balanced loss calls it negative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { balancedClassWeights, classWeightedBinaryCrossentropy, trainModel } from "../../lib/train/fit";
import { userSentimentTask } from "../../lib/experiments/specs";

test("balancedClassWeights gives each class half of the total weight; one class only is an error", () => {
  const w = balancedClassWeights([1, 0, 0, 0]);
  assert.equal(w.positive, 2); // 4 / (2 * 1)
  assert.ok(Math.abs(w.negative - 4 / 6) < 1e-12); // 4 / (2 * 3)
  assert.ok(Math.abs(1 * w.positive - 3 * w.negative) < 1e-12, "equal total weight per class");
  assert.throws(() => balancedClassWeights([1, 1]), /only one class/);
  assert.throws(() => classWeightedBinaryCrossentropy({ negative: 0, positive: 1 }), /positive number/);
});

test("classWeightedBinaryCrossentropy = mean of w(y) * -[y log p + (1 - y) log(1 - p)] (hand-computed)", async () => {
  await initBackend({ quiet: true });
  const y = [1, 0, 0, 0];
  const p = [0.8, 0.3, 0.1, 0.4];
  const weights = { negative: 4 / 6, positive: 2 };
  const expected = y.reduce((sum, yi, i) => sum - (yi ? weights.positive : weights.negative) * (yi * Math.log(p[i]) + (1 - yi) * Math.log(1 - p[i])), 0) / y.length;
  const loss = classWeightedBinaryCrossentropy(weights)(tf.tensor2d(y, [4, 1]), tf.tensor2d(p, [4, 1]));
  assert.ok(Math.abs(loss.dataSync()[0] - expected) < 1e-5, `${loss.dataSync()[0]} vs ${expected}`);
  // Weights of 1 give the plain binary cross-entropy.
  const plain = classWeightedBinaryCrossentropy({ negative: 1, positive: 1 })(tf.tensor2d(y, [4, 1]), tf.tensor2d(p, [4, 1]));
  const unweighted = -y.reduce((sum, yi, i) => sum + yi * Math.log(p[i]) + (1 - yi) * Math.log(1 - p[i]), 0) / y.length;
  assert.ok(Math.abs(plain.dataSync()[0] - unweighted) < 1e-5);
  tf.dispose([loss, plain]);
});

/** 900 positives on an even grid over (-1, 1) and 100 negatives over (-1, 0): below 0, 450 positives and 100 negatives
 * per unit of x (p(1 | x) = 0.82, so the plain loss's best call is positive everywhere); weighted by the balanced
 * weights (w(1) = 1000 / 1800, w(0) = 5) the negatives weigh 500 against 250 there, so they should be called. */
function imbalanced(): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const xs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 900; i++) xs.push(-1 + (2 * (i + 0.5)) / 900), labels.push(1);
  for (let i = 0; i < 100; i++) xs.push(-1 + (i + 0.5) / 100), labels.push(0);
  return { x: tf.tensor2d(xs, [xs.length, 1]), y: tf.tensor2d(labels, [labels.length, 1]), labels };
}

async function negativesCalled(loss: "binaryCrossentropy" | ReturnType<typeof classWeightedBinaryCrossentropy>): Promise<number> {
  const data = imbalanced();
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], activation: "sigmoid", kernelInitializer: "zeros" })] });
  await trainModel(model, { x: data.x, y: data.y }, undefined, { loss, epochs: 40, batchSize: 100, learningRate: 0.1, progress: false });
  const probe = tf.tensor2d([-0.8, -0.65, -0.5], [3, 1]);
  const p = model.predict(probe) as tf.Tensor;
  const called = Array.from(p.dataSync()).filter((v) => v < 0.5).length;
  tf.dispose([data.x, data.y, probe, p]);
  model.dispose();
  return called;
}

test("on a 9-to-1 set the plain loss calls every probe positive (the majority); the balanced loss calls them negative", async () => {
  await initBackend({ quiet: true });
  const weights = balancedClassWeights(imbalanced().labels);
  assert.equal(await negativesCalled("binaryCrossentropy"), 0, "the plain loss should call every probe the majority class");
  assert.equal(await negativesCalled(classWeightedBinaryCrossentropy(weights)), 3, "the balanced loss should call every probe negative");
});

test("the sentiment command's task weighs the classes (balanced), max-pools, and picks the threshold on validation", () => {
  const task = userSentimentTask({ csv: "x.csv", text: "t", label: "l" }, { maxLen: 10, vocabSize: 100 }, "quick");
  assert.equal(task.classWeights, "balanced");
  assert.equal(task.threshold, "validation");
  for (const cell of ["rnn", "lstm", "gru"] as const) assert.equal(task.modelOptions?.[cell]?.readout, "max");
});
