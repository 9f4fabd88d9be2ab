/**
 * `npm run bench [-- --quick] [--json FILE] [--readme README.md] [--profile]`: recurrent-layer speed (issues #7, #16).
 *
 * For configs c1 (batch 64, 50 steps, 1 feature, 64 units), c2 (32, 100, 8, 128) and c3 (128, 200, 16, 256) and
 * each cell, measures train and inference sequences/second, batch-1 inference latency and peak memory of the
 * workbook's fused path, its step-wise path and tf.layers.* (c3: fused only), on the wasm and cpu backends, each
 * measurement in its own process (bench/recurrent.ts); and the same model in PyTorch 2.13 (.venv-bench) and
 * Debian's PyTorch 1.13 (bench/references.ts) right after the wasm rows of each config and cell, the fused rows and
 * the references in alternating rounds (`--rounds`, default 3), and prints the ratios (the median of the rounds'
 * own ratios). Every row is written to the JSON as it
 * arrives (a failed reference or an interrupted run loses nothing measured); `--readme` then regenerates the
 * README's speed table from it (bench/table.ts) and keeps a full run's JSON in results/bench/machines/.
 * `--profile` adds the training-step breakdown (bench/profile.ts).
 * bench/peak.ts adds the kernels' best matrix-product rate on one thread, the ceiling their configurations approach.
 * The machine's load average is recorded: other processes on a shared machine slow every figure.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeJsonAtomic } from "../lib/io";
import { CELL_NAMES, type CellName } from "../lib/cells/types";
import { CONFIGS, FUSED_ONLY_CONFIGS, IMPLS, type BenchRow, type BenchSpec, type Impl } from "./recurrent";
import { openblasCoreType, references, runReference, tail, unavailable } from "./references";
import { checkReadme, keepRun, lookup, regenerateReadme, roundRatio, times } from "./table";

const COMMAND = "bench";
const SPECS = {
  json: { kind: "string" as const, help: "write every row to this JSON file as it arrives (default results/bench/speed.json; --quick: speed-quick.json)" },
  readme: { kind: "string" as const, help: "afterwards, regenerate the speed tables in this README from the JSON" },
  quick: { kind: "boolean" as const, help: "short run: wasm backend only, 3 short repeats (a few minutes)" },
  cells: { kind: "list" as const, help: "cells to measure", choices: CELL_NAMES, default: [...CELL_NAMES] },
  configs: { kind: "list" as const, help: "configs to measure", choices: Object.keys(CONFIGS), default: Object.keys(CONFIGS) },
  impls: { kind: "list" as const, help: `implementations to measure (default all; ${FUSED_ONLY_CONFIGS.join(", ")}: fused only unless listed here)`, choices: IMPLS },
  backends: { kind: "list" as const, help: "TF.js backends (default wasm,cpu; --quick: wasm)", choices: ["wasm", "cpu"] },
  repeats: { kind: "int" as const, help: "timed runs per measurement (median reported; default 3)" },
  rounds: { kind: "int" as const, help: "alternating rounds of fused and PyTorch rows per config and cell (default 3; --quick: 1)" },
  "min-seconds": { kind: "number" as const, help: "minimum length of one timed run" },
  torch: { kind: "boolean" as const, help: "measure the PyTorch references too (skipped with a note when torch is missing)", default: true },
  simd128: { kind: "boolean" as const, help: "also measure the fused path on the plain SIMD128 build (A/B against the FMA build)" },
  profile: { kind: "boolean" as const, help: "print where a training step's time goes for a quick-suite forecasting job and an IMDB-like job" },
};

const root = path.resolve(__dirname, "..", "..");

function runChild(spec: BenchSpec, env: Record<string, string> = {}): BenchRow {
  const r = spawnSync(process.execPath, [path.join(__dirname, "recurrent.js"), JSON.stringify(spec)], {
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_QUIET: "1", ...env },
  });
  if (r.status !== 0) throw new Error(`measuring ${spec.impl}/${spec.backend}/${spec.cell}/${spec.config.name} failed: ${tail(r.stderr)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as BenchRow;
}

const fmt = (n: number | undefined) => (n === undefined ? "-" : n >= 100 ? n.toFixed(0) : n.toPrecision(3));

function label(r: BenchRow): string {
  if (!r.kernels) return r.impl;
  return `${r.impl}(${r.kernels.replace("wasm relaxed-simd fma", "wasm-fma").replace("wasm simd128", "wasm")}x${r.threads})`;
}

function printRow(r: BenchRow): void {
  console.log(`${r.config.padEnd(3)} ${r.cell.padEnd(5)} ${label(r).padEnd(16)} ${r.backend.padEnd(5)} train ${fmt(r.trainSeqPerSec).padStart(7)} seq/s (${fmt(r.trainSeqPerCpuSec).padStart(6)} per CPU s)  infer ${fmt(r.inferSeqPerSec).padStart(7)} seq/s (${fmt(r.inferSeqPerCpuSec).padStart(6)} per CPU s)  batch-1 ${fmt(r.latency1Ms)} ms  peak RSS ${fmt(r.peakRssMB)} MB`);
}

/** The ratios as the README's tables compute them: the median of the rounds' own ratios. */
function printRatios(rows: BenchRow[], configs: string[], cells: CellName[], perCpu: boolean): void {
  const find = lookup(rows).rowsOf;
  const train = (r: BenchRow) => (perCpu ? r.trainSeqPerCpuSec : r.trainSeqPerSec);
  const infer = (r: BenchRow) => (perCpu ? r.inferSeqPerCpuSec : r.inferSeqPerSec);
  const latency = (r: BenchRow) => r.latency1Ms;
  const torchImpls = [...new Set(rows.filter((r) => r.impl.startsWith("pytorch")).map((r) => r.impl))].sort().reverse();
  console.log(`\nratios of sequences per ${perCpu ? "CPU" : "wall-clock"} second (train / inference${perCpu ? "" : " / batch-1 latency"}), fused on wasm vs:`);
  console.log(`cfg cell  ${["tf.layers wasm", "step-wise wasm", ...torchImpls].map((s) => s.padEnd(25)).join("")}`);
  for (const config of configs) {
    for (const cell of cells) {
      const fused = find("fused", "wasm", cell, config);
      if (fused.length === 0) continue;
      const ratio = (other: BenchRow[]) => {
        if (other.length === 0) return "-";
        const slower = perCpu ? undefined : roundRatio(other, fused, latency);
        return `${times(roundRatio(fused, other, train))} / ${times(roundRatio(fused, other, infer))}${slower === undefined ? "" : ` / ${times(slower)}`}`;
      };
      const others = [find("tf.layers", "wasm", cell, config), find("stepwise", "wasm", cell, config), ...torchImpls.map((i) => find(i, "cpu", cell, config))];
      console.log(`${config.padEnd(3)} ${cell.padEnd(5)} ${others.map((o) => ratio(o).padEnd(25)).join("")}`);
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

function runProfile(quick: boolean): unknown[] {
  const out: unknown[] = [];
  for (const job of ["forecast", "imdb", "imdb-full-rnn", "imdb-full-lstm", "imdb-full-gru"]) {
    const r = spawnSync(process.execPath, [path.join(__dirname, "profile.js"), job, quick ? "quick" : "full"], {
      encoding: "utf8",
      env: { ...process.env, RNN_WORKBOOK_QUIET: "1" },
    });
    if (r.status !== 0) {
      console.log(`(profile of the ${job} job failed: ${tail(r.stderr)})`);
      continue;
    }
    const lines = r.stdout.trim().split("\n");
    const result = JSON.parse(lines.pop()!) as unknown;
    console.log(lines.join("\n"));
    out.push(result);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(COMMAND, argv, SPECS);
  if (!parsed) {
    console.log(formatHelp(COMMAND, "Train / inference speed and batch-1 latency of the recurrent layers vs tf.layers and PyTorch (issues #7, #16).", SPECS));
    return 0;
  }
  const f = parsed.flags;
  const quick = f.quick === true;
  const cells = f.cells as CellName[];
  const configs = (f.configs as string[]).map((c) => CONFIGS[c]);
  const impls = (f.impls as Impl[] | undefined) ?? [...IMPLS];
  const backends = (f.backends as ("wasm" | "cpu")[] | undefined) ?? (quick ? ["wasm"] : ["wasm", "cpu"]);
  const repeats = (f.repeats as number | undefined) ?? 3;
  const rounds = (f.rounds as number | undefined) ?? (quick ? 1 : 3);
  const minSeconds = (f["min-seconds"] as number | undefined) ?? (quick ? 0.2 : 1);
  if (!(minSeconds > 0)) throw new UsageError(`${COMMAND}: --min-seconds must be a positive number of seconds`);
  // A README that cannot take the tables is said now, not after half an hour of measuring.
  if (typeof f.readme === "string") checkReadme(f.readme);
  const jsonFile = typeof f.json === "string" ? f.json : path.join(root, "results", "bench", quick ? "speed-quick.json" : "speed.json");

  const loadBefore = os.loadavg()[0];
  console.log(`bench: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${loadBefore.toFixed(2)}; ${repeats} runs of >= ${minSeconds} s after a warm-up, median; fused and PyTorch in ${rounds} alternating round(s)`);
  if (loadBefore > os.cpus().length * 0.75) {
    console.log("warning: the machine is busy (load average above the core count): wall-clock figures and their ratios are unreliable, compare the per-CPU-second figures");
  }
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    openblasCoreType: openblasCoreType(),
    loadAverage: [loadBefore],
    quick,
    // The options as given, so the README table names the exact command that measured it.
    args: argv,
    repeats,
    minSeconds,
    rounds,
    rows: [] as BenchRow[],
    failures: [] as string[],
  };
  const rows = report.rows as BenchRow[];
  const save = () => writeJsonAtomic(jsonFile, report);
  const add = (r: BenchRow) => {
    rows.push(r);
    printRow(r);
    save();
  };
  const fail = (message: string) => {
    (report.failures as string[]).push(message);
    console.log(`(${message})`);
    save();
  };
  // Rounds after the first measure only the fused path (the step-wise and tf.layers rows are not set against
  // PyTorch, and each takes minutes).
  const measureImpls = (backend: "wasm" | "cpu", config: (typeof configs)[number], cell: CellName, round: number) => {
    const all = f.impls === undefined && FUSED_ONLY_CONFIGS.includes(config.name) ? impls.filter((i) => i === "fused") : impls;
    const here = round > 1 ? all.filter((i) => i === "fused") : all;
    for (const impl of here) {
      try {
        add({ ...runChild({ impl, backend, cell, config, repeats, minSeconds }), round });
      } catch (err) {
        fail((err as Error).message);
      }
    }
    if (f.simd128 === true && here.includes("fused")) {
      try {
        const row = runChild({ impl: "fused", backend, cell, config, repeats, minSeconds }, { RNN_WORKBOOK_FUSED_FMA: "0" });
        add({ ...row, impl: "fused-simd128", round });
      } catch (err) {
        fail((err as Error).message);
      }
    }
  };
  // The PyTorch references run right after the first backend's rows of the same config and cell, not all at the
  // end, a quarter of an hour later: this VM's speed changes over hours and not alike for all code (between a
  // morning and an afternoon run of one day, most PyTorch rows a fifth to a third slower, TF.js's own untouched
  // rows a tenth to a fifth, the kernels' peak 53 -> 44-46 GFLOP/s), and a ratio should not carry such a change.
  // And in rounds (fused, then each reference; again): on another of these VMs (2026-12-07 evening, AMD EPYC) the
  // same fused row measured 24,399 and, minutes later, 38,271 sequences/s, so one pair of measurements can put a
  // ratio anywhere in a 1.5x band; the tables take the median of the rounds' ratios.
  const torchRefs = f.torch === false ? [] : references().filter((ref) => {
    const why = unavailable(ref);
    if (why) fail(`PyTorch reference '${ref.name}' skipped: ${why}`);
    return !why;
  });
  const failedRefs = new Set<string>();
  for (const config of configs) {
    for (const cell of cells) {
      for (let round = 1; round <= rounds; round++) {
        measureImpls(backends[0], config, cell, round);
        for (const ref of torchRefs) {
          if (failedRefs.has(ref.name)) continue;
          const failure = await runReference(ref, [config], [cell], repeats, minSeconds, (row) => add({ ...row, round }));
          if (failure) {
            failedRefs.add(ref.name);
            fail(`PyTorch reference failed: ${failure}`);
          }
        }
      }
    }
  }
  for (const backend of backends.slice(1)) {
    for (const config of configs) {
      for (const cell of cells) measureImpls(backend, config, cell, 1);
    }
  }
  // The kernels' own best product rate, which the README sets each configuration's arithmetic rate against.
  const peak = spawnSync(process.execPath, [path.join(__dirname, "peak.js")], { encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  if (peak.status === 0) {
    report.peak = JSON.parse(peak.stdout.trim().split("\n").pop()!) as unknown;
    console.log(`\nkernels' best packed product on one thread: ${JSON.stringify(report.peak)}`);
    save();
  } else {
    fail(`the kernels' peak rate was not measured: ${tail(peak.stderr)}`);
  }
  printRatios(rows, configs.map((c) => c.name), cells, false);
  printRatios(rows, configs.map((c) => c.name), cells, true);
  if (f.profile === true) {
    report.profile = runProfile(quick);
    save();
  }
  report.data = await runData();
  (report.loadAverage as number[]).push(os.loadavg()[0]);
  save();
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile) || jsonFile}`);
  if (typeof f.readme === "string") {
    if (!quick) console.log(`kept the run as ${path.relative(process.cwd(), keepRun(jsonFile))}`);
    regenerateReadme(f.readme, jsonFile);
    console.log(`regenerated the speed tables in ${f.readme}`);
  }
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
