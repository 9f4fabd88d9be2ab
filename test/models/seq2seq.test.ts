import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { buildCharVocabulary, encoderDecoderBatch } from "../../lib/data/char-text";
import { createRng } from "../../lib/random";
import { buildSeq2Seq, dotProductAttention, greedyDecode, seq2seqParamCount } from "../../lib/models/seq2seq";
import { trainModel } from "../../lib/train/fit";
import { editDistance, sequenceErrorRates } from "../../lib/train/sequence-metrics";

test("edit distance and error rates, by hand", () => {
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("abc", "abc"), 0);
  assert.equal(editDistance(["N", "AY", "T"], ["K", "N", "AY", "T"]), 1);
  assert.equal(editDistance("ab", "ba"), 2);
  const rates = sequenceErrorRates([["N", "AY", "T"], ["K", "AH", "T", "S"]], [["N", "AY", "T"], ["K", "AE", "T"]]);
  assert.equal(rates.symbolErrorRate, 2 / 6); // one substitution + one insertion over 6 reference phonemes
  assert.equal(rates.wordErrorRate, 1 / 2);
  assert.throws(() => sequenceErrorRates([], []), /one per reference/);
});

test("dot-product attention: weights sum to 1, padding gets none, the context is their weighted mean", async () => {
  await initBackend({ quiet: true });
  const decoder = tf.tensor3d([[[1, 0], [0, 2]]]); // [1, 2 steps, 2]
  const encoder = tf.tensor3d([[[9, 9], [1, 0], [0, 1]]]); // [1, 3 source steps, 2]
  const source = tf.tensor2d([[0, 5, 6]], [1, 3], "int32"); // first position is PAD
  const { weights, context } = dotProductAttention(decoder, encoder, source);
  const w = weights.arraySync()[0];
  // Step 0: scores (pad, 1, 0) -> softmax over the two real steps: e/(e+1), 1/(e+1).
  const e = Math.E;
  assert.ok(Math.abs(w[0][0]) < 1e-6 && Math.abs(w[1][0]) < 1e-6);
  assert.ok(Math.abs(w[0][1] - e / (e + 1)) < 1e-5 && Math.abs(w[0][2] - 1 / (e + 1)) < 1e-5);
  // Step 1: scores (pad, 0, 2).
  assert.ok(Math.abs(w[1][2] - e ** 2 / (e ** 2 + 1)) < 1e-5);
  for (const row of w) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  const c = context.arraySync()[0];
  assert.ok(Math.abs(c[0][0] - e / (e + 1)) < 1e-5 && Math.abs(c[0][1] - 1 / (e + 1)) < 1e-5);
  tf.dispose([decoder, encoder, source, weights, context]);
});

test("teacher forcing: packed rows in, one distribution per decoder step out; parameter counts as computed", async () => {
  await initBackend({ quiet: true });
  for (const cell of ["rnn", "lstm", "gru"] as const) {
    for (const attention of [false, true]) {
      const options = { sourceVocabSize: 9, targetVocabSize: 7, sourceLength: 5, targetLength: 4, units: 6, embeddingDim: 3, attention, seed: 1 };
      const { model } = buildSeq2Seq(cell, options);
      assert.equal(model.countParams(), seq2seqParamCount(cell, options), `${cell} attention ${attention}`);
      const x = tf.tensor2d(Int32Array.from({ length: 3 * 9 }, (_, i) => i % 7), [3, 9], "int32");
      const p = model.predict(x) as tf.Tensor;
      assert.deepEqual(p.shape, [3, 4, 7]);
      const sums = tf.sum(p, -1).dataSync();
      for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5);
      tf.dispose([x, p]);
      model.dispose();
    }
  }
});

test("a trained encoder-decoder with attention reverses unseen strings by greedy decoding", async () => {
  await initBackend({ quiet: true });
  const rng = createRng(11);
  const letters = "abcdef";
  const words = Array.from({ length: 700 }, () => Array.from({ length: 3 + rng.int(3) }, () => letters[rng.int(letters.length)]).join(""));
  const reversed = (w: string) => [...w].reverse().join("");
  const train = words.slice(0, 600);
  const test = words.slice(600);
  const vocab = buildCharVocabulary([letters]);
  const lengths = { source: 5, target: 6 };
  const batch = encoderDecoderBatch(train, train.map(reversed), { source: vocab, target: vocab }, lengths);
  const data = { x: tf.tensor2d(batch.x, [batch.count, 11], "int32"), y: tf.tensor2d(batch.y, [batch.count, 6]) };
  const { model, net } = buildSeq2Seq("gru", { sourceVocabSize: vocab.size, targetVocabSize: vocab.size, sourceLength: 5, targetLength: 6, units: 32, embeddingDim: 8, attention: true, seed: 1 });
  await trainModel(model, data, undefined, { loss: "sparseCategoricalCrossentropy", epochs: 25, batchSize: 32, learningRate: 0.01, patience: 25, progress: false });
  const testBatch = encoderDecoderBatch(test, test.map(reversed), { source: vocab, target: vocab }, lengths);
  const sources = new Int32Array(test.length * 5);
  for (let i = 0; i < test.length; i++) sources.set(testBatch.x.subarray(i * 11, i * 11 + 5), i * 5);
  const decoded = greedyDecode(net, sources, test.length, 6);
  const rates = sequenceErrorRates(decoded.outputs.map((ids) => vocab.decode(ids)), test.map(reversed));
  assert.ok(rates.wordErrorRate < 0.1, `WER ${rates.wordErrorRate}, PER ${rates.symbolErrorRate}`);
  // Attention weights: one row per emitted step (+ the end), each a distribution with no weight on padding.
  const w = decoded.weights!;
  assert.equal(w[0].length, decoded.outputs[0].length + 1);
  for (const row of w[0]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const padded = 5 - test[0].length;
  for (const row of w[0]) for (let s = 0; s < padded; s++) assert.ok(row[s] < 1e-6);
  model.dispose();
  tf.dispose([data.x, data.y]);
});
