/**
 * Issue 11, point 2: at tiny and quick scale (tasks with maxTrainWindows) the per-epoch validation loss and the
 * linear-AR fit use an evenly spaced sample of at most the cap; below the cap and at full scale, every window.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeWindows } from "../../lib/data/windows";
import { AR_FIT_WINDOW_CAP, VALIDATION_WINDOW_CAP, cappedBlock } from "../../lib/experiments/forecast-task";

/** Windows of the series 0, 1, 2, ...: a window's first input is its start row, so the sample's rows are visible. */
function windowsOf(rows: number) {
  return makeWindows({ columns: { value: Float64Array.from({ length: rows }, (_, i) => i) } }, { lookback: 3, horizon: 1, target: "value" });
}

test("a capped task scores an evenly spaced sample of windows, first window first", () => {
  const windows = windowsOf(VALIDATION_WINDOW_CAP * 5 + 3);
  assert.equal(windows.count, VALIDATION_WINDOW_CAP * 5);
  const block = cappedBlock({ maxTrainWindows: 64 }, windows, VALIDATION_WINDOW_CAP);
  assert.equal(block.count, VALIDATION_WINDOW_CAP);
  // every 5th window: window i starts at row 5 i, so its first input value is 5 i and its target 5 i + 3
  for (const i of [0, 1, 777, VALIDATION_WINDOW_CAP - 1]) {
    assert.equal(block.x[i * 3], 5 * i);
    assert.equal(block.y[i], 5 * i + 3);
  }
});

test("below the cap, and at full scale (no maxTrainWindows), every window is used", () => {
  const small = windowsOf(VALIDATION_WINDOW_CAP + 3);
  assert.equal(cappedBlock({ maxTrainWindows: 64 }, small, VALIDATION_WINDOW_CAP).count, VALIDATION_WINDOW_CAP);
  const large = windowsOf(VALIDATION_WINDOW_CAP * 2 + 3);
  assert.equal(cappedBlock({ maxTrainWindows: undefined }, large, VALIDATION_WINDOW_CAP).count, VALIDATION_WINDOW_CAP * 2);
  assert.ok(AR_FIT_WINDOW_CAP >= VALIDATION_WINDOW_CAP);
});
