/**
 * Windows in user terms and sampled scoring (issue 11): a part too short for one window says which part, how many
 * rows it has and needs, and the fix; evenlySpacedIndices picks a capped, evenly spaced sample of window indices.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chronologicalSplit } from "../../lib/data/split-series";
import { evenlySpacedIndices, makeWindows, splitWindows } from "../../lib/data/windows";

const series = (n: number) => ({ columns: { y: Float64Array.from({ length: n }, (_, i) => i) } });

test("a part shorter than lookback + horizon: the part, its rows, what one window needs, and the fix", () => {
  const split = chronologicalSplit(100, { train: 0.7, validation: 0.15 });
  assert.throws(
    () => splitWindows(series(100), split, { lookback: 20, horizon: 1, target: "y" }),
    (err: Error) => {
      assert.equal(
        err.message,
        "windows: the validation part of the series (rows 71-85 of 100) has 15 rows, shorter than lookback + horizon = 20 + 1 = 21 rows " +
          "one window needs: use a shorter lookback (14 or less) or a longer series",
      );
      return true;
    },
  );
  assert.throws(() => splitWindows(series(100), split, { lookback: 80, horizon: 1, target: "y" }), /the training part of the series \(rows 1-70 of 100\) has 70 rows/);
  assert.throws(
    () => makeWindows(series(3), { lookback: 2, horizon: 3, target: "y" }),
    /the part of the series windows are cut from \(rows 1-3 of 3\) has 3 rows, shorter than lookback \+ horizon = 2 \+ 3 = 5 rows one window needs: use a shorter lookback or horizon or a longer series/,
  );
});

test("evenlySpacedIndices: floor(i count / keep), all windows when keep >= count", () => {
  assert.deepEqual(Array.from(evenlySpacedIndices(10, 4)), [0, 2, 5, 7]);
  assert.deepEqual(Array.from(evenlySpacedIndices(3, 5)), [0, 1, 2]);
  assert.deepEqual(Array.from(evenlySpacedIndices(0, 5)), []);
  assert.throws(() => evenlySpacedIndices(10, 0), /keep must be a positive integer/);
  for (const [count, keep] of [[750_000, 2000], [1001, 1000], [5, 5], [17, 3]]) {
    const idx = evenlySpacedIndices(count, keep);
    assert.equal(idx.length, Math.min(count, keep));
    assert.equal(idx[0], 0);
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1] && idx[i] < count);
    // Evenly spaced: gaps differ by at most one.
    const gaps = Array.from(idx.subarray(1), (v, i) => v - idx[i]);
    if (gaps.length > 0) assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `${count}/${keep}`);
  }
});

test("windows of a 5,000,000-row series are cut lazily: a block holds only the windows asked for", () => {
  const n = 5_000_000;
  const split = chronologicalSplit(n, { train: 0.7, validation: 0.15 });
  const w = splitWindows(series(n), split, { lookback: 24, horizon: 1, target: "y" });
  assert.equal(w.validation.count, 750_000 - 24);
  const sample = evenlySpacedIndices(w.validation.count, 2000);
  const block = w.validation.block(0, sample.length, sample);
  assert.equal(block.count, 2000);
  assert.equal(block.x.length, 2000 * 24);
  // Window k of the sample starts at row validation.start + sample[k]: its first input is that row's value.
  assert.equal(block.x[24 * 1000], split.validation.start + sample[1000]);
  assert.equal(block.y[1999], split.validation.start + sample[1999] + 24);
});
