import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareLanguageModel, languageModelUnits, runLanguageModelJob } from "../../lib/experiments/language-model-task";
import { parseSeq2SeqModel, prepareSeq2Seq } from "../../lib/experiments/seq2seq-task";
import { languageModelOnTextFile, seq2seqOnCsvFile } from "../../lib/experiments/text-commands";
import { namesLanguageModelTask, userSeq2SeqTask, userTextLanguageModelTask } from "../../lib/experiments/text-task-specs";
import { charLanguageModelParamCount } from "../../lib/models/char-lm";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { createJobRunner } from "../../lib/experiments/suite";
import type { PreparedLanguageModel } from "../../lib/experiments/language-model-task";
import { findInterpretableUnits, textFeature } from "../../lib/analysis/interpretable-unit";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-text-tasks-"));

test("a user's text file: chronological parts, windows of the task's length, vocabulary from the training part", async () => {
  const file = path.join(tmp, "text.txt");
  fs.writeFileSync(file, "abcabcabc ".repeat(100)); // 1,000 characters
  const prepared = prepareLanguageModel(userTextLanguageModelTask(file, { window: 16 }));
  assert.equal(prepared.train.length, 16);
  assert.equal(prepared.train.count, Math.floor((800 - 1) / 16));
  assert.equal(prepared.test.count, Math.floor((100 - 1) / 16));
  assert.deepEqual(prepared.vocab.symbols.slice(3), [" ", "a", "b", "c"]);
  // Entropies of this text: unigram (a, b, c 0.3 each, space 0.1) 1.895 bits; bigram: only the symbol after "c" is
  // uncertain (a 2/3, space 1/3: 0.918 bits) and "c" is 3 in 10 characters: 0.275 bits. Smoothing adds a little.
  const bigram = (await runLanguageModelJob(prepared, { model: "bigram", seed: 1 })).record;
  const unigram = (await runLanguageModelJob(prepared, { model: "unigram", seed: 1 })).record;
  assert.ok(Math.abs(unigram.metrics.bpc - 1.895) < 0.05, `unigram ${unigram.metrics.bpc}`);
  assert.ok(bigram.metrics.bpc > 0.26 && bigram.metrics.bpc < 0.35, `bigram ${bigram.metrics.bpc}`);
  await assert.rejects(runLanguageModelJob(prepared, { model: "trigram", seed: 1 }), /'trigram' is not a language model/);
});

test("bad text input fails before training with one clear line", async () => {
  await assert.rejects(languageModelOnTextFile(path.join(tmp, "missing.txt")), /text file .*missing\.txt does not exist/);
  const short = path.join(tmp, "short.txt");
  fs.writeFileSync(short, "too short");
  await assert.rejects(languageModelOnTextFile(short), /fewer than one window of 64 \+ 1/);
  await assert.rejects(languageModelOnTextFile(short, { cell: "transformer" }), /unknown cell 'transformer'/);
});

test("matched parameters: the other cells get the units closest to the LSTM's parameter count", () => {
  const task = namesLanguageModelTask("quick");
  const shape = { vocabSize: 30, embeddingDim: task.embeddingDim };
  const budget = charLanguageModelParamCount("lstm", { ...shape, units: task.model.units });
  for (const cell of ["rnn", "gru"] as const) {
    const units = languageModelUnits(cell, task, 30);
    const size = charLanguageModelParamCount(cell, { ...shape, units });
    assert.ok(Math.abs(size - budget) <= Math.abs(charLanguageModelParamCount(cell, { ...shape, units: units + 1 }) - budget));
    assert.ok(Math.abs(size - budget) <= Math.abs(charLanguageModelParamCount(cell, { ...shape, units: units - 1 }) - budget));
  }
});

test("a user's CSV of pairs: space-separated targets become tokens; bad columns and models fail clearly", async () => {
  const file = path.join(tmp, "pairs.csv");
  const rows = Array.from({ length: 40 }, (_, i) => `w${"ab"[i % 2]}${i % 7},${"X Y Z".slice(0, 1 + (i % 3) * 2)}`);
  fs.writeFileSync(file, ["word,sound", ...rows].join("\n") + "\n");
  const prepared = prepareSeq2Seq(userSeq2SeqTask(file, "word", "sound"));
  assert.deepEqual(prepared.vocabs.target.symbols.slice(3), ["X", "Y", "Z"]);
  assert.ok(prepared.testPairs.every((p) => p.target.every((t) => ["X", "Y", "Z"].includes(t))));
  assert.equal(prepared.lengths.source, 3);
  await assert.rejects(seq2seqOnCsvFile(file, "word", "phonemes"), /no column 'phonemes': the file has word, sound/);
  await assert.rejects(seq2seqOnCsvFile(path.join(tmp, "none.csv"), "a", "b"), /does not exist/);
  assert.deepEqual(parseSeq2SeqModel("lstm+attention"), { cell: "lstm", attention: true });
  assert.throws(() => parseSeq2SeqModel("gru+beam"), /not a sequence-to-sequence model/);
});

test("the job runner trains a text task like any other; runKeepingModel also hands back the network, run disposes it", async () => {
  await initBackend({ quiet: true });
  const file = path.join(tmp, "runner.txt");
  fs.writeFileSync(file, "ab cd \"ef\" ".repeat(60));
  const base = userTextLanguageModelTask(file, { window: 12, units: 4, epochs: 1 });
  const task = { ...base, embeddingDim: 4, training: { ...base.training, batchSize: 16 } };
  const runner = createJobRunner([task]);
  const job = { task: task.name, model: "gru" as const, seed: 1 };
  const before = tf.memory().numTensors;
  const plain = await runner.run(job);
  assert.equal(tf.memory().numTensors, before, "run() leaves no tensor behind");
  const kept = await runner.runKeepingModel(job);
  // Same seed, same backend: the kept run is the same run.
  assert.deepEqual(kept.record.metrics, plain.metrics);
  assert.deepEqual(kept.record.history, plain.history);
  assert.equal(kept.record.kind, "language-model");
  const model = kept.model as tf.LayersModel;
  assert.equal(model.countParams(), plain.params);
  // The kept network reads the test text: one entry per feature, the text read is the test part's characters.
  const prepared = runner.prepare(task.name) as PreparedLanguageModel;
  const { text, found } = findInterpretableUnits(model, prepared.test, prepared.vocab, ["insideQuotes", "positionInWord"]);
  assert.equal(text.length, prepared.test.count * prepared.test.length);
  assert.deepEqual(found.map((f) => f.feature), ["insideQuotes", "positionInWord"]);
  for (const f of found) {
    assert.deepEqual(Array.from(f.values), Array.from(textFeature(text, f.feature)));
    assert.ok(f.unit.unit >= 0 && f.unit.unit < kept.record.units! && Math.abs(f.unit.correlation) <= 1 + 1e-9);
  }
  model.dispose();
  assert.equal(tf.memory().numTensors, before, "disposing the kept network frees it");
  // A baseline has no network to keep.
  assert.equal((await runner.runKeepingModel({ ...job, model: "bigram" })).model, undefined);
});
