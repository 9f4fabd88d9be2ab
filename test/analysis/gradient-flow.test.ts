import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { createCell, recurrentLayer } from "../../lib/cells/layer";
import type { CellName, CellState } from "../../lib/cells/types";
import { type SteppingCell, gradientDecay, probeGradientFlow } from "../../lib/analysis/gradient-flow";

/** h_t = a h_{t-1} + x_t: with L = sum(h_T), dL/dh_{T-k} = a^k in every unit, so the norm is sqrt(H) a^k. */
function linearCell(a: number, units: number): SteppingCell {
  return {
    units,
    initialState: (batch) => ({ h: tf.zeros([batch, units]) as tf.Tensor2D }),
    step: (x, state) => ({ h: tf.add(tf.mul(state.h, a), tf.tile(tf.sum(x, 1, true), [1, units])) as tf.Tensor2D }),
  };
}

test("probe: a linear cell's gradient is a^k at lag k (hand-computed)", async () => {
  await initBackend({ quiet: true });
  const inputs = tf.randomUniform([3, 6, 2], 0, 1, "float32", 1) as tf.Tensor3D;
  const probe = probeGradientFlow(linearCell(0.5, 4), inputs);
  assert.deepEqual(probe.lags, [1, 2, 3, 4, 5, 6]);
  probe.norms.forEach((norm, i) => {
    const expected = Math.sqrt(4) * 0.5 ** (i + 1);
    assert.ok(Math.abs(norm - expected) < 1e-6, `lag ${i + 1}: ${norm} vs ${expected}`);
  });
  inputs.dispose();
});

/**
 * Central finite differences of L = sum(h_T) with respect to h_t, by an unroll written here: perturbing unit j
 * of h_t in every sequence at once gives each sequence's own derivative (the sequences do not interact).
 */
function finiteDifferenceNorms(cell: SteppingCell, inputs: tf.Tensor3D, eps: number): number[] {
  const [batch, steps] = inputs.shape;
  const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
  const lossPerSequence = (t: number, unit: number, delta: number): Float32Array =>
    tf.tidy(() => {
      const bump = tf.mul(tf.oneHot(tf.fill([batch], unit, "int32"), cell.units), delta);
      let state: CellState = cell.initialState(batch);
      if (t === 0) state = { h: tf.add(state.h, bump), c: state.c };
      for (let s = 1; s <= steps; s++) {
        const next = cell.step(xs[s - 1], state);
        state = s === t ? { h: tf.add(next.h, bump), c: next.c } : { h: next.h, c: next.c };
      }
      return tf.sum(state.h, 1).dataSync() as Float32Array;
    });
  const norms: number[] = [];
  for (let k = 1; k <= steps; k++) {
    const t = steps - k;
    const squares = new Float64Array(batch);
    for (let unit = 0; unit < cell.units; unit++) {
      const plus = lossPerSequence(t, unit, eps);
      const minus = lossPerSequence(t, unit, -eps);
      for (let n = 0; n < batch; n++) squares[n] += ((plus[n] - minus[n]) / (2 * eps)) ** 2;
    }
    norms.push(squares.reduce((sum, v) => sum + Math.sqrt(v), 0) / batch);
  }
  tf.dispose(xs);
  return norms;
}

for (const cellName of ["rnn", "lstm", "gru"] as CellName[]) {
  test(`probe: the ${cellName} cell's dL/dh_t agrees with finite differences`, async () => {
    await initBackend({ quiet: true });
    const cell = createCell(cellName, { units: 3, seed: 7 });
    const inputs = tf.randomUniform([2, 5, 2], -1, 1, "float32", 3) as tf.Tensor3D;
    const probe = probeGradientFlow(cell, inputs);
    const estimate = finiteDifferenceNorms(cell, inputs, 1e-2);
    probe.norms.forEach((norm, i) => {
      assert.ok(Math.abs(norm - estimate[i]) <= 2e-3 * estimate[i] + 1e-4, `lag ${i + 1}: probe ${norm}, finite differences ${estimate[i]}`);
    });
    inputs.dispose();
    for (const weight of cell.weights) weight.dispose();
  });
}

test("gradientDecay at initialisation: chart-ready, relative to lag 1, geometric mean over seeds", async () => {
  const rnn = await gradientDecay("rnn", { length: 30, units: 16, seeds: 2, batch: 8 });
  const lstm = await gradientDecay("lstm", { length: 30, units: 16, seeds: 2, batch: 8 });
  for (const decay of [rnn, lstm]) {
    assert.equal(decay.lags.length, 30);
    assert.equal(decay.norms.length, 30);
    assert.equal(decay.relative[0], 1);
    assert.equal(decay.relativePerSeed.length, 2);
    assert.equal(decay.weights, "initial");
    assert.deepEqual(JSON.parse(JSON.stringify(decay)), decay);
    assert.ok(decay.norms.every((v) => Number.isFinite(v) && v > 0));
    // The geometric mean of ratios is the ratio of geometric means.
    decay.relative.forEach((r, i) => {
      const fromSeeds = Math.sqrt(decay.relativePerSeed[0][i] * decay.relativePerSeed[1][i]);
      assert.ok(Math.abs(r - fromSeeds) <= 1e-9 + 1e-6 * r, `lag ${i + 1}: ${r} vs ${fromSeeds}`);
    });
  }
  // dL/dh_{t-1} = U diag(1 - h_t^2) dL/dh_t with an orthogonal U (the cells' initialiser) and |tanh'| <= 1:
  // the RNN's norm can never grow with the lag, whatever the inputs.
  rnn.norms.forEach((v, i) => {
    if (i > 0) assert.ok(v <= rnn.norms[i - 1] * (1 + 1e-5), `rnn norm grew from lag ${i} to ${i + 1}: ${rnn.norms[i - 1]} -> ${v}`);
  });
});

test("gradientDecay of a trained layer probes that layer's own cell, and refuses a mismatched cell or task", async () => {
  await initBackend({ quiet: true });
  const layer = recurrentLayer("gru", { units: 5, seed: 2 });
  const inputs = tf.zeros([1, 6, 2]);
  (layer.apply(inputs) as tf.Tensor).dispose();
  const decay = await gradientDecay("gru", { length: 6, trainedLayer: layer, seeds: 1, batch: 4 });
  assert.equal(decay.weights, "trained");
  assert.equal(decay.units, 5);
  const fresh = await gradientDecay("gru", { length: 6, units: 5, seeds: 1, batch: 4 });
  assert.notDeepEqual(decay.norms, fresh.norms); // another cell's weights (seed 2 vs seed 1)
  await assert.rejects(gradientDecay("lstm", { length: 6, trainedLayer: layer }), /holds a gru cell, not lstm/);
  await assert.rejects(gradientDecay("gru", { length: 6, trainedLayer: layer, task: "copy" }), /reads 2 features, the copy task has 10/);
  inputs.dispose();
  layer.dispose();
});
