/**
 * The fused Adam (lib/train/fused-adam.ts) against tf.train.adam itself on the wasm backend: the same
 * variables, the same gradient sequence, and after every step the same weights to the bit, on the wasm kernels
 * and on their plain-TypeScript twin. Sizes include a remainder after the 4-wide SIMD loop and a scalar.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
// Registers the wasm backend even where RNN_WORKBOOK_BACKEND chose another one: the comparison needs it.
import "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../../lib/backend";
import { fusedKernelName, selectFusedKernels } from "../../lib/cells/fused";
import { arenaOf } from "../../lib/cells/fused/arena";
import { fusedKernels } from "../../lib/cells/fused";
import { createAdam } from "../../lib/train/fused-adam";

const SHAPES: number[][] = [[7, 5], [33], [1], [4, 4, 3]];

function randomValues(n: number, seed: number, scale: number): Float32Array {
  // A small LCG: gradients of mixed sign and magnitude, reproducible without tfjs's random ops.
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale * (i % 3 === 0 ? 1e-3 : 1);
  }
  return out;
}

function sameBits(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}: element ${i} is ${a[i]}, tf.train.adam gives ${b[i]}`);
  }
}

async function compareWith(kernels: "wasm" | "js"): Promise<void> {
  await initBackend({ quiet: true });
  const backend = tf.getBackend();
  try {
    assert.ok(await tf.setBackend("wasm"), "the wasm backend is needed for the fused Adam");
    await compareOnWasm(kernels);
  } finally {
    await tf.setBackend(backend);
  }
}

async function compareOnWasm(kernels: "wasm" | "js"): Promise<void> {
  selectFusedKernels(kernels);
  assert.equal(fusedKernelName(), kernels);
  const live = arenaOf(fusedKernels()!).liveFloats();
  const reference = SHAPES.map((shape, i) => tf.variable(tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), 10 + i, 0.5), shape)));
  const fused = reference.map((v) => tf.variable(v.clone()));
  const referenceAdam = tf.train.adam(0.01);
  const fusedAdam = createAdam(0.01);
  assert.notEqual(fusedAdam.constructor, referenceAdam.constructor, "on wasm, createAdam gives the fused optimizer");
  for (let step = 0; step < 6; step++) {
    const grads = SHAPES.map((shape, i) => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), 100 * step + i, 2), shape));
    referenceAdam.applyGradients(reference.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    fusedAdam.applyGradients(fused.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    for (let i = 0; i < SHAPES.length; i++) {
      sameBits(fused[i].dataSync() as Float32Array, reference[i].dataSync() as Float32Array, `${kernels}, step ${step + 1}, variable ${i}`);
    }
    tf.dispose(grads);
  }
  const tensorsBefore = tf.memory().numTensors;
  const grads = SHAPES.map((shape) => tf.ones(shape));
  fusedAdam.applyGradients(fused.map((v, i) => ({ name: v.name, tensor: grads[i] })));
  tf.dispose(grads);
  assert.equal(tf.memory().numTensors, tensorsBefore, "a step leaves no tensor behind");
  fusedAdam.dispose();
  referenceAdam.dispose();
  assert.equal(arenaOf(fusedKernels()!).liveFloats(), live, "dispose gives the moments' heap back");
  tf.dispose([...reference, ...fused]);
}

test("fused Adam gives tf.train.adam's weights to the bit (wasm kernels)", async () => {
  await compareWith("wasm");
});

test("fused Adam gives tf.train.adam's weights to the bit (plain-TypeScript kernels)", async () => {
  try {
    await compareWith("js");
  } finally {
    selectFusedKernels("wasm");
  }
});

test("createAdam is tf.train.adam itself off the wasm backend", async () => {
  await initBackend({ quiet: true });
  const before = tf.getBackend();
  try {
    assert.ok(await tf.setBackend("cpu"));
    const adam = createAdam(0.01);
    assert.equal(adam.constructor, tf.AdamOptimizer);
    adam.dispose();
  } finally {
    await tf.setBackend(before);
  }
});
