/**
 * The workbook layer inside TF.js models: shapes of returnSequences / returnState, stacking, masking,
 * goBackwards, training with model.fit, save/load, weight import/export, and the errors for bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { cellParameterCount, createCell, recurrentLayer, WorkbookRNN } from "../../lib/cells/layer";
import { getKerasWeights, getTorchWeights, setKerasWeights, setTorchWeights } from "../../lib/cells/weights";
import { loadModel, saveModel } from "../../lib/cells/save";
import { WorkbookGRUCell } from "../../lib/cells/gru";
import { WorkbookLSTMCell } from "../../lib/cells/lstm";
import { CELL_NAMES, type CellName } from "../../lib/cells/types";
import { maxAbsDiff } from "./helpers";

const shared = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../test/fixtures/torch_rnn_reference.json"), "utf8"));

test("returnSequences and returnState shapes, and stacking in tf.sequential", async () => {
  await initBackend({ quiet: true });
  const x = tf.randomNormal([2, 7, 3]);
  for (const cell of CELL_NAMES) {
    const states = cell === "lstm" ? 2 : 1;
    tf.tidy(() => {
      const last = recurrentLayer(cell, { units: 4 }).apply(x) as tf.Tensor;
      assert.deepEqual(last.shape, [2, 4]);
      const all = recurrentLayer(cell, { units: 4, returnSequences: true, returnState: true }).apply(x) as tf.Tensor[];
      assert.deepEqual(all.map((t) => t.shape), [[2, 7, 4], ...Array(states).fill([2, 4])]);
      // The last step of the sequence is h_n.
      assert.equal(maxAbsDiff(tf.squeeze(tf.slice(all[0], [0, 6, 0], [2, 1, 4]), [1]), all[1]), 0);
      const model = tf.sequential({
        layers: [
          recurrentLayer(cell, { units: 6, returnSequences: true, inputShape: [null, 3] }),
          recurrentLayer(cell, { units: 5 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
      assert.deepEqual((model.predict(x) as tf.Tensor).shape, [2, 1]);
      assert.equal(model.countParams(), cellParameterCount(cell, 3, 6) + cellParameterCount(cell, 6, 5) + 6);
    });
  }
  x.dispose();
});

test("cellParameterCount matches the layers and PyTorch's count minus its redundant second bias", () => {
  // PyTorch: G*H*(F+H) + 2*G*H. Ours: one summed bias for rnn/lstm; the reset-after GRU keeps both.
  assert.equal(cellParameterCount("lstm", 3, 4), 4 * 4 * (3 + 4) + 4 * 4);
  assert.equal(cellParameterCount("rnn", 1, 8), 8 * 9 + 8);
  assert.equal(cellParameterCount("gru", 5, 6), 3 * 6 * 11 + 2 * 3 * 6);
  assert.equal(cellParameterCount("gru", 5, 6, { resetAfter: false }), 3 * 6 * 11 + 3 * 6);
  assert.throws(() => cellParameterCount("lstm", 0, 4), /inputSize must be a positive integer/);
});

test("masking: padded steps leave the outputs and the state unchanged (step-wise path)", async () => {
  await initBackend({ quiet: true });
  for (const cell of CELL_NAMES) {
    const layer = recurrentLayer(cell, { units: 4, returnState: true, seed: 1 }) as WorkbookRNN;
    const input = tf.input({ shape: [null, 3] });
    const masked = tf.model({ inputs: input, outputs: layer.apply(tf.layers.masking({ maskValue: 0 }).apply(input)) as tf.SymbolicTensor[] });
    tf.tidy(() => {
      const short = tf.randomNormal([2, 4, 3], 0, 1, "float32", 2);
      const padded = tf.concat([short, tf.zeros([2, 3, 3])], 1);
      const a = layer.apply(short) as tf.Tensor[];
      const b = masked.predict(padded) as tf.Tensor[];
      assert.equal(layer.lastPath, "stepwise");
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.ok(maxAbsDiff(a[i], b[i]) < 1e-6, `${cell} output ${i}`);
      // Without the mask the padding does change the result.
      const c = layer.apply(padded) as tf.Tensor[];
      assert.ok(maxAbsDiff(a[0], c[0]) > 1e-4);
    });
  }
});

test("goBackwards runs the reversed sequence, on both paths", async () => {
  await initBackend({ quiet: true });
  for (const cell of CELL_NAMES) {
    for (const fused of [false, "auto"] as const) {
      const backwards = recurrentLayer(cell, { units: 3, goBackwards: true, returnState: true, seed: 4, fused });
      const forwards = recurrentLayer(cell, { units: 3, returnState: true, seed: 4, fused: false });
      tf.tidy(() => {
        const x = tf.randomNormal([2, 5, 2], 0, 1, "float32", 8);
        const a = backwards.apply(x) as tf.Tensor[];
        const b = forwards.apply(tf.reverse(x, 1)) as tf.Tensor[];
        for (let i = 0; i < a.length; i++) assert.ok(maxAbsDiff(a[i], b[i]) < 1e-5, `${cell} fused ${fused} output ${i}`);
      });
    }
  }
});

test("model.fit trains a stacked model of each cell (loss falls) without leaking tensors", async () => {
  await initBackend({ quiet: true });
  // Target: the mean of the sequence's first feature. Any working recurrent layer learns it quickly.
  const x = tf.randomUniform([32, 6, 2], -1, 1, "float32", 5);
  const y = tf.mean(tf.slice(x, [0, 0, 0], [32, 6, 1]), 1);
  for (const cell of CELL_NAMES) {
    const model = tf.sequential({
      layers: [
        recurrentLayer(cell, { units: 8, returnSequences: true, inputShape: [6, 2], seed: 1, dropout: 0.1, recurrentDropout: 0.1 }),
        recurrentLayer(cell, { units: 8, seed: 2 }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: "meanSquaredError" });
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 25, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    assert.ok(losses.every(Number.isFinite));
    assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `${cell}: loss ${losses[0]} -> ${losses[losses.length - 1]}`);
    // Optimizer slots are created once; the dropout masks of the last sequence stay (4 per dropout layer at most).
    assert.ok(tf.memory().numTensors - before < 40, `${cell}: ${tf.memory().numTensors - before} tensors left`);
    model.dispose();
  }
  tf.dispose([x, y]);
});

test("tf.layers.bidirectional around a workbook layer: both directions, their own initial weights, trains", async () => {
  await initBackend({ quiet: true });
  const model = tf.sequential({
    layers: [tf.layers.bidirectional({ layer: recurrentLayer("gru", { units: 4 }) as tf.RNN, inputShape: [5, 2] }), tf.layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: "adam", loss: "meanSquaredError" });
  const x = tf.randomNormal([8, 5, 2], 0, 1, "float32", 1);
  const y = tf.randomNormal([8, 1], 0, 1, "float32", 2);
  const history = await model.fit(x, y, { epochs: 2, verbose: 0 });
  assert.ok((history.history.loss as number[]).every(Number.isFinite));
  const weights = model.layers[0].getWeights();
  assert.equal(weights.length, 6);
  assert.ok(maxAbsDiff(weights[0], weights[3]) > 1e-3, "forward and backward start from the same kernel");
  tf.dispose([x, y]);
  model.dispose();
});

test("a workbook cell inside the stock tf.layers.rnn computes the same as recurrentLayer", async () => {
  await initBackend({ quiet: true });
  const ours = recurrentLayer("lstm", { units: 4, returnSequences: true, seed: 3 });
  const stock = tf.layers.rnn({ cell: createCell("lstm", { units: 4, seed: 99 }), returnSequences: true });
  tf.tidy(() => {
    const x = tf.randomNormal([2, 5, 3], 0, 1, "float32", 1);
    ours.apply(x);
    setTorchWeights(stock, getTorchWeights(ours));
    assert.ok(maxAbsDiff(ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor) < 1e-6);
  });
});

test("save to a directory and load back (node fs, no tfjs-node file handler): identical predictions, options kept", async () => {
  await initBackend({ quiet: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-save-"));
  const model = tf.sequential({
    layers: [
      recurrentLayer("lstm", { units: 5, returnSequences: true, inputShape: [null, 3], unitForgetBias: false, seed: 1 }),
      recurrentLayer("gru", { units: 4, returnSequences: true, resetAfter: false, seed: 2, fused: false }),
      recurrentLayer("gru", { units: 4, returnSequences: true, seed: 3 }),
      recurrentLayer("rnn", { units: 3, seed: 4, dropout: 0.2 }),
      tf.layers.dense({ units: 2 }),
    ],
  });
  await saveModel(model, dir);
  assert.deepEqual(fs.readdirSync(dir).sort(), ["model.json", "weights.bin"]);
  const loaded = await loadModel(dir);
  const x = tf.randomNormal([3, 6, 3], 0, 1, "float32", 6);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.equal(maxAbsDiff(a, b), 0);
  const layers = loaded.layers.slice(0, 4) as WorkbookRNN[];
  assert.ok(layers.every((l) => l instanceof WorkbookRNN));
  assert.equal((layers[0].workbookCell as WorkbookLSTMCell).unitForgetBias, false);
  assert.equal((layers[1].workbookCell as WorkbookGRUCell).resetAfter, false);
  assert.equal(layers[1].fused, false);
  assert.equal((layers[2].workbookCell as WorkbookGRUCell).resetAfter, true);
  assert.equal(layers[3].workbookCell.dropout, 0.2);
  await assert.rejects(loadModel(path.join(dir, "missing")), /model\.json does not exist: save the model with saveModel/);
  tf.dispose([a, b, x]);
  model.dispose();
  loaded.dispose();
});

test("PyTorch and Keras weight import/export round trips, the summed bias documented", async () => {
  await initBackend({ quiet: true });
  for (const c of shared.cases as { cell: CellName; hidden_size: number; weights: Record<string, number[] | number[][]>; keras: { kernel: number[][]; recurrent_kernel: number[][]; bias: number[] | number[][] }; input: number[][][]; output: number[][][] }[]) {
    const viaTorch = recurrentLayer(c.cell, { units: c.hidden_size, returnSequences: true });
    const viaKeras = recurrentLayer(c.cell, { units: c.hidden_size, returnSequences: true });
    setTorchWeights(viaTorch, c.weights as never);
    setKerasWeights(viaKeras, c.keras);
    tf.tidy(() => {
      const x = tf.tensor3d(c.input);
      const expected = tf.tensor3d(c.output);
      assert.ok(maxAbsDiff(viaTorch.apply(x) as tf.Tensor, expected) < 1e-5);
      assert.ok(maxAbsDiff(viaKeras.apply(x) as tf.Tensor, expected) < 1e-5);
    });
    const keras = getKerasWeights(viaTorch);
    assert.ok(maxAbsDiff(tf.tensor(keras.bias), tf.tensor(c.keras.bias)) < 1e-6);
    assert.ok(maxAbsDiff(tf.tensor(keras.recurrent_kernel), tf.tensor(c.keras.recurrent_kernel)) < 1e-7);
    const torch = getTorchWeights(viaKeras);
    assert.ok(maxAbsDiff(tf.tensor(torch.weight_ih_l0), tf.tensor(c.weights.weight_ih_l0)) < 1e-7);
    assert.ok(maxAbsDiff(tf.tensor(torch.weight_hh_l0), tf.tensor(c.weights.weight_hh_l0)) < 1e-7);
    if (c.cell === "gru") {
      assert.ok(maxAbsDiff(tf.tensor(torch.bias_hh_l0), tf.tensor(c.weights.bias_hh_l0)) < 1e-7);
    } else {
      // One summed bias: all of it in bias_ih_l0, zeros in bias_hh_l0.
      const summed = tf.add(tf.tensor(c.weights.bias_ih_l0), tf.tensor(c.weights.bias_hh_l0));
      assert.ok(maxAbsDiff(tf.tensor(torch.bias_ih_l0), summed) < 1e-6);
      assert.ok(torch.bias_hh_l0.every((v) => v === 0));
    }
    viaTorch.dispose();
    viaKeras.dispose();
  }
});

test("bad input: each a clear error naming what is expected", async () => {
  await initBackend({ quiet: true });
  for (const units of [0, -3, 2.5, Number.NaN, "4"]) {
    assert.throws(() => recurrentLayer("gru", { units: units as number }), /units must be a positive integer \(the size of h\), got/);
  }
  assert.throws(() => createCell("lstm", { units: 4, dropout: 1.5 }), /dropout must be a fraction in \[0, 1\), got 1.5/);
  assert.throws(() => recurrentLayer("transformer" as CellName, { units: 4 }), /unknown cell 'transformer': use one of rnn, lstm, gru/);

  const layer = recurrentLayer("lstm", { units: 4 });
  assert.throws(() => layer.apply(tf.zeros([2, 3])), /expected input of shape \[batch, time, features\] \(rank 3\), got \[2,3\]/);
  tf.tidy(() => {
    layer.apply(tf.zeros([2, 5, 3]));
  });
  assert.throws(() => layer.apply(tf.zeros([2, 5, 4])), /expected input of shape \[batch, time, 3\], got \[2,5,4\]/);
  const model = tf.sequential({ layers: [recurrentLayer("rnn", { units: 2, inputShape: [null, 3] })] });
  assert.throws(() => model.predict(tf.zeros([1, 5, 2])), /expected|shape/);

  const cell = createCell("lstm", { units: 4 });
  assert.throws(() => cell.step(tf.zeros([2, 3]) as tf.Tensor2D, { h: tf.zeros([2, 4]) as tf.Tensor2D }), /state\.c \(the cell state\) must have shape \[2, 4\], got nothing/);
  assert.throws(() => cell.step(tf.zeros([2, 5]) as tf.Tensor2D, cell.initialState(2)), /x_t must have shape \[batch, 3\], got \[2,5\]/);
  assert.throws(() => cell.step(tf.zeros([2, 3]) as tf.Tensor2D, cell.initialState(3)), /state\.h must have shape \[2, 4\], got \[3,4\]/);

  const w = shared.cases[3].weights; // lstm, F=3, H=4
  assert.throws(() => setTorchWeights(recurrentLayer("lstm", { units: 5 }), w), /weight_ih_l0 must have shape \[20,3\] \(4\*H x F for a lstm with H=5\), got \[16,3\]/);
  assert.throws(() => setTorchWeights(recurrentLayer("lstm", { units: 4 }), { ...w, bias_hh_l0: w.bias_hh_l0.slice(1) }), /bias_hh_l0 must have shape \[16\]/);
  assert.throws(() => setTorchWeights(recurrentLayer("lstm", { units: 4 }), { ...w, weight_hh_l0: [[1, 2], [3]] }), /weight_hh_l0 must have shape \[16,4\]/);
  assert.throws(() => setTorchWeights(recurrentLayer("gru", { units: 4, resetAfter: false }), shared.cases[6].weights), /resetAfter: false: create it with resetAfter: true/);
  assert.throws(() => setKerasWeights(recurrentLayer("gru", { units: 4 }), { ...shared.cases[6].keras, bias: shared.cases[6].keras.bias[0] }), /bias must have shape \[2,12\]/);
  assert.throws(() => setTorchWeights(tf.layers.dense({ units: 2 }), w), /expected a layer made by recurrentLayer\(\)/);
  const built = recurrentLayer("lstm", { units: 4 });
  tf.tidy(() => {
    built.apply(tf.zeros([1, 2, 5]));
  });
  assert.throws(() => setTorchWeights(built, w), /built for 5 input features, the weights have 3/);
});
