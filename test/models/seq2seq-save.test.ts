/**
 * Saving and loading encoder-decoders (lib/models/seq2seq.ts through lib/cells/save.ts): a trained Seq2SeqNet of
 * every cell, without and with attention, comes back from saveModel/loadModel with the same weights, the same
 * teacher-forced probabilities bit for bit and the same greedy decodes (ids and attention weights); damaged folders
 * and models of another kind fail with one line naming the problem and the fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { loadModel, saveModel } from "../../lib/cells/save";
import { CELL_NAMES } from "../../lib/cells/types";
import { buildSeq2Seq, greedyDecode, Seq2SeqNet, type Seq2SeqOptions } from "../../lib/models/seq2seq";
import { buildForecaster } from "../../lib/models/forecaster";
import { trainModel } from "../../lib/train/fit";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-seq2seq-save-"));
const SIZES = { sourceVocabSize: 9, targetVocabSize: 7, sourceLength: 5, targetLength: 4, units: 6, embeddingDim: 3, seed: 3 };
const ROWS = 12;
const PACKED = SIZES.sourceLength + SIZES.targetLength;

/** Packed rows [source | decoder input], the source pre-padded with 1..3 zeros, ids below each vocabulary's size. */
function packedRows(): Int32Array {
  const rows = new Int32Array(ROWS * PACKED);
  for (let r = 0; r < ROWS; r++) {
    const padding = 1 + (r % 3);
    for (let s = padding; s < SIZES.sourceLength; s++) rows[r * PACKED + s] = 1 + ((r * 5 + s * 3) % (SIZES.sourceVocabSize - 1));
    for (let t = 0; t < SIZES.targetLength; t++) rows[r * PACKED + SIZES.sourceLength + t] = (r + t * 2) % SIZES.targetVocabSize;
  }
  return rows;
}

function sourcesOf(rows: Int32Array): Int32Array {
  const sources = new Int32Array(ROWS * SIZES.sourceLength);
  for (let r = 0; r < ROWS; r++) sources.set(rows.subarray(r * PACKED, r * PACKED + SIZES.sourceLength), r * SIZES.sourceLength);
  return sources;
}

/** Next-symbol targets to train on: each decoder input id plus one (any learnable mapping will do). */
function targetsOf(rows: Int32Array): Float32Array {
  const targets = new Float32Array(ROWS * SIZES.targetLength);
  for (let r = 0; r < ROWS; r++) {
    for (let t = 0; t < SIZES.targetLength; t++) targets[r * SIZES.targetLength + t] = (rows[r * PACKED + SIZES.sourceLength + t] + 1) % SIZES.targetVocabSize;
  }
  return targets;
}

/** Every weight of `model` as plain arrays, by name. */
function weightValues(model: tf.LayersModel): Record<string, number[]> {
  return Object.fromEntries(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
}

test("a trained encoder-decoder of every cell, without and with attention, loads back bit for bit", async () => {
  await initBackend({ quiet: true });
  const rows = packedRows();
  const sources = sourcesOf(rows);
  for (const cell of CELL_NAMES) {
    for (const attention of [false, true]) {
      const label = `${cell}${attention ? "+attention" : ""}`;
      const options: Seq2SeqOptions = { ...SIZES, attention };
      const { model, net } = buildSeq2Seq(cell, options);
      const fresh = weightValues(model);
      // A few steps of training, so the saved weights are not the ones a rebuild from the config would start with.
      const x = tf.tensor2d(rows, [ROWS, PACKED], "int32");
      const y = tf.tensor2d(targetsOf(rows), [ROWS, SIZES.targetLength]);
      await trainModel(model, { x, y }, undefined, { loss: "sparseCategoricalCrossentropy", epochs: 2, batchSize: 6, learningRate: 0.05, patience: 2, progress: false });
      const trained = weightValues(model);
      assert.notDeepEqual(trained, fresh, `${label}: training changed no weight`);

      const dir = path.join(tmp, label);
      await saveModel(model, dir);
      assert.deepEqual(fs.readdirSync(dir).sort(), ["model.json", "weights.bin"], `${label}: only the two final files, no temporary left`);
      const loaded = await loadModel(dir);

      const loadedNet = loaded.layers.find((layer) => layer instanceof Seq2SeqNet) as Seq2SeqNet;
      assert.ok(loadedNet, `${label}: no Seq2SeqNet in the loaded model`);
      assert.equal(loadedNet.name, net.name);
      assert.equal(loadedNet.cellName, cell);
      assert.deepEqual(loadedNet.options, net.options);
      assert.deepEqual(weightValues(loaded), trained, `${label}: weights`);

      const a = model.predict(x) as tf.Tensor;
      const b = loaded.predict(x) as tf.Tensor;
      assert.deepEqual(b.dataSync(), a.dataSync(), `${label}: teacher-forced probabilities`);

      // Greedy decoding by the loaded LayersModel itself equals decoding by the original net, ids and α alike.
      const before = greedyDecode(net, sources, ROWS, SIZES.targetLength + 2, 5);
      const after = greedyDecode(loaded, sources, ROWS, SIZES.targetLength + 2, 5);
      assert.deepEqual(after, before, `${label}: greedy decodes`);
      assert.equal(after.weights !== undefined, attention);
      assert.ok(after.outputs.some((ids) => ids.length > 0), `${label}: every decode is empty, nothing compared`);
      tf.dispose([x, y, a, b]);
      model.dispose();
      loaded.dispose();
    }
  }
});

/** A saved encoder-decoder folder to damage: a copy of a fresh save. */
async function savedCopy(name: string): Promise<string> {
  const { model } = buildSeq2Seq("gru", { ...SIZES, attention: true });
  const dir = path.join(tmp, name);
  await saveModel(model, dir);
  model.dispose();
  return dir;
}

/** `loadModel(dir)` rejects with one line matching `pattern`. */
async function rejectsInOneLine(load: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(load, (err: Error) => {
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes("\n"), `more than one line: ${err.message}`);
    return true;
  });
}

