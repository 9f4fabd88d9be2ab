/**
 * Loads the WebAssembly SIMD kernels (compiled from assembly/recurrent.ts by scripts/build-kernels.js) and
 * exposes them as ./kernels.ts `Kernels`: recurrent-fma.wasm (relaxed-SIMD fused multiply-add) where the runtime
 * validates it (Node >= 22; on Node 20 after switching on its relaxed-SIMD flag, see `acceptsRelaxedSimd`;
 * RNN_WORKBOOK_FUSED_FMA=0 declines it), else recurrent.wasm (SIMD128). The module's exports take the same
 * float offsets as the plain-TypeScript kernels; offset 0 is `heapBase()` bytes into its memory.
 * The Float32Array view is re-created after every memory.grow (growing detaches the old buffer).
 */
import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";
import type { Kernels } from "./kernels";

const WASM_FILE = path.join(__dirname, "recurrent.wasm");
const FMA_FILE = path.join(__dirname, "recurrent-fma.wasm");
const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packB(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, pb: number, c: number,
    ldc: number, accumulate: number, work: number): void;
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: number, work: number): void;
  [name: string]: unknown;
}

// Must match KC / MC in assembly/recurrent.ts.
const KC = 256;
const MC = 128;
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/**
 * Whether this runtime accepts relaxed SIMD: Node >= 22 does as shipped; Node 20's V8 has it behind
 * --experimental-wasm-relaxed-simd, a flag read when a module is validated, so it is switched on here for this
 * process (measured on Node 20: the matrix products 1.25-1.7x faster than with a separate multiply and add).
 */
function acceptsRelaxedSimd(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  try {
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    return false;
  }
  return WebAssembly.validate(bytes);
}

/** The module bytes to use: the FMA build when this runtime accepts it, else the SIMD128 build. */
function chooseModule(): { bytes?: Uint8Array<ArrayBuffer>; variant: string; reason?: string } {
  if (process.env.RNN_WORKBOOK_FUSED_FMA !== "0" && fs.existsSync(FMA_FILE)) {
    const bytes = new Uint8Array(fs.readFileSync(FMA_FILE));
    if (acceptsRelaxedSimd(bytes)) return { bytes, variant: "wasm relaxed-simd fma" };
  }
  if (!fs.existsSync(WASM_FILE)) return { variant: "", reason: `${WASM_FILE} is missing` };
  return { bytes: new Uint8Array(fs.readFileSync(WASM_FILE)), variant: "wasm simd128" };
}

export function loadWasmKernels(): { kernels?: Kernels; reason?: string } {
  if (typeof WebAssembly !== "object") return { reason: "this runtime has no WebAssembly" };
  const chosen = chooseModule();
  if (!chosen.bytes) return { reason: chosen.reason };
  let ex: Exports;
  try {
    const module = new WebAssembly.Module(chosen.bytes);
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error("fused wasm kernel aborted");
        },
      },
    });
    ex = instance.exports as unknown as Exports;
  } catch (err) {
    return { reason: `it did not compile here (${(err as Error).message}); WebAssembly SIMD needs Node >= 16` };
  }
  const base = ex.heapBase();
  // Floats from `base` to the end of memory (unsigned arithmetic: the memory may pass 2 GB).
  const floatsAfterBase = () => Math.floor((ex.memory.buffer.byteLength - base) / 4);
  let view = new Float32Array(ex.memory.buffer, base, floatsAfterBase());
  const fn = ex as unknown as Record<string, (...args: number[]) => void>;

  const kernels: Kernels = {
    name: "wasm",
    variant: chosen.variant,
    heap() {
      if (view.buffer !== ex.memory.buffer) view = new Float32Array(ex.memory.buffer, base, floatsAfterBase());
      return view;
    },
    reserve(floats) {
      const bytes = base + floats * 4;
      const have = ex.memory.buffer.byteLength;
      if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / PAGE));
      // A new view only when growing replaced the buffer (reserve runs on every allocation of every pass).
      if (view.buffer !== ex.memory.buffer) view = new Float32Array(ex.memory.buffer, base, floatsAfterBase());
    },
    packedSize: (K, N) => roundUp(N, 8) * K,
    workSize: (M, N, K) =>
      Math.max(roundUp(M, 4) * K, roundUp(N, 8) * Math.min(K, KC) + roundUp(Math.min(M, MC), 4) * Math.min(K, KC)),
    packB: (K, N, b, rsB, csB, dst) => ex.packB(K, N, b, rsB, csB, dst),
    gemmPacked: (M, N, K, a, rsA, csA, pb, c, ldc, accumulate, work) =>
      ex.gemmPacked(M, N, K, a, rsA, csA, pb, c, ldc, accumulate ? 1 : 0, work),
    gemm: (M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate, work) =>
      ex.gemm(M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate ? 1 : 0, work),
    broadcastRows: fn.broadcastRows,
    columnSums: fn.columnSums,
    addTo: fn.addTo,
    rnnForward: fn.rnnForward,
    rnnBackward: fn.rnnBackward,
    lstmForward: fn.lstmForward,
    lstmBackward: fn.lstmBackward,
    gruForwardResetAfter: fn.gruForwardResetAfter,
    gruBackwardResetAfter: fn.gruBackwardResetAfter,
    gruForwardGates: fn.gruForwardGates,
    gruForwardCandidate: fn.gruForwardCandidate,
    gruBackwardCandidate: fn.gruBackwardCandidate,
    gruBackwardReset: fn.gruBackwardReset,
    adamStep: fn.adamStep,
  };
  return { kernels };
}
