import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { boundedSequences, buildCharVocabulary, IGNORE_TARGET } from "../../lib/data/char-text";
import { createRng } from "../../lib/random";
import { fitCharNgram } from "../../lib/models/char-baselines";
import {
  buildCharLanguageModel,
  charLanguageModelParamCount,
  predictNextSymbols,
  sampleSequences,
  sampleWithTemperature,
} from "../../lib/models/char-lm";
import { trainModel } from "../../lib/train/fit";
import { bitsPerCharacter } from "../../lib/train/sequence-metrics";

test("bits per character of known distributions", () => {
  // Uniform over 4 symbols: 2 bits whatever the target.
  assert.equal(bitsPerCharacter([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], [0, 3], 4), 2);
  // p[y] = 1/2 then 1/8: (1 + 3) / 2 = 2 bits; the padding step (-1) is skipped.
  const p = [0.5, 0.5, 0, 0.125, 0.875, 0, 1, 0, 0];
  assert.equal(bitsPerCharacter(p, [1, 0, IGNORE_TARGET], 3), 2);
  assert.throws(() => bitsPerCharacter([1, 0], [0, 0], 2), /probabilities for 2 targets/);
});

test("unigram and bigram baselines: add-one smoothed counts, by hand", () => {
  const vocab = buildCharVocabulary(["ab"]); // ids: 0 pad, 1 ".", 2 "?", 3 a, 4 b: K = 4 possible targets
  const batch = boundedSequences(["ab", "a"], vocab, 3); // pairs (.,a) (a,b) (b,.) (.,a) (a,.)
  const unigram = fitCharNgram(batch, vocab.size, 1);
  // n(a) = 2, n(b) = 1, n(.) = 2 of N = 5: p(a) = 3/9, p(b) = 2/9, p(.) = 3/9, p(?) = 1/9.
  assert.ok(Math.abs(unigram.probability(4, 3) - 3 / 9) < 1e-12);
  assert.ok(Math.abs(unigram.probability(1, 4) - 2 / 9) < 1e-12);
  assert.equal(unigram.probability(3, 0), 0);
  const bigram = fitCharNgram(batch, vocab.size, 2);
  // After "a": n(a,b) = 1, n(a,.) = 1 of 2: p(b | a) = 2/6; after ".": n(.,a) = 2: p(a | .) = 3/6.
  assert.ok(Math.abs(bigram.probability(3, 4) - 2 / 6) < 1e-12);
  assert.ok(Math.abs(bigram.probability(1, 3) - 3 / 6) < 1e-12);
  const expected = -(Math.log2(3 / 6) * 2 + Math.log2(2 / 6) + Math.log2(2 / 6) + Math.log2(2 / 5)) / 5; // p(. | b) = 2/5
  assert.ok(Math.abs(bigram.bitsPerCharacter(batch) - expected) < 1e-12);
  assert.ok(bigram.bitsPerCharacter(batch) < unigram.bitsPerCharacter(batch));
});

test("sampling with temperature: 0 is argmax, 1 follows p, large flattens", () => {
  const p = [0.1, 0.6, 0.3];
  const rng = createRng(1);
  assert.equal(sampleWithTemperature(p, 0, rng), 1);
  assert.equal(sampleWithTemperature(p, 0, rng, [1]), 2);
  const counts = (temperature: number) => {
    const c = [0, 0, 0];
    for (let i = 0; i < 20000; i++) c[sampleWithTemperature(p, temperature, rng)]++;
    return c.map((n) => n / 20000);
  };
  const one = counts(1);
  p.forEach((q, i) => assert.ok(Math.abs(one[i] - q) < 0.015, `τ=1: ${one}`));
  const hot = counts(100);
  hot.forEach((q) => assert.ok(Math.abs(q - 1 / 3) < 0.02, `τ=100: ${hot}`));
  const cold = counts(0.25); // p^4 normalised: 0.6^4 / (0.1^4 + 0.6^4 + 0.3^4) ≈ 0.941
  assert.ok(Math.abs(cold[1] - 0.6 ** 4 / (0.1 ** 4 + 0.6 ** 4 + 0.3 ** 4)) < 0.01, `τ=0.25: ${cold}`);
});

test("the sparse cross-entropy loss is the mean -ln p over non-padding steps", async () => {
  await initBackend({ quiet: true });
  const vocab = buildCharVocabulary(["ab"]);
  const model = buildCharLanguageModel("gru", { vocabSize: vocab.size, units: 8, seed: 3 });
  const batch = boundedSequences(["ab", "b"], vocab, 4);
  const x = tf.tensor2d(batch.x, [2, 4], "int32");
  const y = tf.tensor2d(batch.y, [2, 4]);
  const probabilities = predictNextSymbols(model, batch.x, 2, 4);
  const byHand = bitsPerCharacter(probabilities, batch.y, vocab.size) * Math.LN2;
  // One epoch with learning rate ~0 evaluates the loss of the initial weights as the first batch loss.
  const result = await trainModel(model, { x, y }, undefined, { loss: "sparseCategoricalCrossentropy", epochs: 1, batchSize: 2, learningRate: 1e-12, progress: false });
  assert.ok(Math.abs(result.history[0].loss - byHand) < 1e-5, `${result.history[0].loss} vs ${byHand}`);
  model.dispose();
  tf.dispose([x, y]);
});

test("a tiny language model learns a tiny corpus and its parameter count is as computed", async () => {
  await initBackend({ quiet: true });
  const names = ["anna", "bob", "anna", "bob", "otto", "anna"];
  const vocab = buildCharVocabulary(names);
  for (const cell of ["rnn", "lstm", "gru"] as const) {
    const options = { vocabSize: vocab.size, units: 16, embeddingDim: 8, seed: 2 };
    const model = buildCharLanguageModel(cell, options);
    assert.equal(model.countParams(), charLanguageModelParamCount(cell, options));
    model.dispose();
  }
  const model = buildCharLanguageModel("lstm", { vocabSize: vocab.size, units: 24, seed: 2 });
  const batch = boundedSequences(names, vocab, 6);
  const data = { x: tf.tensor2d(batch.x, [batch.count, 6], "int32"), y: tf.tensor2d(batch.y, [batch.count, 6]) };
  const before = bitsPerCharacter(predictNextSymbols(model, batch.x, batch.count, 6), batch.y, vocab.size);
  await trainModel(model, data, undefined, { loss: "sparseCategoricalCrossentropy", epochs: 150, batchSize: 6, learningRate: 0.03, patience: 150, progress: false });
  const after = bitsPerCharacter(predictNextSymbols(model, batch.x, batch.count, 6), batch.y, vocab.size);
  assert.ok(before > 2.5, `untrained: ${before} bpc`);
  // The only uncertainty left is the first letter (a, b or o) and the branch after it: well under 1 bit.
  assert.ok(after < 0.6, `trained: ${after} bpc`);
  const drawn = sampleSequences(model, vocab, { count: 20, temperature: 0.5, seed: 4 });
  assert.ok(drawn.filter((n) => ["anna", "bob", "otto"].includes(n)).length >= 16, drawn.join(","));
  model.dispose();
  tf.dispose([data.x, data.y]);
});
