/**
 * No memory growth over 1,000 training steps through the fused op: the tfjs tensor count returns to the same
 * value after every step, and the process memory does not creep (each step's saved activations, ~100 KB here, would
 * add up to ~100 MB over the run if anything kept them). Memory = RSS less the main heap's reserved size, plus the
 * main heap's used size: Node 24's V8 reserves a larger young generation as a run goes on (heapTotal 41 -> 160 MB
 * with heapUsed flat), which is not a leak; anything kept by the workers, the wasm heap or the main heap still counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { initBackend, tf } from "../../lib/backend";
import { fusedRecurrence, selectFusedKernels } from "../../lib/cells/fused";
import type { CellName } from "../../lib/cells/types";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

test("1,000 fused training steps per cell, batch split across 2 threads, leave tensor count and memory flat", async () => {
  await initBackend({ quiet: true });
  // minParallelWork 0: every call takes the two-thread path (activations kept in a worker until backward).
  selectFusedKernels("wasm", { threads: 2, minParallelWork: 0 });
  const B = 16, T = 20, F = 2, H = 16;
  for (const cell of ["rnn", "lstm", "gru"] as CellName[]) {
    const G = { rnn: 1, lstm: 4, gru: 3 }[cell];
    const kernel = tf.variable(tf.randomUniform([F, G * H], -0.3, 0.3, "float32", 1) as tf.Tensor2D);
    const recurrentKernel = tf.variable(tf.randomUniform([H, G * H], -0.3, 0.3, "float32", 2) as tf.Tensor2D);
    const bias = tf.variable(tf.zeros(cell === "gru" ? [2, G * H] : [G * H]));
    const x = tf.randomNormal([B, T, F], 0, 1, "float32", 3);
    const y = tf.randomNormal([B, H], 0, 1, "float32", 4);
    const optimizer = tf.train.adam(1e-3);
    const step = () => {
      const cost = optimizer.minimize(() => {
        const out = fusedRecurrence(x as tf.Tensor3D, { kernel, recurrentKernel, bias }, null, { cell, returnSequences: false });
        return tf.losses.meanSquaredError(y, out.output) as tf.Scalar;
      }, true)!;
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    };
    for (let i = 0; i < 100; i++) step();
    const tensors = tf.memory().numTensors;
    gc();
    const held = () => {
      const m = process.memoryUsage();
      return m.rss - m.heapTotal + m.heapUsed;
    };
    const before = held();
    let first = NaN, last = NaN;
    for (let i = 0; i < 900; i++) {
      last = step();
      if (i === 0) first = last;
      assert.equal(tf.memory().numTensors, tensors, `${cell}: tensor count changed at step ${100 + i}`);
    }
    gc();
    const grownMB = (held() - before) / 2 ** 20;
    assert.ok(grownMB < 40, `${cell}: memory grew by ${grownMB.toFixed(1)} MB over 900 steps`);
    // The steps really trained (a broken gradient would leave the loss where it was).
    assert.ok(last < first, `${cell}: loss did not decrease (${first} -> ${last})`);
    optimizer.dispose();
    tf.dispose([kernel, recurrentKernel, bias, x, y]);
  }
  selectFusedKernels("wasm", { threads: 1 });
});
