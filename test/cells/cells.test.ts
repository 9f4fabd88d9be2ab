/**
 * The cells' equations against independent truth: TF.js's own LSTM / GRU (reset-before) / SimpleRNN with
 * sigmoid gates and the same weights, hand-computed one-unit steps, finite differences, and the
 * invariants of the initialisers. step() against the layer, and step() unrolled under tf.grad.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { cellParameterCount, createCell, recurrentLayer, WorkbookRNN } from "../../lib/cells/layer";
import { getKerasWeights, setKerasWeights } from "../../lib/cells/weights";
import { orthogonalMatrix } from "../../lib/random";
import { WorkbookCell } from "../../lib/cells/base";
import { fusedAvailable } from "../../lib/cells/fused";
import type { CellName, CellState } from "../../lib/cells/types";
import { maxAbsDiff } from "./helpers";

const root = path.resolve(__dirname, "..", "..", "..");

/** A workbook layer with non-trivial weights (random seed, biases made non-zero). */
function workbookLayer(cell: CellName, units: number, features: number, extra: Record<string, unknown> = {}) {
  const layer = recurrentLayer(cell, { units, returnSequences: true, returnState: true, seed: 7, ...extra });
  tf.tidy(() => {
    layer.apply(tf.zeros([1, 1, features]));
  });
  const w = getKerasWeights(layer);
  const bias = (w.bias as (number | number[])[]).map((b, i) =>
    Array.isArray(b) ? b.map((v, j) => v + 0.1 * Math.sin(i * 7 + j)) : (b as number) + 0.1 * Math.sin(i),
  ) as number[] | number[][];
  setKerasWeights(layer, { ...w, bias });
  return layer;
}

for (const fused of [false, "auto"] as const) {
  test(`LSTM and GRU (resetAfter: false) and RNN match tf.layers with sigmoid gates and the same weights (fused: ${fused})`, async () => {
    await initBackend({ quiet: true });
    const x = tf.randomNormal([3, 6, 4], 0, 1, "float32", 11);
    const pairs: [CellName, Record<string, unknown>, tf.layers.Layer][] = [
      ["lstm", {}, tf.layers.lstm({ units: 5, recurrentActivation: "sigmoid", returnSequences: true, returnState: true })],
      ["gru", { resetAfter: false }, tf.layers.gru({ units: 5, recurrentActivation: "sigmoid", returnSequences: true, returnState: true })],
      ["rnn", {}, tf.layers.simpleRNN({ units: 5, returnSequences: true, returnState: true })],
    ];
    for (const [cell, extra, reference] of pairs) {
      const ours = workbookLayer(cell, 5, 4, { ...extra, fused });
      tf.tidy(() => {
        reference.apply(tf.zeros([1, 1, 4]));
      });
      const w = getKerasWeights(ours);
      reference.setWeights([tf.tensor(w.kernel), tf.tensor(w.recurrent_kernel), tf.tensor(w.bias as number[])]);
      const a = ours.apply(x) as tf.Tensor[];
      assert.equal((ours as WorkbookRNN).lastPath, fused !== false && fusedAvailable() ? "fused" : "stepwise");
      const b = reference.apply(x) as tf.Tensor[];
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.ok(maxAbsDiff(a[i], b[i]) < 1e-6, `${cell} output ${i}`);
      tf.dispose([...a, ...b]);
      ours.dispose();
      reference.dispose();
    }
    x.dispose();
  });
}

