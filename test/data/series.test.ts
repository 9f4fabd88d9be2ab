import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { chronologicalSplit } from "../../lib/data/split-series";
import { MinMaxScaler, StandardScaler } from "../../lib/data/scalers";
import { makeWindows, splitWindows } from "../../lib/data/windows";
import { tensorBatches, windowBatches, windowDataset } from "../../lib/data/batches";
import type { SeriesDataset } from "../../lib/data/types";

const FC = { numRuns: 200, seed: 20261126 };

function series(values: number[], startMs = Date.UTC(2000, 0, 1), stepMs = 3600000): SeriesDataset {
  return {
    kind: "series",
    meta: { name: "t", kind: "series", title: "t", frequency: "hour", seasonalPeriods: [], target: "y", features: [], timeColumn: "time", units: "", file: null },
    length: values.length,
    time: values.map((_, i) => new Date(startMs + i * stepMs)),
    columns: { y: Float64Array.from(values) },
    categories: {},
  };
}

test("chronologicalSplit by fraction and by date gives consecutive ranges in time order", () => {
  assert.deepEqual(chronologicalSplit(10, { train: 0.7, validation: 0.15 }), {
    train: { start: 0, end: 7 },
    validation: { start: 7, end: 8 },
    test: { start: 8, end: 10 },
  });
  const s = series(Array.from({ length: 48 }, (_, i) => i)); // hourly from 2000-01-01T00:00
  assert.deepEqual(chronologicalSplit(s, { validationStart: "2000-01-01T12:00:00", testStart: "2000-01-02T06:30:00" }), {
    train: { start: 0, end: 12 },
    validation: { start: 12, end: 31 },
    test: { start: 31, end: 48 },
  });
  assert.throws(() => chronologicalSplit(10, { train: 0.9, validation: 0.2 }), /train \+ validation < 1/);
  assert.throws(() => chronologicalSplit(s, { validationStart: "2001-01-01", testStart: "2002-01-01" }), /the validation part is empty/);
});

test("property: every split tiles [0, n) in order", () => {
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 5000 }), fc.double({ min: 0.1, max: 0.8, noNaN: true }), fc.double({ min: 0.05, max: 0.15, noNaN: true }), (n, train, validation) => {
      const sp = chronologicalSplit(n, { train, validation });
      assert.equal(sp.train.start, 0);
      assert.equal(sp.train.end, sp.validation.start);
      assert.equal(sp.validation.end, sp.test.start);
      assert.equal(sp.test.end, n);
      assert.ok(sp.train.end >= 1 && sp.test.end > sp.test.start);
    }),
    FC,
  );
});

test("scalers on hand-computed values", () => {
  const standard = new StandardScaler().fit({ y: [1, 2, 3, 4] });
  assert.equal(standard.stats.y.mean, 2.5);
  assert.equal(standard.stats.y.std, Math.sqrt(1.25));
  assert.deepEqual(Array.from(standard.transformColumn("y", [2.5, 2.5 + Math.sqrt(1.25)])), [0, 1]);
  const minmax = new MinMaxScaler({ featureRange: [-1, 1] }).fit({ y: [10, 20, 30] });
  assert.deepEqual(Array.from(minmax.transformColumn("y", [10, 20, 30, 40])), [-1, 0, 1, 2]);
  // A constant column maps to the low end, not to NaN.
  assert.deepEqual(Array.from(new MinMaxScaler().fit({ c: [5, 5] }).transformColumn("c", [5])), [0]);
  assert.deepEqual(Array.from(new StandardScaler().fit({ c: [5, 5] }).transformColumn("c", [5, 6])), [0, 1]);
  assert.throws(() => new StandardScaler().transformColumn("y", [1]), /call fit\(\) first/);
  assert.throws(() => standard.transformColumn("z", [1]), /column 'z' was not fitted: fitted columns are y/);
  assert.throws(() => new StandardScaler().fit({ y: [1, NaN] }), /column 'y' holds NaN at row 2/);
});

const column = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 60 });

