/**
 * The hand-off between the calling thread and a kernel worker (lib/cells/fused/parallel.ts, worker.ts): a request
 * reaches the worker either through its event loop (it was asleep) or through its watch of the shared flag right
 * after an answer (a request posted within SPIN_MS). Both ways must deliver every request, in order, with the
 * worker's share computed as on one thread: the batch rows never interact, so the split forward pass is the same
 * bits as one thread's, and the backward pass's weight gradients (two shares' sums added) agree to rounding.
 * A lost or misordered request would hang the call (the wait gives up after 120 s) or give another share's rows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fusedKernels, selectFusedKernels } from "../../lib/cells/fused";
import { backwardParallel, forwardParallel } from "../../lib/cells/fused/parallel";
import { backwardSequence, forwardSequence, resultSlots, type SequenceShape } from "../../lib/cells/fused/sequence";
import { GATE_COUNT } from "../../lib/cells/gates";
import type { CellName } from "../../lib/cells/types";

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.4);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The largest difference, relative to b's largest magnitude (sums that nearly cancel differ more by themselves). */
function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

test("requests reach a kernel worker asleep and a worker still watching, in order, with one thread's results", async () => {
  selectFusedKernels("wasm", { threads: 2 });
  const k = fusedKernels();
  assert.ok(k, "the fused kernels load");
  const settings = { threads: 2, minWork: 0 };
  for (const cell of ["rnn", "lstm", "gru"] as CellName[]) {
    const B = 6, T = 7, F = 3, H = 8, G = GATE_COUNT[cell];
    const shape: SequenceShape = { cell, batch: B, steps: T, features: F, units: H, resetAfter: true, goBackwards: false, returnSequences: true };
    const w = { kernel: values(F * G * H, 1), recurrentKernel: values(H * G * H, 2), bias: values(cell === "gru" ? 2 * G * H : G * H, 3) };
    // Each call's input differs, so a worker answering with another call's rows would be seen.
    const inputs = Array.from({ length: 12 }, (_, i) => values(B * T * F, 10 + i));
    const dOut = values(B * resultSlots(shape) * H, 4);
    // Even calls follow the last answer at once (the watch takes them), odd calls after a pause longer than the
    // watch (the event loop delivers them); each forward is followed by its backward at once.
    for (let i = 0; i < inputs.length; i++) {
      if (i % 2 === 1) await pause(5);
      const x = inputs[i];
      const split = forwardParallel(k!, shape, x, w, undefined, undefined, true, settings);
      assert.equal(split.saved?.shares.length, 2, `${cell} call ${i}: the batch is split`);
      const one = forwardSequence(k!, shape, x, w, undefined, undefined, true);
      assert.deepEqual(split.packed, one.packed, `${cell} call ${i}: forward, split = one thread, bit for bit`);
      const gSplit = backwardParallel(k!, shape, split.saved!, w, dOut);
      const gOne = backwardSequence(k!, shape, one.saved!, w, dOut);
      assert.deepEqual(gSplit.dx, gOne.dx, `${cell} call ${i}: dx, split = one thread`);
      assert.deepEqual(gSplit.dh0, gOne.dh0, `${cell} call ${i}: dh0, split = one thread`);
      for (const key of ["dKernel", "dRecurrentKernel", "dBias"] as const) {
        assert.ok(maxRelDiff(gSplit[key], gOne[key]) < 1e-5, `${cell} call ${i}: ${key} within rounding of one thread's`);
      }
    }
  }
});
