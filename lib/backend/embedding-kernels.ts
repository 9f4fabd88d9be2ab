/**
 * The embedding lookup and its gradient on the TF.js wasm backend, as plain TypeScript on the backend's own heap.
 *
 *   GatherV2:            out[b, o, i, :] = x[b, o, indices[b, i], :]
 *   UnsortedSegmentSum:  out[s, :] = sum_{i : ids[i] = s} x[i, :]     for s in [0, numSegments); other ids dropped
 *
 * Why: TF.js 4.22's wasm backend has no UnsortedSegmentSum (the gradient of tf.gather, hence of every
 * embedding), and its GatherV2 spent tens of milliseconds per IMDB batch (measured: 24 ms of a 58 ms training
 * step, for 7,680 rows of 32 floats; `npm run bench -- --profile`). Both kernels here work on the wasm heap
 * itself (no copy in or out): the gather moves each row with one copyWithin inside the heap, the segment sum
 * adds rows through heap views. The out-of-range check and message of GatherV2 are TF.js's.
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of the wasm backend these kernels use (@tensorflow/tfjs-backend-wasm BackendWasm). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  wasm: { HEAPU8: Uint8Array };
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/** Byte offset of a tensor in the wasm heap. */
function offsetOf(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/** TF.js's own wasm GatherV2, still used for string tensors. */
let originalGather: tf.KernelFunc | undefined;

function gatherV2(args: KernelArgs): tf.TensorInfo {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  if (x.dtype === "string" && originalGather) return originalGather(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
  const backend = args.backend as WasmBackend;
  const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
    x as unknown as tf.Tensor, indices as unknown as tf.Tensor, parsedAxis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize, outputShape } = info;
  const ids = backend.typedArrayFromHeap(indices);
  const perBatch = batchSize === 0 ? 0 : ids.length / batchSize;
  for (let i = 0; i < ids.length; i++) {
    const index = ids[i];
    if (!(index >= 0 && index <= dimSize - 1)) {
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
    }
  }
  const out = backend.makeOutput(outputShape, x.dtype);
  if (tf.util.sizeFromShape(outputShape) === 0 || tf.util.sizeFromShape(x.shape) === 0) return out;
  // Every tensor lives in the one wasm heap: each row is one copyWithin (a memmove) inside it, whatever the dtype.
  // Offsets and the view are taken after makeOutput: allocating may grow (and so replace) the heap.
  const heap = backend.wasm.HEAPU8;
  const idx = backend.typedArrayFromHeap(indices);
  const rowBytes = sliceSize * tf.util.bytesPerElement(x.dtype);
  const xAt = offsetOf(backend, x);
  let to = offsetOf(backend, out);
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const from = xAt + (base + idx[b * perBatch + i]) * rowBytes;
        heap.copyWithin(to, from, from + rowBytes);
        to += rowBytes;
      }
    }
  }
  return out;
}

function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const backend = args.backend as WasmBackend;
  const idCount = tf.util.sizeFromShape(segmentIds.shape);
  const inner = idCount === 0 ? 0 : tf.util.sizeFromShape(x.shape) / idCount;
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(shape, x.dtype);
  const os = backend.typedArrayFromHeap(out);
  os.fill(0);
  if (idCount === 0 || inner === 0) return out;
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let k = 0; k < inner; k++) os[to + k] += xs[from + k];
  }
  return out;
}

/**
 * Register both kernels for the wasm backend (idempotent). GatherV2 replaces TF.js's own wasm kernel (kept for
 * string tensors) once the wasm backend's kernels are registered (lib/backend.ts calls this again when it
 * selects wasm); UnsortedSegmentSum fills the gap.
 */
export function registerEmbeddingKernels(): void {
  const gather = tf.getKernel("GatherV2", "wasm");
  if (gather && (gather.kernelFunc as unknown) !== gatherV2) {
    originalGather = gather.kernelFunc;
    tf.unregisterKernel("GatherV2", "wasm");
    tf.registerKernel({ kernelName: "GatherV2", backendName: "wasm", kernelFunc: gatherV2 as unknown as tf.KernelFunc });
  }
  if (tf.getKernel("UnsortedSegmentSum", "wasm") === undefined) {
    tf.registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc });
  }
}
