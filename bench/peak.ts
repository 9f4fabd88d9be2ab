/**
 * The arithmetic ceiling of the fused kernels on this machine: the rate of their own best case, one large packed
 * matrix product (M 64, N 1024, K 256: one LSTM step of c3's batch halves, the shape the 4x8 register tile is
 * tuned for), on one thread, in GFLOP/s (2 per multiply-add), by CPU time.
 *   node dist/bench/peak.js        prints one JSON line
 * `npm run bench` records it so the README can set each configuration's rate against it: a recurrent training step
 * is mostly such products, so a cell running near this rate (times the threads) has little left to gain from
 * its kernels, and a reference that runs faster does so with wider vectors than WebAssembly's 128 bits.
 */
import { loadWasmKernels } from "../lib/cells/fused/wasm-kernels";
import { cpuSeconds, median } from "./timing";

export interface PeakRow {
  /** Which build ran ("wasm relaxed-simd fma" or "wasm simd128"). */
  kernels: string;
  shape: string;
  /** Median of 5 runs of at least 0.5 s of CPU time each, one thread. */
  gflopsOneThread: number;
}

export function measurePeak(): PeakRow {
  const loaded = loadWasmKernels();
  if (!loaded.kernels) throw new Error(`the wasm kernels did not load: ${loaded.reason}`);
  const k = loaded.kernels;
  const M = 64, N = 1024, K = 256;
  const a = 0;
  const packed = a + M * K;
  const c = packed + k.packedSize(K, N);
  const b = c + M * N;
  const work = b + K * N;
  k.reserve(work + k.workSize(M, N, K));
  const heap = k.heap();
  for (let i = 0; i < work; i++) heap[i] = Math.sin(i) * 0.5;
  k.packB(K, N, b, N, 1, packed);
  const call = () => k.gemmPacked(M, N, K, a, K, 1, packed, c, N, false, work);
  for (let i = 0; i < 200; i++) call();
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    let calls = 0;
    const start = cpuSeconds();
    while (cpuSeconds() - start < 0.5) {
      call();
      calls++;
    }
    rates.push((2 * M * N * K * calls) / (cpuSeconds() - start) / 1e9);
  }
  return { kernels: k.variant ?? k.name, shape: `packed product M ${M} N ${N} K ${K}`, gflopsOneThread: median(rates) };
}

if (require.main === module) {
  try {
    console.log(JSON.stringify(measurePeak()));
  } catch (err) {
    console.error(`bench peak: ${(err as Error).message}`);
    process.exit(1);
  }
}
