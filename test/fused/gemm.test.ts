/**
 * The matrix products of both wasm builds against a float64 reference, on shapes that take each path of
 * assembly/recurrent.ts: the packed 4x8 tile, a short A times a row-major B read in place (`gemmFewRows`:
 * dW = X^T dPre for few input features), a C of a few columns (dx = dPre W^T), the one-row product, K across the K blocks (256), partial panels at every edge, strided and transposed
 * operands, and accumulation into C. The bound is the rounding of a float32 sum of K products plus one addition
 * per K block and one into C: |C - exact| <= (K + K/256 + 3) 2^-24 sum |a b| (+ |C0| 2^-24), so an indexing
 * slip, a wrong panel or a lost block (errors of the size of the terms) fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";

interface GemmExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packB(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, pb: number, c: number, ldc: number,
    accumulate: number, work: number): void;
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: number, work: number): void;
}

const HEAP_FLOATS = 4_000_000;
// Float offsets of the operands in each module's heap.
const A_AT = 0, B_AT = 1_000_000, C_AT = 2_000_000, PACKED_AT = 2_600_000, WORK_AT = 3_300_000;

function load(file: string): { exports: GemmExports; heap: Float32Array } {
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd"); // Node 20, as lib/cells/fused/wasm-kernels.ts does
  const module = new WebAssembly.Module(new Uint8Array(fs.readFileSync(file)));
  const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error(`${file} aborted`); } } });
  const exports = instance.exports as unknown as GemmExports;
  const bytes = exports.heapBase() + HEAP_FLOATS * 4;
  if (bytes > exports.memory.buffer.byteLength) exports.memory.grow(Math.ceil((bytes - exports.memory.buffer.byteLength) / 65536));
  return { exports, heap: new Float32Array(exports.memory.buffer, exports.heapBase(), HEAP_FLOATS) };
}

interface Shape {
  M: number;
  N: number;
  K: number;
  /** A stored transposed (element (i, k) at k*rsA + i), as dW = X^T dPre reads X. */
  transA?: boolean;
  /** Extra floats at the end of every row of A, B and C. */
  pad?: number;
  accumulate?: boolean;
  packed?: boolean;
}

let seed = 7;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32 - 0.5;
};

function check(kernels: { exports: GemmExports; heap: Float32Array }, build: string, s: Shape): void {
  const { exports: e, heap } = kernels;
  const { M, N, K, pad = 0 } = s;
  const rsA = s.transA ? 1 : K + pad, csA = s.transA ? M + pad : 1;
  const rsB = N + pad, ldc = N + pad;
  for (let i = 0; i < (s.transA ? K * csA : M * rsA); i++) heap[A_AT + i] = random();
  for (let i = 0; i < K * rsB; i++) heap[B_AT + i] = random();
  for (let i = 0; i < M * ldc; i++) heap[C_AT + i] = random();
  const c0 = heap.slice(C_AT, C_AT + M * ldc);
  if (s.packed) {
    e.packB(K, N, B_AT, rsB, 1, PACKED_AT);
    e.gemmPacked(M, N, K, A_AT, rsA, csA, PACKED_AT, C_AT, ldc, s.accumulate ? 1 : 0, WORK_AT);
  } else {
    e.gemm(M, N, K, A_AT, rsA, csA, B_AT, rsB, 1, C_AT, ldc, s.accumulate ? 1 : 0, WORK_AT);
  }
  const eps = 2 ** -24;
  const label = `${build} ${s.packed ? "gemmPacked" : "gemm"} M ${M} N ${N} K ${K}${s.transA ? " A^T" : ""}${pad ? ` pad ${pad}` : ""}${s.accumulate ? " +=" : ""}`;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let exact = s.accumulate ? c0[i * ldc + j] : 0;
      let magnitude = 0;
      for (let k = 0; k < K; k++) {
        const product = heap[A_AT + i * rsA + k * csA] * heap[B_AT + k * rsB + j];
        exact += product;
        magnitude += Math.abs(product);
      }
      const bound = (K + Math.ceil(K / 256) + 3) * eps * magnitude + (s.accumulate ? Math.abs(c0[i * ldc + j]) * 2 * eps : 0);
      const got = heap[C_AT + i * ldc + j];
      if (!(Math.abs(got - exact) <= bound)) assert.fail(`${label}: C[${i}, ${j}] = ${got}, exact ${exact} (bound ${bound})`);
    }
    // The padding at the end of each row of C is left alone.
    for (let j = N; j < ldc; j++) assert.equal(heap[C_AT + i * ldc + j], c0[i * ldc + j], `${label}: padding of row ${i} written`);
  }
}

const SHAPES: Shape[] = [
  // A short A, B read in place (gemmFewRows): full and partial panels, K across blocks, X^T as dW reads it.
  { M: 1, N: 256, K: 1600, transA: true },
  { M: 1, N: 13, K: 5 },
  { M: 3, N: 37, K: 300, transA: true, pad: 3, accumulate: true },
  { M: 8, N: 512, K: 800, transA: true },
  { M: 5, N: 7, K: 257, accumulate: true },
  // A narrow C: dx = dPre W^T with 1-4 features; rows not a multiple of 4, K across blocks.
  { M: 1600, N: 1, K: 256 },
  { M: 9, N: 3, K: 513, pad: 2 },
  { M: 7, N: 4, K: 64, accumulate: true },
  { M: 33, N: 2, K: 1, packed: true },
  // The 4x8 tile, packed and with A's rows in place; the one-row product.
  { M: 37, N: 41, K: 300, transA: true, pad: 1 },
  { M: 64, N: 256, K: 65, packed: true },
  { M: 10, N: 9, K: 310, accumulate: true },
  { M: 1, N: 1024, K: 256, packed: true },
  { M: 1, N: 20, K: 17, packed: true, accumulate: true },
];

for (const build of ["recurrent.wasm", "recurrent-fma.wasm"]) {
  test(`the matrix products of ${build} match a float64 reference on every path (few rows, B in place, tiles, one row)`, () => {
    const kernels = load(path.resolve(__dirname, "../../lib/cells/fused", build));
    for (const shape of SHAPES) check(kernels, build, shape);
  });
}
