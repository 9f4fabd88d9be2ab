/**
 * A/B of two builds of the fused kernels inside one process: loads two .wasm files (e.g. an older build saved
 * from another commit, and dist/lib/cells/fused/recurrent-fma.wasm), then times the same calls on each in
 * alternating rounds and prints the median CPU time per call (CPU time, so other processes on a shared machine
 * slow both alike) and GFLOP/s. Both modules get the same heap contents.
 *   node dist/bench/kernels-ab.js OLD.wasm NEW.wasm
 * To get OLD.wasm from a commit:  git worktree add /tmp/old <commit> && (cd /tmp/old && npm ci && node scripts/build.js)
 * (or build-kernels.js there) and take /tmp/old/dist/lib/cells/fused/recurrent-fma.wasm.
 */
import * as fs from "node:fs";
import * as v8 from "node:v8";
import { cpuSeconds, median } from "./timing";

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packB(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, pb: number, c: number, ldc: number, acc: number, work: number): void;
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, acc: number, work: number): void;
  lstmForward(B: number, H: number, gates: number, cPrev: number, c: number, h: number): void;
  gruForwardResetAfter(B: number, H: number, gates: number, rec: number, recBias: number, hPrev: number, h: number, rh: number): void;
}

// Float offsets into each module's heap (the largest case needs 12800 x 1024 floats at A and at C).
const A = 0, PACKED = 13_200_000, C = 14_000_000, WORK = 27_200_000, HEAP_FLOATS = 28_000_000;

function load(file: string): KernelExports {
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd"); // Node 20: as lib/cells/fused/wasm-kernels.ts does
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(fs.readFileSync(file))), {
    env: { abort: () => { throw new Error(`${file} aborted`); } },
  });
  const e = instance.exports as unknown as KernelExports;
  const bytes = e.heapBase() + HEAP_FLOATS * 4;
  if (bytes > e.memory.buffer.byteLength) e.memory.grow(Math.ceil((bytes - e.memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(e.memory.buffer, e.heapBase(), HEAP_FLOATS);
  for (let i = 0; i < HEAP_FLOATS; i++) heap[i] = Math.sin(i) * 0.5;
  return e;
}

interface Case {
  name: string;
  flops: number;
  setup?: (e: KernelExports) => void;
  call: (e: KernelExports) => void;
}

const oneRow = (N: number, K: number): Case => ({
  name: `one-row product (batch 1) N ${N} K ${K}`,
  flops: 2 * N * K,
  setup: (e) => e.packB(K, N, C, N, 1, PACKED),
  call: (e) => e.gemmPacked(1, N, K, A, K, 1, PACKED, C, N, 1, WORK),
});

const CASES: Case[] = [
  oneRow(512, 128), // c2 lstm
  oneRow(1024, 256), // c3 lstm
  oneRow(768, 256), // c3 gru
  {
    name: "per-step product M 64 N 1024 K 256 (c3 lstm share)",
    flops: 2 * 64 * 1024 * 256,
    setup: (e) => e.packB(256, 1024, C, 1024, 1, PACKED),
    call: (e) => e.gemmPacked(64, 1024, 256, A, 256, 1, PACKED, C, 1024, 1, WORK),
  },
  { name: "dx = dPre W^T 12800 x 16, K 1024 (c3 lstm share)", flops: 2 * 12800 * 16 * 1024, call: (e) => e.gemm(12800, 16, 1024, A, 1024, 1, C, 1, 1024, C + 4_000_000, 16, 0, WORK) },
  { name: "P = X W 12800 x 1024, K 16 (c3 lstm share)", flops: 2 * 12800 * 1024 * 16, call: (e) => e.gemm(12800, 1024, 16, A, 16, 1, PACKED, 1024, 1, C, 1024, 1, WORK) },
  // Weight gradient of the input kernel, dW = X^T dPre, X stored time-major [T*B, F] (one thread's share).
  { name: "dW = X^T dPre 1 x 256, K 1600 (c1 lstm share)", flops: 2 * 256 * 1600, call: (e) => e.gemm(1, 256, 1600, A, 1, 1, C, 256, 1, C + 4_000_000, 256, 0, WORK) },
  { name: "dW = X^T dPre 8 x 384, K 1600 (c2 gru share)", flops: 2 * 8 * 384 * 1600, call: (e) => e.gemm(8, 384, 1600, A, 1, 8, C, 384, 1, C + 4_000_000, 384, 0, WORK) },
  { name: "lstmForward gates B 32 H 64", flops: 0, call: (e) => e.lstmForward(32, 64, A, C, C + 4096, C + 8192) },
  { name: "gruForwardResetAfter gates B 32 H 64", flops: 0, call: (e) => e.gruForwardResetAfter(32, 64, A, C, C + 8192, C + 16384, C + 20480, C + 24576) },
];

function main(): void {
  const [oldFile, newFile] = process.argv.slice(2);
  if (!oldFile || !newFile) {
    process.stderr.write("usage: node dist/bench/kernels-ab.js OLD.wasm NEW.wasm\n");
    process.exit(2);
  }
  const builds = { old: load(oldFile), new: load(newFile) };
  for (const c of CASES) {
    const times: Record<string, number[]> = { old: [], new: [] };
    for (let round = 0; round < 5; round++) {
      for (const [label, e] of Object.entries(builds)) {
        c.setup?.(e);
        c.call(e);
        let calls = 0;
        const start = cpuSeconds();
        while (cpuSeconds() - start < 0.2) {
          c.call(e);
          calls++;
        }
        times[label].push((cpuSeconds() - start) / calls);
      }
    }
    const show = (s: number) => `${(s * 1e6).toFixed(2)} us${c.flops ? ` (${(c.flops / s / 1e9).toFixed(1)} GFLOP/s)` : ""}`;
    const o = median(times.old), n = median(times.new);
    console.log(`${c.name.padEnd(52)} old ${show(o)}  new ${show(n)}  new/old speed ${(o / n).toFixed(2)}x`);
  }
}

main();
