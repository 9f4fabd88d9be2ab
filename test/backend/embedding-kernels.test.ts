/**
 * The wasm embedding kernels (lib/backend/embedding-kernels.ts) against TF.js's cpu backend, which has its own
 * GatherV2 and UnsortedSegmentSum: same values for several shapes, axes, batchDims and dtypes, the embedding's
 * gradient through tf.grad, and the out-of-range error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/backend";
import { registerEmbeddingKernels } from "../../lib/backend/embedding-kernels";

async function onBoth<T>(f: () => T): Promise<{ wasm: T; cpu: T }> {
  await tf.setBackend("cpu");
  const cpu = f();
  await tf.setBackend("wasm");
  const wasm = f();
  return { wasm, cpu };
}

function values(t: tf.Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

test("GatherV2 and UnsortedSegmentSum on wasm give the cpu backend's values", async () => {
  await initBackend({ quiet: true });
  registerEmbeddingKernels();
  const cases: [string, () => tf.Tensor][] = [
    ["embedding rows", () => tf.gather(tf.range(0, 60).reshape([20, 3]), tf.tensor2d([[3, 0, 19], [7, 7, 1]], [2, 3], "int32"))],
    ["long rows", () => tf.gather(tf.range(0, 400).reshape([10, 40]), tf.tensor1d([9, 0, 4, 4], "int32"))],
    ["axis 1", () => tf.gather(tf.range(0, 24).reshape([2, 3, 4]), tf.tensor1d([2, 0], "int32"), 1)],
    ["batchDims 1", () => tf.gather(tf.range(0, 24).reshape([2, 3, 4]), tf.tensor2d([[2, 0], [1, 1]], [2, 2], "int32"), 1, 1)],
    ["int32 values", () => tf.gather(tf.tensor1d([5, 6, 7, 8], "int32"), tf.tensor1d([3, 1], "int32"))],
    ["segment sum", () => tf.unsortedSegmentSum(tf.range(0, 24).reshape([6, 4]), tf.tensor1d([1, 0, 1, 5, 3, 1], "int32"), 4)],
    ["embedding gradient", () => {
      const table = tf.randomNormal([12, 5], 0, 1, "float32", 7);
      const ids = tf.tensor2d([[1, 2, 1], [11, 0, 2]], [2, 3], "int32");
      const weights = tf.randomNormal([2, 3, 5], 0, 1, "float32", 8);
      return tf.grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(e, ids), weights)))(table);
    }],
  ];
  for (const [name, make] of cases) {
    const { wasm, cpu } = await onBoth(() => {
      const t = make();
      return { shape: t.shape, dtype: t.dtype, v: values(t) };
    });
    assert.deepEqual(wasm.shape, cpu.shape, name);
    assert.equal(wasm.dtype, cpu.dtype, name);
    for (let i = 0; i < cpu.v.length; i++) assert.ok(Math.abs(wasm.v[i] - cpu.v[i]) <= 1e-5, `${name}[${i}]: ${wasm.v[i]} vs ${cpu.v[i]}`);
  }
});

test("GatherV2 on wasm rejects an index outside the table", async () => {
  await initBackend({ quiet: true });
  registerEmbeddingKernels();
  await tf.setBackend("wasm");
  assert.throws(() => tf.gather(tf.zeros([4, 2]), tf.tensor1d([4], "int32")), /index value 4 is not in \[0, 3\]/);
});
