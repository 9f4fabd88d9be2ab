import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { recurrentLayer, type WorkbookRNN } from "../../lib/cells/layer";
import { fusedAvailable } from "../../lib/cells/fused";
import { buildSentimentClassifier, classifierParamCount } from "../../lib/models/classifier";
import { MaskedPooling, ReverseRealTokens } from "../../lib/models/masked-pooling";
import { maxOverTime } from "../../lib/models/max-over-time";

test("masked pooling: hand-computed mean and max over the unpadded steps; reversed matches goBackwards order", async () => {
  await initBackend({ quiet: true });
  // batch 1, T = 4, H = 2; ids [0, 0, 5, 6]: only steps 2 and 3 are real.
  const h = tf.tensor3d([9, 9, 9, 9, 1, -4, 3, 2], [1, 4, 2]);
  const ids = tf.tensor2d([[0, 0, 5, 6]], [1, 4], "int32");
  const pool = (pooling: "mean" | "max", reversed = false, hh = h) =>
    Array.from((new MaskedPooling({ pooling, reversed }).apply([hh, ids]) as tf.Tensor).dataSync());
  assert.deepEqual(pool("mean"), [2, -1]);
  assert.deepEqual(pool("max"), [3, 2]);
  // Reversed: h is in processing order of a backwards layer, so its first two steps are the real ones.
  const hReversed = tf.tensor3d([1, -4, 3, 2, 9, 9, 9, 9], [1, 4, 2]);
  assert.deepEqual(pool("mean", true, hReversed), [2, -1]);
  // An all-padding row pools to 0, not to -1e9.
  const empty = new MaskedPooling({ pooling: "max" }).apply([h, tf.zeros([1, 4], "int32")]) as tf.Tensor;
  assert.deepEqual(Array.from(empty.dataSync(), (v) => v + 0), [0, 0]); // + 0 turns -0 into 0
});

test("maxOverTime: hand-computed gradient, the same value and gradient as tf.max's (and, masked, as the mask formula it replaced) on random data, NaN kept", async () => {
  await initBackend({ quiet: true });
  // batch 1, T = 3, H = 2: column 0 peaks at t = 2, column 1 at t = 0; the gradient goes to those steps only.
  const x = tf.tensor3d([1, 5, -2, 4, 3, 0], [1, 3, 2]);
  assert.deepEqual(Array.from(maxOverTime(x).dataSync()), [3, 5]);
  const weights = tf.tensor2d([[10, -7]]);
  const grad = tf.grad((input: tf.Tensor) => maxOverTime(input as tf.Tensor3D).mul(weights).sum())(x);
  assert.deepEqual(Array.from(grad.dataSync()), [0, -7, 0, 0, 10, 0]);
  // Ties (where tanh saturates, outputs repeat exactly): every tied step gets the gradient, as from TF.js's max.
  const tied = tf.tensor3d([1, 2, 1, 0, 0.5, 2], [1, 3, 2]);
  const tiedGrad = tf.grad((input: tf.Tensor) => maxOverTime(input as tf.Tensor3D).mul(weights).sum())(tied);
  assert.deepEqual(Array.from(tiedGrad.dataSync()), [10, -7, 10, 0, 0, -7]);
  const tfTiedGrad = tf.grad((input: tf.Tensor) => input.max(1).mul(weights).sum())(tied);
  assert.deepEqual(Array.from(tiedGrad.dataSync()), Array.from(tfTiedGrad.dataSync(), (v) => v + 0));
  // Against TF.js's own max and its gradient, on every backend the tests run (random floats: no ties).
  for (const backend of ["wasm", "cpu"]) {
    await tf.setBackend(backend);
    const h = tf.randomNormal([5, 17, 6], 0, 1, "float32", 11) as tf.Tensor3D;
    const w = tf.randomNormal([5, 6], 0, 1, "float32", 12);
    const ours = tf.valueAndGrad((input: tf.Tensor) => maxOverTime(input as tf.Tensor3D).mul(w).sum())(h);
    const theirs = tf.valueAndGrad((input: tf.Tensor) => input.max(1).mul(w).sum())(h);
    assert.equal(ours.value.dataSync()[0], theirs.value.dataSync()[0], backend);
    // + 0: TF.js's gradient is w · 0 = -0 where w < 0 at the steps that lost; ours writes +0 there.
    assert.deepEqual(Array.from(ours.grad.dataSync(), (v) => v + 0), Array.from(theirs.grad.dataSync(), (v) => v + 0), backend);
  }
  await initBackend({ quiet: true });
  // With a mask of real steps: the same value and gradient as TF.js ops computing max_t (h + (m - 1) 1e9), clamped to 0
  // for an all-padding row (row 2 below) -- the formula this op replaced.
  const h = tf.randomNormal([3, 9, 4], 0, 1, "float32", 21) as tf.Tensor3D;
  const real = tf.tensor2d([[0, 0, 0, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0]]);
  const w = tf.randomNormal([3, 4], 0, 1, "float32", 22);
  const formula = (input: tf.Tensor) => {
    const m = real.expandDims(2);
    const pooled = input.add(m.sub(1).mul(1e9)).max(1);
    return tf.maximum(pooled, -1e8).mul(tf.greater(m.sum(1), 0).toFloat());
  };
  const ours = tf.valueAndGrad((input: tf.Tensor) => maxOverTime(input as tf.Tensor3D, real).mul(w).sum())(h);
  const theirs = tf.valueAndGrad((input: tf.Tensor) => formula(input).mul(w).sum())(h);
  assert.equal(ours.value.dataSync()[0], theirs.value.dataSync()[0]);
  assert.deepEqual(Array.from(ours.grad.dataSync(), (v) => v + 0), Array.from(theirs.grad.dataSync(), (v) => v + 0));
  assert.deepEqual(Array.from(maxOverTime(h, real).dataSync().slice(8), (v) => v + 0), [0, 0, 0, 0], "an all-padding row pools to 0");
  assert.throws(() => maxOverTime(h, tf.ones([3, 8]) as tf.Tensor2D), /realSteps must be \[3, 9\]/);
  const withNaN = tf.tensor3d([1, NaN, 2, 0, NaN, 4], [1, 3, 2]);
  const pooled = Array.from(maxOverTime(withNaN).dataSync());
  assert.ok(Number.isNaN(pooled[0]) && Number.isNaN(pooled[1]), `a NaN in a column makes its maximum NaN: ${pooled}`);
});