test("a missing, damaged or foreign saved model gives one clear line", async () => {
  await initBackend({ quiet: true });
  await rejectsInOneLine(loadModel(path.join(tmp, "never-saved")), /model\.json does not exist: save the model with saveModel/);

  const truncated = await savedCopy("truncated");
  const weights = path.join(truncated, "weights.bin");
  const bytes = new Uint8Array(fs.readFileSync(weights));
  fs.writeFileSync(weights, bytes.subarray(0, bytes.length - 10));
  await rejectsInOneLine(loadModel(truncated), new RegExp(`weights\\.bin has ${bytes.length - 10} bytes but .*model\\.json lists ${bytes.length}: .*save the model again`));
  const doubled = new Uint8Array(2 * bytes.length);
  doubled.set(bytes);
  doubled.set(bytes, bytes.length);
  fs.writeFileSync(weights, doubled);
  await rejectsInOneLine(loadModel(truncated), /has \d+ bytes but .* lists \d+/);

  const edited = await savedCopy("edited");
  const modelFile = path.join(edited, "model.json");
  const json = fs.readFileSync(modelFile, "utf8");
  fs.writeFileSync(modelFile, json.slice(0, 100));
  await rejectsInOneLine(loadModel(edited), /model\.json is not valid JSON: save the model again/);
  fs.writeFileSync(modelFile, "{}");
  await rejectsInOneLine(loadModel(edited), /model\.json is not a saved model .*: save the model again with saveModel/);
  fs.writeFileSync(modelFile, json.replace(`"class_name":"Seq2SeqNet"`, `"class_name":"Seq2SeqNetV9"`));
  await rejectsInOneLine(loadModel(edited), /uses the layer class Seq2SeqNetV9, which is not registered: import "rnn-workbook"/);
  assert.ok(json.includes(`"units":6`));
  fs.writeFileSync(modelFile, json.replace(`"units":6`, `"units":0`));
  await rejectsInOneLine(loadModel(edited), /could not be rebuilt \(Seq2SeqNet: units must be a positive integer, got 0\): save the model again/);
  fs.writeFileSync(modelFile, json.replace(`"cell":"gru"`, `"cell":"tcn"`));
  await rejectsInOneLine(loadModel(edited), /could not be rebuilt \(Seq2SeqNet: unknown cell 'tcn': use one of rnn, lstm, gru\)/);

  // A model of another kind loads (it is a model), but is no encoder-decoder to decode with.
  const forecaster = buildForecaster("lstm", { lookback: 4, features: 1, units: 3 });
  const other = path.join(tmp, "forecaster");
  await saveModel(forecaster, other);
  const loaded = await loadModel(other);
  assert.throws(
    () => greedyDecode(loaded, new Int32Array(SIZES.sourceLength), 1, 3),
    /greedyDecode: model '.*' is not an encoder-decoder \(it has no Seq2SeqNet layer\): pass the net or model of buildSeq2Seq, or loadModel of a folder saved from one/,
  );
  forecaster.dispose();
  loaded.dispose();
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