test("one-unit steps computed by hand", async () => {
  await initBackend({ quiet: true });
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const x = tf.tensor2d([[0.5]]);
  const state = { h: tf.tensor2d([[-0.3]]), c: tf.tensor2d([[0.8]]) };

  const rnn = createCell("rnn", { units: 1 });
  rnn.build([null, 1]);
  setKerasWeights(rnn, { kernel: [[0.7]], recurrent_kernel: [[-1.2]], bias: [0.1] });
  assert.ok(Math.abs(rnn.step(x, state).h.dataSync()[0] - Math.tanh(0.5 * 0.7 + -0.3 * -1.2 + 0.1)) < 1e-6);

  // LSTM blocks [i | f | g | o].
  const lstm = createCell("lstm", { units: 1 });
  setKerasWeights(lstm, { kernel: [[0.1, 0.2, 0.3, 0.4]], recurrent_kernel: [[-0.5, 0.6, -0.7, 0.8]], bias: [0.01, 1, -0.02, 0.03] });
  const pre = [0, 1, 2, 3].map((k) => 0.5 * [0.1, 0.2, 0.3, 0.4][k] + -0.3 * [-0.5, 0.6, -0.7, 0.8][k] + [0.01, 1, -0.02, 0.03][k]);
  const [i, f, g, o] = [sig(pre[0]), sig(pre[1]), Math.tanh(pre[2]), sig(pre[3])];
  const c = f * 0.8 + i * g;
  const l = lstm.step(x, state);
  assert.ok(Math.abs(l.c!.dataSync()[0] - c) < 1e-6);
  assert.ok(Math.abs(l.h.dataSync()[0] - o * Math.tanh(c)) < 1e-6);
  assert.ok(Math.abs(l.gates.forgetGate.dataSync()[0] - f) < 1e-6);
  assert.ok(Math.abs(l.gates.cellCandidate.dataSync()[0] - g) < 1e-6);

  // GRU blocks [z | r | n], both conventions.
  const K = [0.3, -0.4, 0.9];
  const R = [0.2, 0.5, -0.6];
  const bIn = [0.05, -0.05, 0.2];
  const bRec = [0.1, 0.3, -0.4];
  const after = createCell("gru", { units: 1, resetAfter: true });
  setKerasWeights(after, { kernel: [K], recurrent_kernel: [R], bias: [bIn, bRec] });
  const h0 = -0.3;
  let z = sig(0.5 * K[0] + bIn[0] + h0 * R[0] + bRec[0]);
  let r = sig(0.5 * K[1] + bIn[1] + h0 * R[1] + bRec[1]);
  let n = Math.tanh(0.5 * K[2] + bIn[2] + r * (h0 * R[2] + bRec[2]));
  const ga = after.step(x, state);
  assert.ok(Math.abs(ga.h.dataSync()[0] - (z * h0 + (1 - z) * n)) < 1e-6);
  assert.ok(Math.abs(ga.gates.resetGate.dataSync()[0] - r) < 1e-6);

  const before = createCell("gru", { units: 1, resetAfter: false });
  setKerasWeights(before, { kernel: [K], recurrent_kernel: [R], bias: bIn });
  z = sig(0.5 * K[0] + h0 * R[0] + bIn[0]);
  r = sig(0.5 * K[1] + h0 * R[1] + bIn[1]);
  n = Math.tanh(0.5 * K[2] + (r * h0) * R[2] + bIn[2]);
  const gb = before.step(x, state);
  assert.ok(Math.abs(gb.h.dataSync()[0] - (z * h0 + (1 - z) * n)) < 1e-6);
  assert.ok(Math.abs(gb.gates.updateGate.dataSync()[0] - z) < 1e-6);
});

/** Unroll step() over a [B, T, F] input from zero state. */
function unroll(cell: WorkbookCell, x: tf.Tensor3D): { outputs: tf.Tensor2D[]; state: CellState } {
  const [batch, time] = x.shape;
  let state = cell.initialState(batch);
  const outputs: tf.Tensor2D[] = [];
  const steps = tf.unstack(x, 1) as tf.Tensor2D[];
  for (let t = 0; t < time; t++) {
    state = cell.step(steps[t], state);
    outputs.push(state.h);
  }
  return { outputs, state };
}

