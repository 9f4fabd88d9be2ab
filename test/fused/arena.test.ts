/**
 * The heap arena gives back what each pass takes: scratch at the end of every call, the saved activations after
 * the backward pass; a second backward pass over the same forward pass is an error, not garbage.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { arenaOf, HeapArena } from "../../lib/cells/fused/arena";
import { createJsKernels } from "../../lib/cells/fused/js-kernels";
import { backwardSequence, biasSize, forwardSequence, resultSlots, type SequenceShape } from "../../lib/cells/fused/sequence";
import { loadWasmKernels } from "../../lib/cells/fused/wasm-kernels";

test("first-fit arena reuses freed gaps and grows the heap only past the live blocks", () => {
  const arena = new HeapArena(createJsKernels());
  const a = arena.alloc(10); // rounded up to 12 floats
  const b = arena.alloc(4);
  assert.deepEqual([a, b], [0, 12]);
  arena.free(a);
  assert.equal(arena.alloc(8), 0, "an 8-float block fits the 12-float gap");
  assert.equal(arena.alloc(8), 16, "a second one goes after the last live block");
  assert.throws(() => arena.free(3), /no block at 3/);
});

test("forward + backward leave the arena empty, on both implementations; a repeated backward is refused", () => {
  const wasm = loadWasmKernels().kernels;
  assert.ok(wasm, "the wasm kernels are built");
  for (const k of [wasm, createJsKernels()]) {
    const shape: SequenceShape = { cell: "lstm", batch: 3, steps: 4, features: 2, units: 5, resetAfter: true, goBackwards: false, returnSequences: true };
    const w = { kernel: new Float32Array(2 * 20).fill(0.1), recurrentKernel: new Float32Array(5 * 20).fill(-0.05), bias: new Float32Array(biasSize(shape)) };
    const x = new Float32Array(3 * 4 * 2).map((_, i) => Math.sin(i));
    const before = arenaOf(k).liveFloats();
    const inference = forwardSequence(k, shape, x, w, undefined, undefined, false);
    assert.equal(inference.saved, undefined);
    assert.equal(arenaOf(k).liveFloats(), before, `${k.name}: inference keeps nothing`);
    const training = forwardSequence(k, shape, x, w, undefined, undefined, true);
    assert.ok(arenaOf(k).liveFloats() > before, `${k.name}: training keeps its activations`);
    assert.deepEqual(training.packed, inference.packed, `${k.name}: keeping activations does not change the result`);
    const dPacked = new Float32Array(3 * resultSlots(shape) * 5).fill(1);
    backwardSequence(k, shape, training.saved!, w, dPacked);
    assert.equal(arenaOf(k).liveFloats(), before, `${k.name}: backward gives the activations back`);
    assert.throws(() => backwardSequence(k, shape, training.saved!, w, dPacked), /already differentiated/);
  }
});