test("property: inverseTransform(transform(x)) == x for both scalers, per feature", () => {
  fc.assert(
    fc.property(column, column, fc.boolean(), (a, b, useMinMax) => {
      const n = Math.min(a.length, b.length);
      const cols = { a: a.slice(0, n), b: b.slice(0, n) };
      const scaler = useMinMax ? new MinMaxScaler() : new StandardScaler();
      scaler.fit(cols, { start: 0, end: Math.max(1, Math.floor(n / 2)) });
      const back = scaler.inverseTransform(scaler.transform(cols));
      for (const name of ["a", "b"] as const) {
        for (let i = 0; i < n; i++) {
          const x = cols[name][i];
          assert.ok(Math.abs(back[name][i] - x) <= 1e-9 * Math.max(1, Math.abs(x), 1e6), `${name}[${i}]: ${back[name][i]} vs ${x}`);
        }
      }
    }),
    FC,
  );
});

test("property: scaler statistics use the training rows only", () => {
  fc.assert(
    fc.property(column, fc.integer({ min: 1, max: 59 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), (values, cut, replacement) => {
      const trainEnd = Math.min(cut, values.length - 1);
      const changed = values.map((v, i) => (i >= trainEnd ? replacement : v));
      for (const make of [() => new StandardScaler(), () => new MinMaxScaler()]) {
        const s1 = make().fit({ y: values }, { start: 0, end: trainEnd });
        const s2 = make().fit({ y: changed }, { start: 0, end: trainEnd });
        const s3 = make().fit({ y: values.slice(0, trainEnd) });
        assert.deepEqual(s1.stats, s2.stats);
        assert.deepEqual(s1.stats, s3.stats);
      }
    }),
    FC,
  );
});

test("property: windows cover exactly the rows they should and never leave their part", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 10, max: 120 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 4 }),
      fc.double({ min: 0.3, max: 0.7, noNaN: true }),
      (n, lookback, horizon, stride, trainFraction) => {
        const values = Array.from({ length: n }, (_, i) => i); // value == row index: windows reveal their rows
        const source = { columns: { y: values, x: values.map((v) => -v) } };
        const sp = chronologicalSplit(n, { train: trainFraction, validation: 0.1 });
        for (const part of [sp.train, sp.validation, sp.test]) {
          const span = part.end - part.start;
          if (span < lookback + horizon) {
            assert.throws(() => makeWindows(source, { lookback, horizon, stride, target: "y", range: part }), /shorter than lookback \+ horizon/);
            continue;
          }
          const w = makeWindows(source, { lookback, horizon, stride, target: "y", features: ["x"], range: part });
          // Brute force: every start s in the part, stepping by stride, whose window fits.
          const starts: number[] = [];
          for (let s = part.start; s + lookback + horizon <= part.end; s += stride) starts.push(s);
          assert.equal(w.count, starts.length);
          const block = w.block();
          for (let i = 0; i < w.count; i++) {
            const s = starts[i];
            for (let t = 0; t < lookback; t++) {
              assert.equal(block.x[(i * lookback + t) * 2], s + t);
              assert.equal(block.x[(i * lookback + t) * 2 + 1], -(s + t));
            }
            for (let h = 0; h < horizon; h++) assert.equal(block.y[i * horizon + h], s + lookback + h);
            assert.ok(s >= part.start && s + lookback + horizon <= part.end);
          }
        }
      },
    ),
    FC,
  );
});

