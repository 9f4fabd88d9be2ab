/**
 * The README's speed tables, generated from a bench JSON (never copied by hand):
 *   node dist/bench/table.js [--json results/bench/speed.json] [--readme README.md]
 * prints the Markdown, or with --readme replaces what stands between the markers
 *   <!-- bench:speed-tables -->  ...  <!-- /bench:speed-tables -->
 * in that file (written atomically). `npm run bench -- --readme README.md` does the same after measuring.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeFileAtomic } from "../lib/io";
import { CONFIGS, flopsPerSequence } from "./configs";
import type { PeakRow } from "./peak";
import type { BenchRow } from "./recurrent";

const START = "<!-- bench:speed-tables -->";
const END = "<!-- /bench:speed-tables -->";

interface ProfileShare {
  job: string;
  description: string;
  stepMs: number;
  shares: Record<string, number>;
}

interface BenchReport {
  date: string;
  node?: string;
  cpu?: string;
  cores: number;
  openblasCoreType?: string;
  loadAverage: number[];
  quick: boolean;
  args?: string[];
  repeats: number;
  minSeconds: number;
  rows: BenchRow[];
  failures?: string[];
  profile?: ProfileShare[];
  peak?: PeakRow;
}

/** The options of the measuring run as typed after `npm run bench --` (the JSON path and --readme left out). */
function benchOptions(report: Pick<BenchReport, "quick" | "args">): string {
  if (!report.args) return report.quick ? " -- --quick" : "";
  const shown: string[] = [];
  for (let i = 0; i < report.args.length; i++) {
    const arg = report.args[i];
    if (arg === "--json" || arg === "--readme") { i++; continue; }
    if (arg.startsWith("--json=") || arg.startsWith("--readme=")) continue;
    shown.push(arg);
  }
  return shown.length > 0 ? ` -- ${shown.join(" ")}` : "";
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number | undefined) => (n === undefined ? "-" : n >= 10 ? n.toFixed(1) : n.toPrecision(2));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : "-");

/** The fused kernels' ceiling in this run: their best product on one thread (bench/peak.ts) times their threads. */
function fusedCeiling(report: BenchReport): { gflops: number; threads: number } | undefined {
  const fused0 = report.rows.find((r) => r.impl === "fused" && r.backend === "wasm");
  return report.peak && fused0?.threads ? { gflops: report.peak.gflopsOneThread * fused0.threads, threads: fused0.threads } : undefined;
}

/** Whether the PyTorch runs flushed subnormals to zero, as the fused kernels do for their gradients. */
function flushNote(...refs: (BenchRow | undefined)[]): string {
  const measured = refs.filter((r): r is BenchRow => r !== undefined);
  if (measured.length === 0) return "";
  if (measured.every((r) => r.flushDenormal === true)) return ", subnormals flushed to zero (`torch.set_flush_denormal(True)`, as the fused kernels flush tiny gradients)";
  return ", subnormals **not** flushed to zero in every PyTorch run (its long-sequence training can then be several times slower on Intel CPUs)";
}

/**
 * The same throughputs as arithmetic rates (bench/configs.ts `flopsPerSequence`), beside the fused kernels'
 * ceiling: their best packed product on one thread (bench/peak.ts) times the threads they ran on.
 */
function arithmeticTable(
  report: BenchReport,
  keys: { config: string; cell: string }[],
  find: (impl: string, backend: string, cell: string, config: string) => BenchRow | undefined,
): string[] {
  const ceiling = fusedCeiling(report)?.gflops;
  const rate = (r: BenchRow | undefined, config: string, cell: string) => {
    const c = CONFIGS[config];
    if (!r || !c) return "-";
    const f = flopsPerSequence(c, cell as BenchRow["cell"]);
    return `${((r.trainSeqPerSec * f.train) / 1e9).toFixed(0)} / ${((r.inferSeqPerSec * f.forward) / 1e9).toFixed(0)}`;
  };
  const share = (r: BenchRow | undefined, config: string, cell: string) => {
    const c = CONFIGS[config];
    if (!r || !c || !ceiling) return "-";
    return `${((100 * r.trainSeqPerSec * flopsPerSequence(c, cell as BenchRow["cell"]).train) / 1e9 / ceiling).toFixed(0)}%`;
  };
  const lines = [
    "The same runs as arithmetic rates, GFLOP/s train / inference (the matrix products of the recurrent layer, 2 per multiply-add, training counted as 3x the forward pass; `flopsPerSequence` in bench/configs.ts)" +
      (ceiling
        ? `, against the fused kernels' ceiling: their best product (${report.peak!.shape}, ${report.peak!.kernels}) runs at ${report.peak!.gflopsOneThread.toFixed(1)} GFLOP/s on one thread, ${ceiling.toFixed(0)} on ${fusedCeiling(report)!.threads}:`
        : " (the kernels' ceiling was not measured in this run):"),
    "",
    "| config | cell | fused (wasm) | PyTorch 2.13 | PyTorch 1.13 | fused training / ceiling |",
    "|---|---|---:|---:|---:|---:|",
  ];
  for (const { config, cell } of keys) {
    const fused = find("fused", "wasm", cell, config);
    lines.push(`| ${config} | ${cell} | ${rate(fused, config, cell)} | ${rate(find("pytorch-2.13", "cpu", cell, config), config, cell)} | ${rate(find("pytorch-1.13", "cpu", cell, config), config, cell)} | ${share(fused, config, cell)} |`);
  }
  return lines;
}

