/** Helpers shared by the cell tests. */
import assert from "node:assert/strict";
import type * as tf from "@tensorflow/tfjs";

/** Largest |a - b| over two tensors, which must have the same shape. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