test("multi-target windows are horizon-major; calendar features are sin/cos of the phase", () => {
  const s = series([0, 1, 2, 3, 4, 5], Date.UTC(2000, 5, 5, 6)); // Monday 2000-06-05 06:00 UTC, hourly
  const w = makeWindows(
    { columns: { a: [0, 1, 2, 3, 4, 5], b: [10, 11, 12, 13, 14, 15] }, time: s.time },
    { lookback: 2, horizon: 2, target: ["a", "b"], calendar: ["hour", "dayOfWeek"] },
  );
  assert.deepEqual(w.inputColumns, ["a", "b", "hour_sin", "hour_cos", "dayOfWeek_sin", "dayOfWeek_cos"]);
  const b = w.block(0, 1);
  assert.deepEqual(Array.from(b.y), [2, 12, 3, 13]);
  const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} vs ${expected}`);
  close(b.x[2], 1); // 06:00 is a quarter of the day: sin(pi/2)
  close(b.x[3], 0);
  close(b.x[4], Math.sin((2 * Math.PI) / 7)); // Monday = day 1 of 7 (Sunday 0)
  close(b.x[5], Math.cos((2 * Math.PI) / 7));
  close(b.x[6 + 2], Math.sin(2 * Math.PI * (7 / 24)));
});

test("window errors name the problem and the fix", () => {
  const source = { columns: { y: [1, 2, 3, 4, 5] } };
  assert.throws(() => makeWindows(source, { lookback: 0, horizon: 1, target: "y" }), /lookback must be a positive integer \(got 0\)/);
  assert.throws(() => makeWindows(source, { lookback: 2, horizon: 1.5, target: "y" }), /horizon must be a positive integer \(got 1.5\)/);
  assert.throws(() => makeWindows(source, { lookback: 4, horizon: 2, target: "y" }), /has 5 rows, shorter than lookback \+ horizon = 4 \+ 2/);
  assert.throws(() => makeWindows(source, { lookback: 2, horizon: 1, target: "q" }), /unknown column 'q': the series has columns 'y'/);
  assert.throws(() => makeWindows({ columns: { y: [1, NaN, 3, 4] } }, { lookback: 2, horizon: 1, target: "y" }), /column 'y' holds NaN at row 2: load the data with a missing-value policy/);
  assert.throws(() => makeWindows(source, { lookback: 2, horizon: 1, target: "y", calendar: ["hour"] }), /needs a time column/);
});

test("splitWindows keeps each part's windows inside it", () => {
  const n = 100;
  const source = { columns: { y: Array.from({ length: n }, (_, i) => i) } };
  const sp = chronologicalSplit(n, { train: 0.6, validation: 0.2 });
  const w = splitWindows(source, sp, { lookback: 5, horizon: 3, target: "y" });
  for (const [part, windows] of [["train", w.train], ["validation", w.validation], ["test", w.test]] as const) {
    const b = windows.block();
    const range = sp[part];
    assert.equal(Math.min(...b.x), range.start);
    assert.equal(Math.max(...b.y), range.end - 1);
  }
  assert.equal(w.validation.count, 20 - 5 - 3 + 1);
});

test("batches visit every window once, shuffled by seed, and tensors do not leak", async () => {
  await initBackend({ quiet: true });
  const w = makeWindows({ columns: { y: Array.from({ length: 50 }, (_, i) => i) } }, { lookback: 3, horizon: 1, target: "y" });
  const firstInputs = (shuffle: boolean, seed: number) =>
    [...windowBatches(w, { batchSize: 8, shuffle, seed })].flatMap((b) => Array.from({ length: b.count }, (_, k) => b.x[k * 3]));
  const inOrder = firstInputs(false, 0);
  assert.deepEqual(inOrder, Array.from({ length: 47 }, (_, i) => i));
  const shuffled = firstInputs(true, 5);
  assert.notDeepEqual(shuffled, inOrder);
  assert.deepEqual([...shuffled].sort((a, b) => a - b), inOrder);
  assert.deepEqual(firstInputs(true, 5), shuffled);

  const before = tf.memory().numTensors;
  const shapes: number[][] = [];
  for (const batch of tensorBatches(w, { batchSize: 20 })) {
    shapes.push(batch.xs.shape, batch.ys.shape);
    tf.dispose([batch.xs, batch.ys]);
  }
  assert.deepEqual(shapes, [[20, 3, 1], [20, 1], [20, 3, 1], [20, 1], [7, 3, 1], [7, 1]]);
  let seen = 0;
  await windowDataset(w, { batchSize: 16 }).forEachAsync((b) => {
    seen += b.xs.shape[0];
    tf.dispose([b.xs, b.ys]);
  });
  assert.equal(seen, 47);
  assert.equal(tf.memory().numTensors, before);
});
