/**
 * The README's speed tables (bench/table.ts) from a bench JSON: FLOPs per sequence counted by hand, rates and the
 * share of the kernels' ceiling, ratios paired round by round, the machines table from kept runs; nothing measured
 * here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CONFIGS, flopsPerSequence } from "../../bench/configs";
import { checkReadme, keepRun, keptRunFile, machinesTable, regenerateReadme, roundRatios, speedTables } from "../../bench/table";
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

test("rounds: each figure is the rounds' median, each ratio the median of the rounds' own ratios", () => {
  const fusedRow = (train: number, round: number) => row("fused", "wasm", train, 2 * train, { kernels: "wasm relaxed-simd fma", threads: 2, round });
  const refRow = (train: number, round: number) => row("pytorch-1.13", "cpu", train, 2 * train, { round });
  const report = {
    date: "2026-12-07T00:00:00Z", cores: 2, loadAverage: [0.1], quick: false, repeats: 3, minSeconds: 1, rounds: 3,
    // Round by round 10,000 / 4,000 = 2.5, 12,000 / 8,000 = 1.5, 9,000 / 6,000 = 1.5: median 1.5. The medians'
    // ratio would read 10,000 / 6,000 = 1.67: a ratio must pair rows of one round.
    rows: [fusedRow(10_000, 1), refRow(4_000, 1), fusedRow(12_000, 2), refRow(8_000, 2), fusedRow(9_000, 3), refRow(6_000, 3)],
  };
  assert.deepEqual(roundRatios(report.rows.filter((r) => r.impl === "fused"), report.rows.filter((r) => r.impl !== "fused"), (r) => r.trainSeqPerSec), [2.5, 1.5, 1.5]);
  const text = speedTables(report);
  assert.match(text, /\| c1 \| lstm \| 10,000 \/ 20,000 \| - \| - \| - \| 6,000 \/ 12,000 \| - \| - \| 1\.50x \/ 1\.50x \|/);
  assert.match(text, /measured in 3 alternating rounds/);
  assert.match(text, /\| c1 \| lstm \| met \(1\.50x; rounds 1\.50-2\.50x\) \| met \(1\.50x; rounds 1\.50-2\.50x\) \| not measured \|/);
  // A round the reference did not measure pairs with nothing.
  const unpaired = { ...report, rows: [...report.rows.slice(0, 4), fusedRow(1_000, 3)] };
  assert.match(speedTables(unpaired), /\| c1 \| lstm \| met \(2\.50x; rounds 1\.50-2\.50x\)/);
});

test("the machines table: one column per kept run, its ratios to PyTorch 1.13 and its targets met", () => {
  const run = (date: string, cpu: string, core: string, fusedTrain: number, latency: number) => ({
    date, cpu, openblasCoreType: core, cores: 2, loadAverage: [0.1], quick: false, repeats: 3, minSeconds: 1,
    rows: [
      row("fused", "wasm", fusedTrain, 30_000, { kernels: "wasm relaxed-simd fma", threads: 2, latency1Ms: latency }),
      row("pytorch-2.13", "cpu", 20_000, 50_000, { latency1Ms: 0.2 }),
      row("pytorch-1.13", "cpu", 5_000, 20_000, { latency1Ms: 0.3 }),
    ],
    peak: { kernels: "wasm relaxed-simd fma", shape: "packed product M 64 N 1024 K 256", gflopsOneThread: 40 },
  });
  const text = machinesTable([run("2026-12-07T10:00:00Z", "Intel(R) Xeon(R) Processor", "SkylakeX", 10_000, 0.1),
    run("2026-12-08T10:00:00Z", "AMD EPYC", "Haswell", 6_000, 0.25)]);
  assert.match(text, /\| config \| cell \| 2026-12-07, Intel\(R\) Xeon\(R\) Processor, AVX-512 \| 2026-12-08, AMD EPYC, AVX2 \|/);
  // 10,000 / 5,000 and 30,000 / 20,000; then 6,000 / 5,000.
  assert.match(text, /\| c1 \| lstm \| 2\.00x \/ 1\.50x \| 1\.20x \/ 1\.50x \|/);
  // Targets: train, inference, latency (0.1 ms beats 0.2 and 0.3; 0.25 does not beat 0.2).
  assert.match(text, /\| \| issue 16's targets met \| 3 of 3 \| 1 of 3 \|/);
  assert.match(text, /\| \| rounds \| 1 \| 1 \|/);
  assert.equal(keptRunFile("machines", { date: "2026-12-07T18:00:00Z", cpu: "Intel(R) Xeon(R) Processor" }),
    path.join("machines", "2026-12-07-intel-xeon-processor.json"));
});

test("regenerateReadme rewrites the speed block, and the machines block from the kept runs when it has one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-table-"));
  try {
    const report = {
      date: "2026-12-07T00:00:00Z", cpu: "AMD EPYC", openblasCoreType: "SkylakeX", cores: 2, loadAverage: [0.1], quick: false, repeats: 3, minSeconds: 1,
      rows: [row("fused", "wasm", 10_000, 20_000, { threads: 2 }), row("pytorch-1.13", "cpu", 5_000, 20_000)],
    };
    const json = path.join(dir, "speed.json");
    const machines = path.join(dir, "kept");
    fs.writeFileSync(json, JSON.stringify(report));
    const readme = path.join(dir, "README.md");
    const frame = "intro\n<!-- bench:speed-tables -->\nold\n<!-- /bench:speed-tables -->\nmiddle\n<!-- bench:machines -->\nold\n<!-- /bench:machines -->\nend\n";
    fs.writeFileSync(readme, frame);
    regenerateReadme(readme, json, machines);
    let text = fs.readFileSync(readme, "utf8");
    assert.match(text, /No full bench run is kept/);
    assert.match(text, /^intro\n<!-- bench:speed-tables -->\nMeasured 2026-12-07/);
    assert.match(text, /\nend\n$/);
    assert.equal(keepRun(json, machines), path.join(machines, "2026-12-07-amd-epyc.json"));
    regenerateReadme(readme, json, machines);
    text = fs.readFileSync(readme, "utf8");
    assert.match(text, /\| c1 \| lstm \| 2\.00x \/ 1\.00x \|/);
    assert.equal(text.split("old").length, 1);
    // Columns by the time each run started, not by file name: an earlier run the same day on another CPU first.
    const earlier = { ...report, date: "2026-12-06T23:00:00Z", cpu: "Intel(R) Xeon(R) Processor" };
    fs.writeFileSync(path.join(machines, "2026-12-07-intel-xeon-processor.json"), JSON.stringify(earlier));
    regenerateReadme(readme, json, machines);
    assert.match(fs.readFileSync(readme, "utf8"), /\| config \| cell \| 2026-12-06, Intel\(R\) Xeon\(R\) Processor, AVX-512 \| 2026-12-07, AMD EPYC, AVX-512 \|/);
    // Without the machines markers, only the speed block is rewritten.
    fs.writeFileSync(readme, "<!-- bench:speed-tables -->\n<!-- /bench:speed-tables -->\n");
    regenerateReadme(readme, json, machines);
    assert.doesNotMatch(fs.readFileSync(readme, "utf8"), /bench:machines/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a README that cannot take the tables is refused before anything is measured, in one line", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-readme-"));
  try {
    const missing = path.join(dir, "README.md");
    assert.throws(() => checkReadme(missing), (err: Error) => err.name === "UsageError" && /does not exist: pass the README/.test(err.message) && !err.message.includes("\n"));
    fs.writeFileSync(missing, "# no markers\n");
    assert.throws(() => checkReadme(missing), /has no <!-- bench:speed-tables --> \.\.\. <!-- \/bench:speed-tables --> markers/);
    fs.writeFileSync(missing, "<!-- bench:speed-tables -->\n<!-- /bench:speed-tables -->\n");
    assert.doesNotThrow(() => checkReadme(missing));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
