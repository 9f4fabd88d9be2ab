/**
 * The README's speed tables, generated from a bench JSON (never copied by hand):
 *   node dist/bench/table.js [--json results/bench/speed.json] [--readme README.md]
 * prints the Markdown, or with --readme replaces what stands between the markers
 *   <!-- bench:speed-tables -->  ...  <!-- /bench:speed-tables -->
 * in that file (written atomically). `npm run bench -- --readme README.md` does the same after measuring.
 *
 * A full run measures the fused rows and the PyTorch references of each config and cell in alternating rounds
 * (bench/index.ts --rounds): every figure in the tables is the median over the rounds, and every ratio the median
 * of the rounds' own ratios (a row paired with the other side's row of the same round), so that a change in the
 * machine's speed between rounds moves both sides of a ratio alike.
 *
 * The same file's second block, between  <!-- bench:machines -->  and  <!-- /bench:machines -->, sets side by
 * side the targets of every full run kept in results/bench/machines/ (one JSON per machine and day; a run with
 * --readme, not --quick, files its JSON there): the machines these sessions run on differ, and so do the ratios.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeFileAtomic } from "../lib/io";
import { CONFIGS, flopsPerSequence } from "./configs";
import type { PeakRow } from "./peak";
import type { BenchRow } from "./recurrent";
import { median } from "./timing";

const START = "<!-- bench:speed-tables -->";
const END = "<!-- /bench:speed-tables -->";
const MACHINES_START = "<!-- bench:machines -->";
const MACHINES_END = "<!-- /bench:machines -->";

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
  /** Rounds of fused and PyTorch rows per config and cell (absent before rounds: one). */
  rounds?: number;
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
/** A ratio as the tables print it ("1.50x"; "-" when not measured). */
export const times = (x: number | undefined) => (x === undefined ? "-" : `${x.toFixed(2)}x`);

const roundOf = (r: BenchRow) => r.round ?? 1;

/** The rounds' median of each measured figure; the other fields from the first round. */
function medianRow(rows: BenchRow[]): BenchRow | undefined {
  if (rows.length === 0) return undefined;
  const of = (pick: (r: BenchRow) => number | undefined) => {
    const values = rows.map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? median(values) : undefined;
  };
  return {
    ...rows[0],
    trainSeqPerSec: of((r) => r.trainSeqPerSec)!,
    inferSeqPerSec: of((r) => r.inferSeqPerSec)!,
    trainSeqPerCpuSec: of((r) => r.trainSeqPerCpuSec)!,
    inferSeqPerCpuSec: of((r) => r.inferSeqPerCpuSec)!,
    latency1Ms: of((r) => r.latency1Ms),
  };
}

/** value(a) / value(b) for each round both sides measured, rows paired by round. */
export function roundRatios(a: BenchRow[], b: BenchRow[], value: (r: BenchRow) => number | undefined): number[] {
  const out: number[] = [];
  for (const ra of a) {
    const rb = b.find((r) => roundOf(r) === roundOf(ra));
    const x = value(ra);
    const y = rb && value(rb);
    if (x && y) out.push(x / y);
  }
  return out;
}

/** The median of the rounds' ratios (undefined when no round measured both sides). */
export function roundRatio(a: BenchRow[], b: BenchRow[], value: (r: BenchRow) => number | undefined): number | undefined {
  const ratios = roundRatios(a, b, value);
  return ratios.length > 0 ? median(ratios) : undefined;
}

const train = (r: BenchRow) => r.trainSeqPerSec;
const infer = (r: BenchRow) => r.inferSeqPerSec;
const latency = (r: BenchRow) => r.latency1Ms;

/** A run's rows by implementation, backend, cell and config: every round's rows, and their median. */
export interface Lookup {
  rowsOf(impl: string, backend: string, cell: string, config: string): BenchRow[];
  find(impl: string, backend: string, cell: string, config: string): BenchRow | undefined;
}

export function lookup(rows: BenchRow[]): Lookup {
  const rowsOf = (impl: string, backend: string, cell: string, config: string) =>
    rows.filter((r) => r.impl === impl && r.backend === backend && r.cell === cell && r.config === config);
  return { rowsOf, find: (impl, backend, cell, config) => medianRow(rowsOf(impl, backend, cell, config)) };
}

/** The configs and cells the fused path measured on wasm, in config order. */
function fusedKeys(rows: BenchRow[]): { config: string; cell: string }[] {
  const keys: { config: string; cell: string }[] = [];
  for (const r of rows) {
    if (r.impl === "fused" && r.backend === "wasm" && !keys.some((k) => k.config === r.config && k.cell === r.cell)) {
      keys.push({ config: r.config, cell: r.cell });
    }
  }
  return keys.sort((a, b) => a.config.localeCompare(b.config));
}

