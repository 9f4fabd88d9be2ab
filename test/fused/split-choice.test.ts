/**
 * The batch-1 LSTM's choice between one thread and the unit split (lib/cells/fused/parallel.ts timedChoice),
 * on a fake clock: the first calls of a way are slow (compilation, worker start-up) and must not decide it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { timedChoice } from "../../lib/cells/fused/parallel";

/** A fake clock and a run whose duration per call is given per way: slow first calls, then steady. */
function fakeWays(split: number[], single: number[]) {
  let clock = 0;
  const calls = { split: 0, single: 0 };
  const run = (useSplit: boolean) => {
    const durations = useSplit ? split : single;
    const n = useSplit ? calls.split++ : calls.single++;
    clock += durations[Math.min(n, durations.length - 1)];
    return useSplit;
  };
  return { run, now: () => clock, calls };
}

test("the split wins when it is steadily faster, even though its first calls are the slowest", () => {
  // Split: 9, 9, 9 ms while warming up, then 3 ms; one thread: 4 ms throughout (the shape of the c3 trial
  // that had chosen one thread: split 5.8, 5.6, 4.8, 3.9 against 6.3, 4.2, 4.0, 4.3 ms).
  const ways = fakeWays([9, 9, 9, 3], [4]);
  const chosen: boolean[] = [];
  for (let i = 0; i < 30; i++) chosen.push(timedChoice("test-split-faster", ways.run, ways.now));
  assert.deepEqual(chosen.slice(-10), Array(10).fill(true));
});

test("one thread wins when the split is steadily slower, and both ways were tried before choosing", () => {
  const ways = fakeWays([5], [9, 3]);
  const chosen: boolean[] = [];
  for (let i = 0; i < 30; i++) chosen.push(timedChoice("test-split-slower", ways.run, ways.now));
  assert.deepEqual(chosen.slice(-10), Array(10).fill(false));
  assert.ok(ways.calls.split >= 4 && ways.calls.single >= 4, `tried ${JSON.stringify(ways.calls)}`);
});
