/**
 * Adam with one fused pass per variable on the wasm backend, instead of tf.train.adam's dozen tfjs ops per
 * variable (each a kernel launch, a temporary tensor and a trip through the engine: 20 % of a small model's
 * training step in `npm run bench -- --profile`).
 *
 * The arithmetic is tf.train.adam's, operation by operation in float32 (lib/cells/fused/kernels.ts `adamStep`):
 *   m_t = m_{t-1} b1 + g (1 - b1)          v_t = v_{t-1} b2 + g^2 (1 - b2)
 *   w_t = w_{t-1} + (-lr) (m_t / (1 - b1^t)) / (sqrt(v_t / (1 - b2^t)) + eps)
 * with b1^t, b2^t kept as float32 products like its accBeta1 / accBeta2 variables, so the weights are the same
 * bits as tf.train.adam's on the wasm backend (test/train/fused-adam.test.ts compares them step by step).
 *
 * The moments live in the fused kernels' heap for the optimizer's life; each step copies a variable's value and
 * gradient in and the new value out (one read and one write per variable instead of a dozen ops).
 * The optimizer's own moment variables and accBeta1 / accBeta2 are not used: getWeights / setWeights (saving an
 * optimizer mid-training) are not supported by this subclass, and fit.ts never calls them.
 */
import * as tf from "@tensorflow/tfjs";
import { fusedKernels } from "../cells/fused";
import { arenaOf } from "../cells/fused/arena";
import type { Kernels } from "../cells/fused/kernels";

const BETA1 = 0.9;
const BETA2 = 0.999;

interface Moments {
  /** Heap offsets of m and v (n floats each). */
  m: number;
  v: number;
  n: number;
}

/** What tfjs-backend-wasm 4.x keeps per tensor (its internals; anything else falls back to dataSync). */
interface WasmBackendInternals {
  wasm?: { HEAPU8?: Uint8Array };
  dataIdMap?: { get(dataId: object): { memoryOffset?: number | null; dtype?: string } | undefined };
}

/**
 * A float32 tensor's values: a view straight into the wasm backend's memory (read before any other op runs),
 * which saves dataSync's copy into a fresh buffer (1.3 MB per step for a 10000 x 32 embedding); else dataSync.
 */
function floatsOf(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const info = backend.dataIdMap?.get(t.dataId);
  const heap = backend.wasm?.HEAPU8;
  if (heap && info && typeof info.memoryOffset === "number" && info.dtype === "float32") {
    return new Float32Array(heap.buffer, heap.byteOffset + info.memoryOffset, t.size);
  }
  return t.dataSync() as Float32Array;
}

class FusedAdamOptimizer extends tf.AdamOptimizer {
  private readonly moments = new Map<string, Moments>();
  private blocks: number[] = [];
  private accBeta1Value: number;
  private accBeta2Value: number;
  private readonly f = Math.fround;

  constructor(private readonly k: Kernels, learningRate: number) {
    super(learningRate, BETA1, BETA2);
    this.accBeta1Value = this.f(BETA1);
    this.accBeta2Value = this.f(BETA2);
  }

  private momentsOf(name: string, n: number): Moments {
    let found = this.moments.get(name);
    if (!found) {
      const arena = arenaOf(this.k);
      const at = arena.alloc(2 * n);
      this.blocks.push(at);
      this.k.heap().fill(0, at, at + 2 * n);
      found = { m: at, v: at + n, n };
      this.moments.set(name, found);
    }
    return found;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const f = this.f;
    // tf.train.adam: sub(1, accBeta1) etc. as float32 scalars; b1 and 1 - b1 as float32 constants.
    const oneMinusAccBeta1 = f(1 - this.accBeta1Value);
    const oneMinusAccBeta2 = f(1 - this.accBeta2Value);
    const arena = arenaOf(this.k);
    // The value tensors made here are disposed at the end; the variables keep their data (as in tf.train.adam).
    tf.tidy(() => this.applyEach(list, arena, oneMinusAccBeta1, oneMinusAccBeta2));
    this.accBeta1Value = f(this.accBeta1Value * f(BETA1));
    this.accBeta2Value = f(this.accBeta2Value * f(BETA2));
    this.incrementIterations();
  }

  private applyEach(list: { name: string; tensor: tf.Tensor }[], arena: ReturnType<typeof arenaOf>, oneMinusAccBeta1: number,
    oneMinusAccBeta2: number): void {
    for (const { name, tensor: gradient } of list) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      const n = variable.size;
      const { m, v } = this.momentsOf(name, n);
      const scratch = arena.alloc(2 * n);
      try {
        const heap = this.k.heap();
        heap.set(floatsOf(variable), scratch);
        heap.set(floatsOf(gradient), scratch + n);
        this.k.adamStep(n, scratch, scratch + n, m, v, BETA1, 1 - BETA1, BETA2, 1 - BETA2, oneMinusAccBeta1,
          oneMinusAccBeta2, this.epsilon, -this.learningRate);
        // tf.tensor copies the values into the backend at once: a view of the heap is enough.
        variable.assign(tf.tensor(this.k.heap().subarray(scratch, scratch + n), variable.shape, "float32"));
      } finally {
        arena.free(scratch);
      }
    }
  }

  override dispose(): void {
    const arena = arenaOf(this.k);
    for (const at of this.blocks) arena.free(at);
    this.blocks = [];
    this.moments.clear();
    super.dispose();
  }
}

/**
 * tf.train.adam(learningRate) (b1 0.9, b2 0.999, the backend's epsilon), run as one fused pass per variable
 * when the backend is wasm and the fused kernels are on; else tf.train.adam itself.
 */
export function createAdam(learningRate: number): tf.Optimizer {
  const k = fusedKernels();
  if (!k || tf.getBackend() !== "wasm") return tf.train.adam(learningRate);
  return new FusedAdamOptimizer(k, learningRate);
}