/** How many rounds a run measured (older runs: one). */
function roundsOf(report: BenchReport): number {
  return report.rounds ?? Math.max(1, ...report.rows.map(roundOf));
}

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
function arithmeticTable(report: BenchReport, keys: { config: string; cell: string }[], { find }: Lookup): string[] {
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

/** Issue 16's throughput target: the fused path at least this many times PyTorch 1.13's sequences per second. */
const TARGET_RATIO = 1.5;

/**
 * Issue 16's targets for one config and cell: the rounds' ratios fused / PyTorch 1.13 (training, inference; met
 * when their median reaches TARGET_RATIO), and whether the batch-1 latency beat both PyTorch releases (median of
 * the rounds' PyTorch / fused; undefined when not measured).
 */
function targetsOf({ rowsOf }: Lookup, config: string, cell: string): { train: number[]; infer: number[]; latencyMet?: boolean } {
  const fused = rowsOf("fused", "wasm", cell, config);
  const [p2, p1] = ["pytorch-2.13", "pytorch-1.13"].map((impl) => rowsOf(impl, "cpu", cell, config));
  const slower = [roundRatio(p2, fused, latency), roundRatio(p1, fused, latency)];
  return {
    train: roundRatios(fused, p1, train),
    infer: roundRatios(fused, p1, infer),
    latencyMet: slower.some((x) => x === undefined) ? undefined : slower.every((x) => x! > 1),
  };
}

/**
 * Issue 16's targets, row by row: training and inference >= 1.5x PyTorch 1.13, batch-1 latency below both
 * PyTorch releases. A missed throughput target also says what arithmetic rate it needs, as a share of the
 * kernels' ceiling (near or above 100%, no WebAssembly kernel on this machine can meet it: 128-bit vectors are
 * all WebAssembly SIMD has, where PyTorch's libraries use the CPU's 256- or 512-bit ones). With several rounds,
 * the ratio is the median of the rounds' ratios and their range follows it.
 */
function targetTable(report: BenchReport, keys: { config: string; cell: string }[], look: Lookup): string[] {
  const { rowsOf, find } = look;
  const ceiling = fusedCeiling(report)?.gflops;
  const throughput = (config: string, cell: string, ratios: number[], value: (r: BenchRow) => number, kind: "train" | "infer") => {
    if (ratios.length === 0) return "not measured";
    const ref = rowsOf("pytorch-1.13", "cpu", cell, config);
    const x = median(ratios);
    const range = ratios.length > 1 ? `; rounds ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x` : "";
    if (x >= TARGET_RATIO) return `met (${x.toFixed(2)}x${range})`;
    const c = CONFIGS[config];
    if (!c || !ceiling) return `**not met** (${x.toFixed(2)}x${range})`;
    const f = flopsPerSequence(c, cell as BenchRow["cell"]);
    const needed = (TARGET_RATIO * value(medianRow(ref)!) * (kind === "train" ? f.train : f.forward)) / 1e9;
    return `**not met** (${x.toFixed(2)}x${range}; ${TARGET_RATIO}x needs ${needed.toFixed(0)} GFLOP/s, ${((100 * needed) / ceiling).toFixed(0)}% of the ceiling)`;
  };
  const lines = [
    "Issue 16's targets in this run (fused on wasm; the ceiling as above):",
    "",
    `| config | cell | training >= ${TARGET_RATIO}x PyTorch 1.13 | inference >= ${TARGET_RATIO}x PyTorch 1.13 | batch-1 latency below PyTorch 2.13 and 1.13 |`,
    "|---|---|---|---|---|",
  ];
  for (const { config, cell } of keys) {
    const t = targetsOf(look, config, cell);
    const refLatencies = ["pytorch-2.13", "pytorch-1.13"].map((impl) => ms(find(impl, "cpu", cell, config)?.latency1Ms));
    const latencyCell = t.latencyMet === undefined
      ? "not measured"
      : t.latencyMet ? "met" : `**not met** (${ms(find("fused", "wasm", cell, config)?.latency1Ms)} ms vs ${refLatencies.join(" / ")})`;
    lines.push(`| ${config} | ${cell} | ${throughput(config, cell, t.train, train, "train")} | ${throughput(config, cell, t.infer, infer, "infer")} | ${latencyCell} |`);
  }
  return lines;
}

export function speedTables(report: BenchReport): string {
  const rows = report.rows;
  const look = lookup(rows);
  const { rowsOf, find } = look;
  const torch = (version: string) => rows.find((r) => r.impl === `pytorch-${version}`);
  const t213 = torch("2.13");
  const t113 = torch("1.13");
  const pairs = (r: BenchRow | undefined) => (r ? `${int(r.trainSeqPerSec)} / ${int(r.inferSeqPerSec)}` : "-");
  const both = (a: BenchRow[], b: BenchRow[]) =>
    a.length > 0 && b.length > 0 ? `${times(roundRatio(a, b, train))} / ${times(roundRatio(a, b, infer))}` : "-";
  const keys = fusedKeys(rows);
  const rounds = roundsOf(report);
  const timing = rounds > 1
    ? `the fused rows and the PyTorch references of each config and cell measured in ${rounds} alternating rounds; each figure the median over the rounds of the median of ${report.repeats} runs of at least ${report.minSeconds} s after a warm-up, each ratio the median of the rounds' own ratios`
    : `median of ${report.repeats} runs of at least ${report.minSeconds} s after a warm-up`;
  const fused0 = rows.find((r) => r.impl === "fused" && r.backend === "wasm");
  const load = report.loadAverage.map((l) => l.toFixed(1)).join(" -> ");
  const lines: string[] = [
    `Measured ${report.date.slice(0, 10)} with \`npm run bench${benchOptions(report)}\` on ${report.cores} cores (${report.cpu ?? "CPU unknown"}), Node ${report.node ?? "?"}, load average ${load}; ${timing}. Fused: ${fused0?.kernels ?? "?"} on ${fused0?.threads ?? "?"} threads. PyTorch ${t213?.torchVersion ?? "2.13 (not measured)"} from the bench venv and ${t113?.torchVersion ?? "1.13 (not measured)"} (Debian, OpenBLAS ${report.openblasCoreType ?? "?"} core, one BLAS thread), 2 torch threads each${flushNote(t213, t113)}. Train / inference sequences per second; ratios train / inference.`,
    ...(Math.max(...report.loadAverage) > report.cores
      ? ["", `**The machine was busy during this run (load average above its ${report.cores} cores): wall-clock figures, PyTorch's above all (its threads spin while waiting), are not comparable. Rerun on an idle machine.**`]
      : []),
    "",
    "| config | cell | fused (wasm) | step-wise (wasm) | `tf.layers` (wasm) | PyTorch 2.13 | PyTorch 1.13 | fused / `tf.layers` | fused / 2.13 | fused / 1.13 |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { config, cell } of keys) {
    const [fused, stepwise, tfl] = ["fused", "stepwise", "tf.layers"].map((impl) => rowsOf(impl, "wasm", cell, config));
    const [p2, p1] = ["pytorch-2.13", "pytorch-1.13"].map((impl) => rowsOf(impl, "cpu", cell, config));
    lines.push(`| ${config} | ${cell} | ${[fused, stepwise, tfl, p2, p1].map((r) => pairs(medianRow(r))).join(" | ")} | ${both(fused, tfl)} | ${both(fused, p2)} | ${both(fused, p1)} |`);
  }
  lines.push("", ...arithmeticTable(report, keys, look));
  lines.push("", "Inference latency on one sequence (batch 1), milliseconds, median of single calls:", "");
  lines.push("| config | cell | fused (wasm) | PyTorch 2.13 | PyTorch 1.13 | 2.13 / fused | 1.13 / fused |", "|---|---|---:|---:|---:|---:|---:|");
  for (const { config, cell } of keys) {
    const fused = rowsOf("fused", "wasm", cell, config);
    const [p2, p1] = ["pytorch-2.13", "pytorch-1.13"].map((impl) => rowsOf(impl, "cpu", cell, config));
    const cells = [fused, p2, p1].map((r) => ms(medianRow(r)?.latency1Ms));
    lines.push(`| ${config} | ${cell} | ${cells.join(" | ")} | ${times(roundRatio(p2, fused, latency))} | ${times(roundRatio(p1, fused, latency))} |`);
  }
  lines.push("", ...targetTable(report, keys, look));
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

/** The counts behind the machines table: how many of a run's targets were met, of how many measured. */
function targetCounts(report: BenchReport): { met: number; measured: number } {
  const look = lookup(report.rows);
  let met = 0;
  let measured = 0;
  for (const { config, cell } of fusedKeys(report.rows)) {
    const t = targetsOf(look, config, cell);
    for (const ratios of [t.train, t.infer]) {
      if (ratios.length === 0) continue;
      measured++;
      if (median(ratios) >= TARGET_RATIO) met++;
    }
    if (t.latencyMet !== undefined) {
      measured++;
      if (t.latencyMet) met++;
    }
  }
  return { met, measured };
}

/** "AVX-512" or "AVX2" from the OpenBLAS core the run chose by the CPU's flags (bench/references.ts). */
function vectorWidth(report: BenchReport): string {
  if (report.openblasCoreType === "SkylakeX") return ", AVX-512";
  if (report.openblasCoreType === "Haswell") return ", AVX2";
  return "";
}

/**
 * Issue 16's throughput targets on every machine kept: fused / PyTorch 1.13, training / inference (the median of
 * the rounds' ratios), one column per run, and how many targets each run met.
 */
export function machinesTable(runs: BenchReport[]): string {
  if (runs.length === 0) return "No full bench run is kept in results/bench/machines/ yet.";
  const keys = fusedKeys(runs.flatMap((r) => r.rows));
  const names = runs.map((r) => `${r.date.slice(0, 10)}, ${r.cpu ?? "CPU unknown"}${vectorWidth(r)}`);
  const lines = [
    "The same ratios on every machine a full bench run was kept from (results/bench/machines/, one JSON per machine and day): fused (wasm) / PyTorch 1.13, training / inference, each the median of its run's rounds:",
    "",
    `| config | cell | ${names.join(" | ")} |`,
    `|---|---|${names.map(() => "---:").join("|")}|`,
  ];
  for (const { config, cell } of keys) {
    const ratios = runs.map((run) => {
      const { rowsOf } = lookup(run.rows);
      const fused = rowsOf("fused", "wasm", cell, config);
      const p1 = rowsOf("pytorch-1.13", "cpu", cell, config);
      const x = roundRatio(fused, p1, train);
      const y = roundRatio(fused, p1, infer);
      return x === undefined && y === undefined ? "-" : `${times(x)} / ${times(y)}`;
    });
    lines.push(`| ${config} | ${cell} | ${ratios.join(" | ")} |`);
  }
  const counts = runs.map(targetCounts).map(({ met, measured }) => `${met} of ${measured}`);
  lines.push(`| | issue 16's targets met | ${counts.join(" | ")} |`);
  const peaks = runs.map((r) => (r.peak ? `${r.peak.gflopsOneThread.toFixed(1)}` : "-"));
  lines.push(`| | kernels' best product, GFLOP/s on one thread | ${peaks.join(" | ")} |`);
  const rounds = runs.map((r) => `${roundsOf(r)}`);
  lines.push(`| | rounds | ${rounds.join(" | ")} |`);
  return lines.join("\n");
}

/** The kept runs, oldest first (by the time each run started). */
function keptRuns(dir: string): BenchReport[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as BenchReport)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The kept runs' folder, results/bench/machines/ of this checkout, whatever JSON the tables are written from (a
 * table regenerated from an older JSON elsewhere still shows every kept run).
 */
export const MACHINES_DIR = path.resolve(__dirname, "..", "..", "results", "bench", "machines");

/** Where a run is kept: <dir>/<date>-<cpu>.json. */
export function keptRunFile(dir: string, report: Pick<BenchReport, "date" | "cpu">): string {
  const cpu = (report.cpu ?? "cpu").toLowerCase().replace(/\((r|tm)\)/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return path.join(dir, `${report.date.slice(0, 10)}-${cpu}.json`);
}

/** Keep a full run's JSON (a later run on the same machine and day replaces it); returns where. */
export function keepRun(jsonFile: string, dir = MACHINES_DIR): string {
  const text = fs.readFileSync(jsonFile, "utf8");
  const file = keptRunFile(dir, JSON.parse(text) as BenchReport);
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, text);
  return file;
}

function replaceBlock(text: string, start: string, end: string, body: string, readme: string): string {
  const at = text.indexOf(start);
  const to = text.indexOf(end);
  if (at < 0 || to < at) throw new Error(`${readme} has no ${start} ... ${end} markers: add them where the table belongs`);
  return `${text.slice(0, at + start.length)}\n${body}\n${text.slice(to)}`;
}

/** One line naming what is wrong with a README the tables are to be written into, before anything is measured. */
export function checkReadme(readme: string): void {
  if (!fs.existsSync(readme)) throw new UsageError(`bench: ${readme} does not exist: pass the README whose speed tables to rewrite (--readme README.md)`);
  const text = fs.readFileSync(readme, "utf8");
  if (!text.includes(START) || !text.includes(END)) {
    throw new UsageError(`bench: ${readme} has no ${START} ... ${END} markers: add them where the speed tables belong`);
  }
}

/**
 * Rewrite the speed tables from `jsonFile`, and the machines table (when the file has its markers) from the
 * kept runs.
 */
export function regenerateReadme(readme: string, jsonFile: string, machinesDir = MACHINES_DIR): void {
  let text = fs.readFileSync(readme, "utf8");
  const report = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as BenchReport;
  text = replaceBlock(text, START, END, speedTables(report), readme);
  if (text.includes(MACHINES_START)) {
    const kept = keptRuns(machinesDir);
    text = replaceBlock(text, MACHINES_START, MACHINES_END, machinesTable(kept), readme);
  }
  writeFileAtomic(readme, text);
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
  if (typeof parsed.flags.readme === "string") {
    checkReadme(parsed.flags.readme);
    regenerateReadme(parsed.flags.readme, json);
  }
  else console.log(speedTables(JSON.parse(fs.readFileSync(json, "utf8")) as BenchReport));
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
