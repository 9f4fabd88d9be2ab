/**
 * The gradient of an embedding lookup (tf.gather) needs the `UnsortedSegmentSum` kernel, which the TF.js 4.22
 * wasm backend does not have ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'"). The kernel, and
 * a faster GatherV2 for the lookup itself, live in ./embedding-kernels.ts (equations there):
 *
 *   output[s, ...] = Σ_{i : segmentIds[i] = s} x[i, ...]      for s in [0, numSegments); ids outside are dropped
 */
import { registerEmbeddingKernels } from "./embedding-kernels";

/** Register the kernels for wasm if they are missing (idempotent; other backends already have them). */
export function ensureSegmentSumKernel(): void {
  registerEmbeddingKernels();
}
