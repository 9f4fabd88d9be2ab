/**
 * The README's arithmetic-rate table (bench/table.ts) from a bench JSON: FLOPs per sequence counted by hand,
 * rates and the share of the kernels' ceiling computed from the rows, nothing measured here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFIGS, flopsPerSequence } from "../../bench/configs";
import { speedTables } from "../../bench/table";
import type { BenchRow } from "../../bench/recurrent";

test("flopsPerSequence: 2 T gH (F + H) forward, 3x that to train", () => {
  // c1 LSTM: 2 * 50 steps * (4 * 64) * (1 + 64) = 1,664,000; c3 GRU: 2 * 200 * 768 * 272 = 83,558,400.
  assert.deepEqual(flopsPerSequence(CONFIGS.c1, "lstm"), { forward: 1_664_000, train: 4_992_000 });
  assert.deepEqual(flopsPerSequence(CONFIGS.c3, "gru"), { forward: 83_558_400, train: 250_675_200 });
  assert.equal(flopsPerSequence(CONFIGS.c2, "rnn").forward, 2 * 100 * 128 * 136);
});

const row = (impl: string, backend: string, train: number, infer: number, extra: Partial<BenchRow> = {}): BenchRow => ({
  impl, backend, cell: "lstm", config: "c1", trainSeqPerSec: train, inferSeqPerSec: infer,
  trainSeqPerCpuSec: train, inferSeqPerCpuSec: infer, peakRssMB: 0, peakTensorMB: 0, ...extra,
});

test("the arithmetic table: GFLOP/s from sequences per second, and training's share of threads x one-thread peak", () => {
  const report = {
    date: "2026-12-07T00:00:00Z", cores: 2, loadAverage: [0.1, 0.2], quick: false, repeats: 5, minSeconds: 1,
    rows: [
      row("fused", "wasm", 10_000, 20_000, { kernels: "wasm relaxed-simd fma", threads: 2 }),
      row("pytorch-2.13", "cpu", 20_000, 50_000),
    ],
    peak: { kernels: "wasm relaxed-simd fma", shape: "packed product M 64 N 1024 K 256", gflopsOneThread: 40 },
  };
  const text = speedTables(report);
  // fused: 10,000 x 4.992 MFLOP = 49.92 -> "50"; 20,000 x 1.664 = 33.28 -> "33"; 49.92 / (40 x 2) = 62%.
  assert.match(text, /\| c1 \| lstm \| 50 \/ 33 \| 100 \/ 83 \| - \| 62% \|/);
  assert.match(text, /runs at 40\.0 GFLOP\/s on one thread, 80 on 2/);
  const withoutPeak = speedTables({ ...report, peak: undefined });
  assert.match(withoutPeak, /ceiling was not measured in this run/);
  assert.match(withoutPeak, /\| c1 \| lstm \| 50 \/ 33 \| 100 \/ 83 \| - \| - \|/);
});

test("the targets table: met at 1.5x, else the rate 1.5x needs as a share of the ceiling", () => {
  const report = {
    date: "2026-12-07T00:00:00Z", cores: 2, loadAverage: [0.1], quick: false, repeats: 5, minSeconds: 1,
    rows: [
      row("fused", "wasm", 10_000, 20_000, { kernels: "wasm relaxed-simd fma", threads: 2, latency1Ms: 0.1 }),
      row("pytorch-2.13", "cpu", 20_000, 50_000, { latency1Ms: 0.2 }),
      row("pytorch-1.13", "cpu", 5_000, 20_000, { latency1Ms: 0.05 }),
    ],
    peak: { kernels: "wasm relaxed-simd fma", shape: "packed product M 64 N 1024 K 256", gflopsOneThread: 40 },
  };
  // train 10,000 / 5,000 = 2x; inference 1x, 1.5x needs 1.5 x 20,000 x 1.664 MFLOP = 49.92 GFLOP/s < 80.
  assert.match(speedTables(report), /\| c1 \| lstm \| met \(2\.00x\) \| \*\*not met\*\* \(1\.00x; 1\.5x needs 50 GFLOP\/s, 62% of the ceiling\) \| \*\*not met\*\* \(0\.10 ms vs 0\.20 \/ 0\.050\) \|/);
  // With the one-thread peak at 10 (ceiling 20), the same need is 250% of it; a faster fused latency meets the last.
  const slow = { ...report, peak: { ...report.peak, gflopsOneThread: 10 }, rows: [report.rows[0], report.rows[1], { ...report.rows[2], latency1Ms: 0.3 }] };
  assert.match(speedTables(slow), /needs 50 GFLOP\/s, 250% of the ceiling\) \| met \|/);
});