for (const [cell, extra] of [["rnn", {}], ["lstm", {}], ["gru", {}], ["gru", { resetAfter: false }]] as [CellName, Record<string, unknown>][]) {
  test(`${cell}${extra.resetAfter === false ? " (resetAfter: false)" : ""}: step() agrees with the layer, gates are in range, and step() is differentiable`, async () => {
    await initBackend({ quiet: true });
    const layer = workbookLayer(cell, 4, 3, { ...extra, fused: false }) as WorkbookRNN;
    const cellOfLayer = layer.workbookCell;
    const x = tf.randomNormal([2, 5, 3], 0, 1, "float32", 3) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const [sequence, h] = layer.apply(x) as tf.Tensor[];
      const { outputs, state } = unroll(cellOfLayer, x);
      assert.ok(maxAbsDiff(tf.stack(outputs, 1), sequence) < 1e-6);
      assert.ok(maxAbsDiff(state.h, h) < 1e-6);
      const result = cellOfLayer.step(tf.unstack(x, 1)[0] as tf.Tensor2D, cellOfLayer.initialState(2));
      const names = { rnn: [], lstm: ["inputGate", "forgetGate", "cellCandidate", "outputGate"], gru: ["updateGate", "resetGate", "candidate"] }[cell];
      assert.deepEqual(Object.keys(result.gates).sort(), [...names].sort());
      for (const [name, gate] of Object.entries(result.gates)) {
        const [low, high] = name === "cellCandidate" || name === "candidate" ? [-1, 1] : [0, 1];
        assert.ok(gate.dataSync().every((v) => v > low && v < high), `${name} out of (${low}, ${high})`);
      }
      // The loss of the unrolled steps has the same gradient as the layer's: step() is plain tf ops.
      const loss = (seq: tf.Tensor) => tf.sum(tf.square(seq));
      const viaSteps = tf.grad((input: tf.Tensor) => loss(tf.stack(unroll(cellOfLayer, input as tf.Tensor3D).outputs, 1)))(x);
      const viaLayer = tf.grad((input: tf.Tensor) => loss((layer.apply(input) as tf.Tensor[])[0]))(x);
      assert.ok(maxAbsDiff(viaSteps, viaLayer) < 1e-5);
      assert.ok(tf.norm(viaSteps).dataSync()[0] > 1e-3);
    });
    assert.equal(tf.memory().numTensors, before, "step()/apply leaked tensors");
    x.dispose();
    layer.dispose();
  });
}

