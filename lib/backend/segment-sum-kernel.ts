/**
 * The gradient of an embedding lookup (tf.gather) needs the `UnsortedSegmentSum` kernel, which the TF.js 4.22
 * wasm backend does not have ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'"). This registers
 * a plain-JavaScript one for wasm, the way that backend implements its own JS kernels (read the input, compute,
 * hand the values to makeOutput):
 *
 *   output[s, ...] = Σ_{i : segmentIds[i] = s} x[i, ...]      for s in [0, numSegments); ids outside are dropped
 *
 * segmentIds covers the leading axes of x; each id addresses a contiguous block of the remaining axes.
 */
import * as tf from "@tensorflow/tfjs";

interface WasmLikeBackend {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): tf.TensorInfo;
}

function unsortedSegmentSum(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const backend = args.backend as WasmLikeBackend;
  const values = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = idCount === 0 ? 0 : values.length / idCount;
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let k = 0; k < inner; k++) out[to + k] += values[from + k];
  }
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  return backend.makeOutput(shape, x.dtype, undefined, out);
}

/** Register the kernel for wasm if it is missing (idempotent; other backends already have it). */
export function ensureSegmentSumKernel(): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm") !== undefined) return;
  tf.registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc });
}