/**
 * Issue 16's targets, row by row: training and inference >= 1.5x PyTorch 1.13, batch-1 latency below both
 * PyTorch releases. A missed throughput target also says what arithmetic rate it needs, as a share of the
 * kernels' ceiling (near or above 100%, no WebAssembly kernel on this machine can meet it: 128-bit vectors are
 * all WebAssembly SIMD has, where PyTorch's libraries use the CPU's 256- or 512-bit ones).
 */
function targetTable(
  report: BenchReport,
  keys: { config: string; cell: string }[],
  find: (impl: string, backend: string, cell: string, config: string) => BenchRow | undefined,
): string[] {
  const ceiling = fusedCeiling(report)?.gflops;
  const throughput = (fused: BenchRow | undefined, ref: BenchRow | undefined, config: string, cell: string, kind: "train" | "infer") => {
    if (!fused || !ref) return "not measured";
    const perSec = (r: BenchRow) => (kind === "train" ? r.trainSeqPerSec : r.inferSeqPerSec);
    const x = perSec(fused) / perSec(ref);
    if (x >= 1.5) return `met (${x.toFixed(2)}x)`;
    const c = CONFIGS[config];
    if (!c || !ceiling) return `**not met** (${x.toFixed(2)}x)`;
    const f = flopsPerSequence(c, cell as BenchRow["cell"]);
    const needed = (1.5 * perSec(ref) * (kind === "train" ? f.train : f.forward)) / 1e9;
    return `**not met** (${x.toFixed(2)}x; 1.5x needs ${needed.toFixed(0)} GFLOP/s, ${((100 * needed) / ceiling).toFixed(0)}% of the ceiling)`;
  };
  const lines = [
    "Issue 16's targets in this run (fused on wasm; the ceiling as above):",
    "",
    "| config | cell | training >= 1.5x PyTorch 1.13 | inference >= 1.5x PyTorch 1.13 | batch-1 latency below PyTorch 2.13 and 1.13 |",
    "|---|---|---|---|---|",
  ];
  for (const { config, cell } of keys) {
    const fused = find("fused", "wasm", cell, config);
    const p1 = find("pytorch-1.13", "cpu", cell, config);
    const p2 = find("pytorch-2.13", "cpu", cell, config);
    const latencies = [p2?.latency1Ms, p1?.latency1Ms];
    const latency = !fused?.latency1Ms || latencies.some((l) => l === undefined)
      ? "not measured"
      : latencies.every((l) => fused.latency1Ms! < l!) ? "met" : `**not met** (${ms(fused.latency1Ms)} ms vs ${latencies.map((l) => ms(l)).join(" / ")})`;
    lines.push(`| ${config} | ${cell} | ${throughput(fused, p1, config, cell, "train")} | ${throughput(fused, p1, config, cell, "infer")} | ${latency} |`);
  }
  return lines;
}