for (const [cell, extra] of [["rnn", {}], ["lstm", {}], ["gru", {}], ["gru", { resetAfter: false }]] as [CellName, Record<string, unknown>][]) {
  test(`${cell}${extra.resetAfter === false ? " (resetAfter: false)" : ""}: gradients agree with central finite differences`, async () => {
    await initBackend({ quiet: true });
    const layer = workbookLayer(cell, 2, 2, { ...extra, fused: false }) as WorkbookRNN;
    const cellOfLayer = layer.workbookCell;
    const x = tf.randomNormal([2, 3, 2], 0, 1, "float32", 5);
    const loss = () => {
      const [sequence, h] = layer.apply(x) as tf.Tensor[];
      return tf.add(tf.sum(tf.square(sequence)), tf.sum(h)) as tf.Scalar;
    };
    const weights = [cellOfLayer.kernel, cellOfLayer.recurrentKernel, cellOfLayer.bias];
    const { grads } = tf.variableGrads(loss, weights.map((w) => w.read() as tf.Variable));
    // float32: eps 1e-2 keeps the rounding error of the difference quotient (~1e-7 * |L| / eps) near 1e-5,
    // and the truncation error O(eps^2 * L''') near 1e-4; an error in an equation is O(|gradient|).
    const eps = 1e-2;
    let worst = 0;
    let checked = 0;
    for (const w of weights) {
      const analytic = grads[(w.read() as tf.Variable).name].dataSync();
      const values = w.read().dataSync().slice();
      for (let i = 0; i < values.length; i++) {
        const at = (delta: number) => {
          const v = values.slice();
          v[i] += delta;
          w.write(tf.tensor(v, w.shape as number[]));
          return tf.tidy(() => loss().dataSync()[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        w.write(tf.tensor(values, w.shape as number[]));
        const error = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(analytic[i]));
        worst = Math.max(worst, error);
        checked++;
      }
    }
    assert.equal(checked, cellParameterCount(cell, 2, 2, extra));
    assert.ok(worst < 2e-3, `largest relative finite-difference error ${worst}`);
    tf.dispose(Object.values(grads));
    x.dispose();
    layer.dispose();
  });
}

test("initialisation: glorot-uniform kernel, one orthogonal block per gate, LSTM forget bias 1 unless turned off, seeds", async () => {
  await initBackend({ quiet: true });
  const units = 16;
  const features = 5;
  const lstm = createCell("lstm", { units, seed: 42 });
  lstm.build([null, features]);
  const kernel = lstm.kernel.read().dataSync();
  const limit = Math.sqrt(6 / (features + 4 * units));
  assert.ok(kernel.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...Array.from(kernel, Math.abs)) > 0.8 * limit);
  const bias = Array.from(lstm.bias.read().dataSync());
  assert.deepEqual(bias, [...Array(units).fill(0), ...Array(units).fill(1), ...Array(2 * units).fill(0)]);
  const recurrent = lstm.recurrentKernel.read() as tf.Tensor2D;
  for (let g = 0; g < 4; g++) {
    tf.tidy(() => {
      const block = tf.slice(recurrent, [0, g * units], [units, units]);
      assert.ok(maxAbsDiff(tf.matMul(block, block, true, false), tf.eye(units)) < 1e-5, `gate ${g} block is not orthogonal`);
    });
  }
  const noForget = createCell("lstm", { units, unitForgetBias: false, seed: 42 });
  noForget.build([null, features]);
  assert.ok(noForget.bias.read().dataSync().every((v) => v === 0));
  // Same seed, same weights; another seed, other weights.
  assert.equal(maxAbsDiff(noForget.kernel.read(), lstm.kernel.read()), 0);
  const other = createCell("lstm", { units, seed: 43 });
  other.build([null, features]);
  assert.ok(maxAbsDiff(other.kernel.read(), lstm.kernel.read()) > 0.01);
  // GRU bias shapes of the two conventions.
  const after = createCell("gru", { units: 3 });
  after.build([null, 2]);
  assert.deepEqual(after.bias.shape, [2, 9]);
  const before = createCell("gru", { units: 3, resetAfter: false });
  before.build([null, 2]);
  assert.deepEqual(before.bias.shape, [9]);
  // A large orthogonal matrix stays orthogonal (Gram-Schmidt in float64).
  const n = 128;
  const q = orthogonalMatrix(n, 1);
  let worst = 0;
  for (let i = 0; i < n; i += 17) {
    for (let j = 0; j < n; j += 13) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[k * n + i] * q[k * n + j];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  assert.ok(worst < 1e-10);
  for (const c of [lstm, noForget, other, after, before]) c.dispose();
});

test("dropout: active only in training, one mask per sequence, reproducible with a seed", async () => {
  await initBackend({ quiet: true });
  const x = tf.ones([4, 6, 3]);
  const make = () => workbookLayer("gru", 8, 3, { dropout: 0.5, recurrentDropout: 0.5, seed: 3, fused: false }) as WorkbookRNN;
  const a = make();
  const plain = workbookLayer("gru", 8, 3, { seed: 3, fused: false });
  tf.tidy(() => {
    const [inference] = a.apply(x, { training: false }) as tf.Tensor[];
    const [reference] = plain.apply(x) as tf.Tensor[];
    assert.equal(maxAbsDiff(inference, reference), 0);
    const [trained] = a.apply(x, { training: true }) as tf.Tensor[];
    assert.ok(maxAbsDiff(trained, reference) > 1e-3);
    const [again] = a.apply(x, { training: true }) as tf.Tensor[];
    assert.ok(maxAbsDiff(trained, again) > 1e-6, "a new sequence draws new masks");
  });
  // Input dropout with a constant input: the same features are dropped at every step, so with U = 0
  // and no bias the RNN's pre-activation x W is the same at every step.
  const rnn = createCell("rnn", { units: 5, dropout: 0.5, seed: 9 });
  const layer = tf.layers.rnn({ cell: rnn, returnSequences: true });
  tf.tidy(() => {
    layer.apply(tf.zeros([1, 1, 3]));
  });
  rnn.recurrentKernel.write(tf.zeros([5, 5]));
  tf.tidy(() => {
    const sequence = layer.apply(tf.ones([2, 4, 3]), { training: true }) as tf.Tensor;
    const steps = tf.unstack(sequence, 1);
    for (const s of steps.slice(1)) assert.equal(maxAbsDiff(s, steps[0]), 0);
  });
  a.dispose();
  plain.dispose();
  x.dispose();
});

if (process.env.RNN_WORKBOOK_BACKEND !== "cpu") {
  test("the cell and layer tests pass on the cpu backend too (child process)", () => {
    const files = ["cells.test.js", "layer.test.js"].map((f) => path.join(root, "dist", "test", "cells", f));
    // Without NODE_TEST_CONTEXT the child is a runner of its own, with its own exit code.
    const { NODE_TEST_CONTEXT: _parentRunner, ...env } = process.env;
    const r = spawnSync(process.execPath, ["--test", "--test-reporter=dot", ...files], {
      cwd: root,
      encoding: "utf8",
      env: { ...env, RNN_WORKBOOK_BACKEND: "cpu", RNN_WORKBOOK_QUIET: "1" },
    });
    assert.match(r.stdout, /\.{20}/, "the child ran the tests");
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
