import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { CELL_NAMES } from "../../lib/cells/types";
import { fitLinearAutoregression } from "../../lib/models/forecast-baselines";
import { buildForecaster, forecasterParamCount } from "../../lib/models/forecaster";
import { initLinearSkipLeastSquares } from "../../lib/models/linear-skip-init";
import { buildMlpForecaster, mlpForecasterParamCount } from "../../lib/models/mlp-forecaster";
import { AddWindowReference, SubtractWindowReference, TargetLags, WINDOW_REFERENCES } from "../../lib/models/window-layers";

// One window of 4 steps, 2 inputs: target column 0 = [1, 2, 4, 5] (mean 3, population std sqrt(2.5)), column 1 = 7s.
const X = () => tf.tensor3d([1, 7, 2, 7, 4, 7, 5, 7], [1, 4, 2]);

test("window references: hand-computed last / mean / revin on the target column only, other inputs untouched", async () => {
  await initBackend({ quiet: true });
  const std = Math.sqrt(2.5 + 1e-4);
  const expected: Record<string, { sub: number[]; add: number }> = {
    last: { sub: [-4, -3, -1, 0], add: 10 + 5 },
    mean: { sub: [-2, -1, 1, 2], add: 10 + 3 },
    revin: { sub: [-2, -1, 1, 2].map((v) => v / std), add: 10 * std + 3 },
  };
  for (const [reference, want] of Object.entries(expected)) {
    const sub = new SubtractWindowReference({ reference: reference as "last" }).apply(X()) as tf.Tensor;
    const values = Array.from(sub.dataSync());
    values.forEach((v, i) => assert.ok(Math.abs(v - (i % 2 === 0 ? want.sub[i / 2] : 7)) < 1e-5, `${reference} x[${i}] = ${v}`));
    const added = new AddWindowReference({ reference: reference as "last" }).apply([tf.tensor2d([[10]]), X()]) as tf.Tensor;
    assert.ok(Math.abs(added.dataSync()[0] - want.add) < 1e-4, `${reference}: ${added.dataSync()[0]} vs ${want.add}`);
  }
  assert.deepEqual(Array.from((new TargetLags({ lags: 2 }).apply(X()) as tf.Tensor).dataSync()), [4, 5]);
  assert.throws(() => new SubtractWindowReference({ reference: "median" as "last" }), /reference must be 'last', 'mean' or 'revin'/);
});

test("a forecaster with a reference and a zero head forecasts the reference itself (last value, window mean)", async () => {
  await initBackend({ quiet: true });
  for (const reference of ["last", "mean"] as const) {
    for (const model of [buildForecaster("gru", { lookback: 4, features: 2, units: 3, reference }), buildMlpForecaster({ lookback: 4, features: 2, hidden: 3, reference })]) {
      const head = model.getLayer("forecast_head");
      head.setWeights(head.getWeights().map((w) => tf.zerosLike(w)));
      const y = (model.predict(X()) as tf.Tensor).dataSync()[0];
      assert.ok(Math.abs(y - (reference === "last" ? 5 : 3)) < 1e-5, `${model.name} ${reference}: ${y}`);
      model.dispose();
    }
  }
});

test("parameter formulas equal TF.js's count with every anchor option, recurrent and MLP", async () => {
  await initBackend({ quiet: true });
  for (const cell of CELL_NAMES) {
    for (const reference of WINDOW_REFERENCES) {
      for (const linearSkip of [0, 3]) {
        const options = { lookback: 5, features: 2, horizon: 4, units: 3, reference, linearSkip };
        const model = buildForecaster(cell, options);
        assert.equal(model.countParams(), forecasterParamCount(cell, options), `${cell} ${reference} ${linearSkip}`);
        const out = model.predict(tf.zeros([2, 5, 2])) as tf.Tensor;
        assert.deepEqual(out.shape, [2, 4]);
        model.dispose();
      }
    }
  }
  const mlp = { lookback: 5, features: 2, horizon: 4, hidden: 7, linearSkip: 5 };
  const model = buildMlpForecaster(mlp);
  assert.equal(model.countParams(), mlpForecasterParamCount(mlp));
  model.dispose();
  assert.throws(() => buildForecaster("lstm", { lookback: 4, features: 1, linearSkip: 5 }), /linearSkip must be an integer in 0..lookback \(4\), got 5/);
});

test("least-squares start: before training the model forecasts exactly what the linear AR fitted on the same windows does", async () => {
  await initBackend({ quiet: true });
  // A noisy AR(2) series: y_t = 0.6 y_{t-1} - 0.3 y_{t-2} + 0.5 + e_t (deterministic noise).
  const n = 300;
  const y = new Float64Array(n);
  for (let t = 2; t < n; t++) y[t] = 0.6 * y[t - 1] - 0.3 * y[t - 2] + 0.5 + 0.3 * Math.sin(t * 12.9898);
  const lookback = 6;
  const horizon = 2;
  const count = n - lookback - horizon + 1;
  const x = new Float32Array(count * lookback);
  const targets = new Float32Array(count * horizon);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < lookback; t++) x[i * lookback + t] = y[i + t];
    for (let k = 0; k < horizon; k++) targets[i * horizon + k] = y[i + lookback + k];
  }
  const windows = Array.from({ length: count }, (_, i) => x.subarray(i * lookback, (i + 1) * lookback));
  const ar = fitLinearAutoregression(windows, Array.from({ length: count }, (_, i) => targets.subarray(i * horizon, (i + 1) * horizon)));
  for (const reference of ["none", "last"] as const) {
    for (const model of [
      buildForecaster("lstm", { lookback, features: 1, horizon, units: 4, linearSkip: lookback, reference }),
      buildMlpForecaster({ lookback, features: 1, horizon, hidden: 4, linearSkip: lookback, reference }),
    ]) {
      initLinearSkipLeastSquares(model, { x, xShape: [count, lookback, 1], y: targets }, reference);
      const predicted = (model.predict(tf.tensor3d(x, [count, lookback, 1])) as tf.Tensor).dataSync();
      for (const i of [0, 50, count - 1]) {
        const want = ar.predict(windows[i]);
        for (let k = 0; k < horizon; k++) assert.ok(Math.abs(predicted[i * horizon + k] - want[k]) < 1e-3, `${model.name} ${reference} window ${i} step ${k}`);
      }
      model.dispose();
    }
  }
  const plain = buildForecaster("gru", { lookback, features: 1, units: 2 });
  assert.throws(() => initLinearSkipLeastSquares(plain, { x, xShape: [count, lookback, 1], y: targets }, "none"), /no linear_skip/);
});