export function speedTables(report: BenchReport): string {
  const rows = report.rows;
  const find = (impl: string, backend: string, cell: string, config: string) =>
    rows.find((r) => r.impl === impl && r.backend === backend && r.cell === cell && r.config === config);
  const torch = (version: string) => rows.find((r) => r.impl === `pytorch-${version}`);
  const t213 = torch("2.13");
  const t113 = torch("1.13");
  const pairs = (r: BenchRow | undefined) => (r ? `${int(r.trainSeqPerSec)} / ${int(r.inferSeqPerSec)}` : "-");
  const both = (a: BenchRow | undefined, b: BenchRow | undefined) =>
    a && b ? `${ratio(a.trainSeqPerSec, b.trainSeqPerSec)} / ${ratio(a.inferSeqPerSec, b.inferSeqPerSec)}` : "-";
  const keys: { config: string; cell: string }[] = [];
  for (const r of rows) {
    if (r.impl === "fused" && r.backend === "wasm" && !keys.some((k) => k.config === r.config && k.cell === r.cell)) {
      keys.push({ config: r.config, cell: r.cell });
    }
  }
  keys.sort((a, b) => a.config.localeCompare(b.config));
  const fused0 = rows.find((r) => r.impl === "fused" && r.backend === "wasm");
  const load = report.loadAverage.map((l) => l.toFixed(1)).join(" -> ");
  const lines: string[] = [
    `Measured ${report.date.slice(0, 10)} with \`npm run bench${benchOptions(report)}\` on ${report.cores} cores (${report.cpu ?? "CPU unknown"}), Node ${report.node ?? "?"}, load average ${load}; median of ${report.repeats} runs of at least ${report.minSeconds} s after a warm-up. Fused: ${fused0?.kernels ?? "?"} on ${fused0?.threads ?? "?"} threads. PyTorch ${t213?.torchVersion ?? "2.13 (not measured)"} from the bench venv and ${t113?.torchVersion ?? "1.13 (not measured)"} (Debian, OpenBLAS ${report.openblasCoreType ?? "?"} core, one BLAS thread), 2 torch threads each${flushNote(t213, t113)}. Train / inference sequences per second; ratios train / inference.`,
    ...(Math.max(...report.loadAverage) > report.cores
      ? ["", `**The machine was busy during this run (load average above its ${report.cores} cores): wall-clock figures, PyTorch's above all (its threads spin while waiting), are not comparable. Rerun on an idle machine.**`]
      : []),
    "",
    "| config | cell | fused (wasm) | step-wise (wasm) | `tf.layers` (wasm) | PyTorch 2.13 | PyTorch 1.13 | fused / `tf.layers` | fused / 2.13 | fused / 1.13 |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { config, cell } of keys) {
    const fused = find("fused", "wasm", cell, config);
    const tfl = find("tf.layers", "wasm", cell, config);
    const p2 = find("pytorch-2.13", "cpu", cell, config);
    const p1 = find("pytorch-1.13", "cpu", cell, config);
    lines.push(`| ${config} | ${cell} | ${pairs(fused)} | ${pairs(find("stepwise", "wasm", cell, config))} | ${pairs(tfl)} | ${pairs(p2)} | ${pairs(p1)} | ${both(fused, tfl)} | ${both(fused, p2)} | ${both(fused, p1)} |`);
  }
  lines.push("", ...arithmeticTable(report, keys, find));
  lines.push("", "Inference latency on one sequence (batch 1), milliseconds, median of single calls:", "");
  lines.push("| config | cell | fused (wasm) | PyTorch 2.13 | PyTorch 1.13 | 2.13 / fused | 1.13 / fused |", "|---|---|---:|---:|---:|---:|---:|");
  for (const { config, cell } of keys) {
    const f = find("fused", "wasm", cell, config)?.latency1Ms;
    const p2 = find("pytorch-2.13", "cpu", cell, config)?.latency1Ms;
    const p1 = find("pytorch-1.13", "cpu", cell, config)?.latency1Ms;
    lines.push(`| ${config} | ${cell} | ${ms(f)} | ${ms(p2)} | ${ms(p1)} | ${ratio(p2, f)} | ${ratio(p1, f)} |`);
  }
  lines.push("", ...targetTable(report, keys, find));
  if (report.profile?.length) {
    const parts = [...new Set(report.profile.flatMap((p) => Object.keys(p.shares)))];
    lines.push("", "Where a training step's time goes (`npm run bench -- --profile`), share of the step:", "");
    lines.push(`| job | step (ms) | ${parts.join(" | ")} |`, `|---|---:|${parts.map(() => "---:").join("|")}|`);
    for (const p of report.profile) {
      lines.push(`| ${p.description} | ${ms(p.stepMs)} | ${parts.map((k) => (p.shares[k] === undefined ? "-" : `${(100 * p.shares[k]).toFixed(0)}%`)).join(" | ")} |`);
    }
  }
  if (report.failures?.length) {
    lines.push("", "Not measured in this run:", "", ...report.failures.map((f) => `- ${f.replace(/\|/g, "/")}`));
  }
  return lines.join("\n");
}

export function regenerateReadme(readme: string, jsonFile: string): void {
  const text = fs.readFileSync(readme, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${readme} has no ${START} ... ${END} markers: add them where the speed tables belong`);
  }
  const report = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as BenchReport;
  writeFileAtomic(readme, `${text.slice(0, start + START.length)}\n${speedTables(report)}\n${text.slice(end)}`);
}

const SPECS = {
  json: { kind: "string" as const, help: "the bench JSON", default: path.join("results", "bench", "speed.json") },
  readme: { kind: "string" as const, help: "replace the tables between the bench markers in this file (else print them)" },
};

export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags("bench-table", argv, SPECS);
  if (!parsed) {
    console.log(formatHelp("bench-table", "The README's speed tables from a bench JSON.", SPECS));
    return 0;
  }
  const json = parsed.flags.json as string;
  if (!fs.existsSync(json)) throw new UsageError(`bench-table: ${json} does not exist: run \`npm run bench\` first or pass --json FILE`);
  if (typeof parsed.flags.readme === "string") regenerateReadme(parsed.flags.readme, json);
  else console.log(speedTables(JSON.parse(fs.readFileSync(json, "utf8")) as BenchReport));
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
