/**
 * `npm run bench [-- --json FILE] [--quick]`: recurrent-layer speed, issue #7.
 *
 * For configs c1 (batch 64, 50 steps, 1 feature, 64 units) and c2 (32, 100, 8, 128) and each cell, measures
 * train and inference sequences/second and peak memory of the workbook's fused path, its step-wise path and
 * tf.layers.*, on the wasm and cpu backends (each measurement in its own process: bench/recurrent.ts), then the
 * same model in PyTorch when /usr/bin/python3 can import torch (bench/torch_bench.py, OpenBLAS SkylakeX core,
 * one BLAS thread, torch threads 2), and prints the ratios. Then the data benchmarks of bench/data.ts, if present.
 * The machine's load average is recorded: other processes on a shared machine slow every figure.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeJsonAtomic } from "../lib/io";
import { CELL_NAMES, type CellName } from "../lib/cells/types";
import { CONFIGS, IMPLS, type BenchConfig, type BenchRow, type BenchSpec, type Impl } from "./recurrent";

const COMMAND = "bench";
const SPECS = {
  json: { kind: "string" as const, help: "also write every row to this JSON file" },
  quick: { kind: "boolean" as const, help: "short run: wasm backend only, 3 short repeats" },
  cells: { kind: "list" as const, help: "cells to measure", choices: CELL_NAMES, default: [...CELL_NAMES] },
  configs: { kind: "list" as const, help: "configs to measure", choices: Object.keys(CONFIGS), default: Object.keys(CONFIGS) },
  impls: { kind: "list" as const, help: "implementations to measure", choices: IMPLS, default: [...IMPLS] },
  backends: { kind: "list" as const, help: "TF.js backends (default wasm,cpu; --quick: wasm)", choices: ["wasm", "cpu"] },
  repeats: { kind: "int" as const, help: "timed runs per measurement (median reported)" },
  "min-seconds": { kind: "number" as const, help: "minimum length of one timed run" },
  torch: { kind: "boolean" as const, help: "measure PyTorch too when /usr/bin/python3 has torch", default: true },
  fma: { kind: "boolean" as const, help: "also measure the fused path on the relaxed-SIMD FMA build (node --experimental-wasm-relaxed-simd)" },
};

const PYTHON = "/usr/bin/python3";
const root = path.resolve(__dirname, "..", "..");

function runChild(spec: BenchSpec, nodeFlags: string[] = []): BenchRow {
  const r = spawnSync(process.execPath, [...nodeFlags, path.join(__dirname, "recurrent.js"), JSON.stringify(spec)], {
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_QUIET: "1" },
  });
  if (r.status !== 0) throw new Error(`measuring ${spec.impl}/${spec.backend}/${spec.cell}/${spec.config.name} failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as BenchRow;
}

function torchAvailable(): boolean {
  if (!fs.existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" }).status === 0;
}

function runTorch(configs: BenchConfig[], cells: CellName[], repeats: number, minSeconds: number, onRow: (r: BenchRow) => void): void {
  const spec = { configs, cells, repeats, min_seconds: minSeconds, threads: 2 };
  const r = spawnSync(PYTHON, [path.join(root, "bench", "torch_bench.py"), JSON.stringify(spec)], {
    encoding: "utf8",
    env: { ...process.env, OPENBLAS_CORETYPE: "SkylakeX", OPENBLAS_NUM_THREADS: "1" },
  });
  if (r.status !== 0) throw new Error(`PyTorch benchmark failed: ${r.stderr.trim().split("\n").pop()}`);
  for (const line of r.stdout.trim().split("\n")) onRow(JSON.parse(line) as BenchRow);
}

const fmt = (n: number | undefined) => (n === undefined ? "-" : n >= 100 ? n.toFixed(0) : n.toPrecision(3));

function printRow(r: BenchRow): void {
  const impl = r.kernels ? `${r.impl}(${r.kernels.replace("wasm relaxed-simd fma", "wasm-fma").replace("wasm simd128", "wasm")}x${r.threads})` : r.impl;
  console.log(`${r.config.padEnd(3)} ${r.cell.padEnd(5)} ${impl.padEnd(14)} ${r.backend.padEnd(5)} train ${fmt(r.trainSeqPerSec).padStart(7)} seq/s (${fmt(r.trainSeqPerCpuSec).padStart(6)} per CPU s)  infer ${fmt(r.inferSeqPerSec).padStart(7)} seq/s (${fmt(r.inferSeqPerCpuSec).padStart(6)} per CPU s)  peak RSS ${fmt(r.peakRssMB)} MB`);
}

function printRatios(rows: BenchRow[], configs: string[], cells: CellName[], perCpu: boolean): void {
  const find = (impl: string, backend: string, cell: string, config: string) =>
    rows.find((r) => r.impl === impl && r.backend === backend && r.cell === cell && r.config === config);
  const train = (r: BenchRow) => (perCpu ? r.trainSeqPerCpuSec : r.trainSeqPerSec);
  const infer = (r: BenchRow) => (perCpu ? r.inferSeqPerCpuSec : r.inferSeqPerSec);
  console.log(`\nratios of sequences per ${perCpu ? "CPU" : "wall-clock"} second (train / inference), fused on wasm vs:`);
  console.log("cfg cell  tf.layers wasm    step-wise wasm    PyTorch");
  for (const config of configs) {
    for (const cell of cells) {
      const fused = find("fused", "wasm", cell, config);
      if (!fused) continue;
      const ratio = (other: BenchRow | undefined) =>
        other ? `${(train(fused) / train(other)).toFixed(2)}x / ${(infer(fused) / infer(other)).toFixed(2)}x` : "-";
      console.log(`${config.padEnd(3)} ${cell.padEnd(5)} ${ratio(find("tf.layers", "wasm", cell, config)).padEnd(17)} ${ratio(find("stepwise", "wasm", cell, config)).padEnd(17)} ${ratio(find("pytorch", "cpu", cell, config))}`);
    }
  }
}

async function runData(): Promise<unknown[] | undefined> {
  const file = path.join(__dirname, "data.js");
  if (!fs.existsSync(file)) return undefined;
  // bench/data.ts belongs to the data work; it may not exist in every checkout.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(file) as { benchData?: () => Promise<unknown[]> };
  if (typeof mod.benchData !== "function") return undefined;
  console.log("\ndata benchmarks (bench/data.ts):");
  const rows = await mod.benchData();
  for (const row of rows) console.log(JSON.stringify(row));
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(COMMAND, argv, SPECS);
  if (!parsed) {
    console.log(formatHelp(COMMAND, "Train / inference speed of the recurrent layers vs tf.layers and PyTorch (issue #7).", SPECS));
    return 0;
  }
  const f = parsed.flags;
  const quick = f.quick === true;
  const cells = f.cells as CellName[];
  const configs = (f.configs as string[]).map((c) => CONFIGS[c]);
  const impls = f.impls as Impl[];
  const backends = (f.backends as ("wasm" | "cpu")[] | undefined) ?? (quick ? ["wasm"] : ["wasm", "cpu"]);
  const repeats = (f.repeats as number | undefined) ?? (quick ? 3 : 5);
  const minSeconds = (f["min-seconds"] as number | undefined) ?? (quick ? 0.2 : 1);
  if (!(minSeconds > 0)) throw new UsageError(`${COMMAND}: --min-seconds must be a positive number of seconds`);

  const loadBefore = os.loadavg()[0];
  console.log(`bench: ${os.cpus().length} cores, load average ${loadBefore.toFixed(2)}; ${repeats} runs of >= ${minSeconds} s after a warm-up, median`);
  if (loadBefore > os.cpus().length * 0.75) {
    console.log("warning: the machine is busy (load average above the core count): wall-clock figures and their ratios are unreliable, compare the per-CPU-second figures");
  }
  const rows: BenchRow[] = [];
  const add = (r: BenchRow) => {
    rows.push(r);
    printRow(r);
  };
  for (const backend of backends) {
    for (const config of configs) {
      for (const cell of cells) {
        for (const impl of impls) add(runChild({ impl, backend, cell, config, repeats, minSeconds }));
        if (f.fma === true && impls.includes("fused")) {
          add(runChild({ impl: "fused", backend, cell, config, repeats, minSeconds }, ["--experimental-wasm-relaxed-simd"]));
        }
      }
    }
  }
  if (f.torch !== false) {
    if (torchAvailable()) runTorch(configs, cells, repeats, minSeconds, add);
    else console.log(`(PyTorch not measured: ${PYTHON} cannot import torch)`);
  }
  printRatios(rows, configs.map((c) => c.name), cells, false);
  printRatios(rows, configs.map((c) => c.name), cells, true);
  const data = await runData();
  const loadAfter = os.loadavg()[0];
  if (typeof f.json === "string") {
    writeJsonAtomic(f.json, { date: new Date().toISOString(), cores: os.cpus().length, loadAverage: [loadBefore, loadAfter], quick, repeats, minSeconds, rows, data });
    console.log(`\nwrote ${f.json}`);
  }
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