test("a backwards layer pooled over real steps does not depend on how much padding precedes the text", async () => {
  await initBackend({ quiet: true });
  const layer = recurrentLayer("gru", { units: 3, goBackwards: true, returnSequences: true, seed: 4 });
  const embed = (ids: number[][]) => tf.tensor3d(ids.flat().map((i) => (i === 0 ? 0.7 : Math.sin(i))), [ids.length, ids[0].length, 1]);
  const short = [[0, 3, 8, 2]];
  const long = [[0, 0, 0, 0, 0, 3, 8, 2]];
  const pooled = (ids: number[][]) =>
    Array.from((new MaskedPooling({ pooling: "mean", reversed: true }).apply([layer.apply(embed(ids)) as tf.Tensor, tf.tensor2d(ids, undefined, "int32")]) as tf.Tensor).dataSync());
  const a = pooled(short);
  const b = pooled(long);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `unit ${i}: ${v} vs ${b[i]}`));
});

test("pooled, bidirectional classifiers with dropout outside the recurrent layers keep the fused kernels in training", async () => {
  await initBackend({ quiet: true });
  for (const readout of ["last", "max", "mean"] as const) {
    const options = { vocabSize: 30, maxLen: 6, embeddingDim: 4, units: 3, bidirectional: true, readout, embeddingDropout: 0.2, outputDropout: 0.3 };
    const model = buildSentimentClassifier("lstm", options);
    assert.equal(model.countParams(), classifierParamCount("lstm", options));
    const ids = tf.tensor2d([[0, 0, 3, 4, 5, 6], [0, 7, 8, 9, 1, 2]], [2, 6], "int32");
    const p = model.apply(ids, { training: true }) as tf.Tensor;
    assert.deepEqual(p.shape, [2, 1]);
    for (const v of p.dataSync()) assert.ok(v > 0 && v < 1);
    const recurrent = model.layers.filter((l) => l.name.startsWith("lstm_")) as WorkbookRNN[];
    assert.equal(recurrent.length, 2);
    for (const l of recurrent) assert.equal(l.lastPath, fusedAvailable() ? "fused" : "stepwise", `${readout} ${l.name}`);
    model.dispose();
  }
  assert.throws(() => buildSentimentClassifier("gru", { vocabSize: 5, maxLen: 3, readout: "sum" as "max" }), /readout must be last, max or mean/);
});

test("ReverseRealTokens reverses each row's words and keeps the padding in front", async () => {
  await initBackend({ quiet: true });
  const ids = tf.tensor2d([[0, 0, 3, 4, 5], [6, 7, 8, 9, 1], [0, 0, 0, 0, 0]], [3, 5], "int32");
  const out = new ReverseRealTokens().apply(ids) as tf.Tensor;
  assert.deepEqual(out.arraySync(), [[0, 0, 5, 4, 3], [1, 9, 8, 7, 6], [0, 0, 0, 0, 0]]);
});

test("bidirectional: reversed-tokens and go-backwards read an unpadded row identically, and differ only when padding is read", async () => {
  await initBackend({ quiet: true });
  const options = { vocabSize: 20, maxLen: 8, embeddingDim: 3, units: 2, bidirectional: true, seed: 5 };
  const reversed = buildSentimentClassifier("gru", options);
  const stock = buildSentimentClassifier("gru", { ...options, backward: "go-backwards" });
  assert.equal(stock.countParams(), reversed.countParams());
  const score = (model: typeof stock, row: number[]) => (model.predict(tf.tensor2d([row], [1, 8], "int32")) as tf.Tensor).dataSync()[0];
  const full = [3, 4, 5, 6, 7, 8, 9, 2];
  assert.ok(Math.abs(score(reversed, full) - score(stock, full)) < 1e-6, "same weights, no padding: the same reading");
  const padded = [0, 0, 0, 0, 0, 3, 4, 5];
  assert.ok(Math.abs(score(reversed, padded) - score(stock, padded)) > 1e-6, "go-backwards ends on padding, reversed-tokens on a word");
  assert.throws(() => buildSentimentClassifier("gru", { ...options, backward: "sideways" as "go-backwards" }), /backward must be 'reversed-tokens' or 'go-backwards'/);
  reversed.dispose();
  stock.dispose();
});
