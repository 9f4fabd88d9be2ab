/**
 * Large-CSV benchmark (issue 11): a seeded single-column series of N rows written to a temp dir, then measured in a
 * child process under `/usr/bin/time -v` (elapsed time and peak resident memory), niced:
 *
 *   load     loadCsv(file) alone
 *   prepare  loadCsv + what `forecast` does before training (split, scaler fitted on train, windows per part)
 *   forecast the whole `rnn-workbook forecast --csv FILE --target value --scale quick` command, end to end
 *
 * Goal (issue 11): 5,000,000 rows through `forecast --scale quick` in under 10 minutes with peak RSS under 1.5 GB.
 * Not a test: figures depend on the machine and its load, so each stage also records the CPU seconds it used
 * (user + system, from the same report) and the 1-minute load average sampled while it ran.
 *
 *   node dist/bench/large-csv.js [--rows 1000000,5000000] [--stages load,prepare,forecast] [--json FILE] [--keep]
 *                                [--readme README.md]            measure, then write the README block
 *   node dist/bench/large-csv.js --from-json FILE --readme README.md   only write the README block from a JSON
 *
 * The README block stands between `<!-- generated:large-csv -->` and `<!-- /generated:large-csv -->`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeFileAtomic, writeJsonAtomic } from "../lib/io";

const STAGES = ["load", "prepare", "forecast"] as const;
type Stage = (typeof STAGES)[number];

const SPECS = {
  rows: { kind: "list" as const, help: "row counts to measure", default: ["1000000", "5000000"] },
  stages: { kind: "list" as const, help: "what to measure", choices: STAGES, default: ["load", "prepare"] },
  "time-limit": { kind: "int" as const, help: "seconds after which a stage is stopped (reported as not finished)", default: 1800 },
  json: { kind: "string" as const, help: "also write the rows to this JSON file" },
  readme: { kind: "string" as const, help: "replace the generated:large-csv block of this file with the figures" },
  "from-json": { kind: "string" as const, help: "measure nothing: read the figures from this JSON (with --readme)" },
  keep: { kind: "boolean" as const, help: "keep the generated CSV files and forecast output (their folder is printed)" },
};

const root = path.resolve(__dirname, "..", "..");

/** One measured figure set. */
export interface LargeCsvRow {
  bench: "large-csv";
  stage: Stage;
  rows: number;
  megabytes: number;
  seconds: number | null;
  /** User + system CPU seconds of the measured process (its threads included). */
  cpuSeconds: number | null;
  peakRssMb: number | null;
  /** The 1-minute load average sampled every 5 s while the stage ran: lowest, mean, highest. */
  loadDuring: { min: number; mean: number; max: number } | null;
  exitCode: number | null;
  finished: boolean;
  detail: string;
}

/**
 * Write `rows` values of a noisy daily-and-weekly pattern (x_t = 10 sin(2 pi t / 24) + 3 sin(2 pi t / 168) + e_t,
 * e_t from a fixed LCG) under a `value` header, in 1 MB pieces so the generator itself stays small.
 */
export function writeSeriesCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, "w");
  try {
    let seed = 12345;
    let piece = "value\n";
    for (let t = 0; t < rows; t++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed / 4294967296 - 0.5) * 2;
      const x = 10 * Math.sin((2 * Math.PI * t) / 24) + 3 * Math.sin((2 * Math.PI * t) / 168) + noise;
      piece += String(x) + "\n"; // full precision, as a program writing floats would
      if (piece.length > 1 << 20) {
        fs.writeSync(fd, piece);
        piece = "";
      }
    }
    fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
}

/** The child side of `load` and `prepare`: runs in its own process so /usr/bin/time sees only it. */
async function child(stage: "load" | "prepare", file: string): Promise<void> {
  const { loadCsv } = await import("../lib/data/load");
  const start = process.hrtime.bigint();
  if (stage === "load") {
    const series = loadCsv(file, { target: "value" });
    console.log(JSON.stringify({ rows: series.length, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
    return;
  }
  const { prepareForecast } = await import("../lib/experiments/forecast-task");
  const { userForecastTask } = await import("../lib/experiments/specs");
  const task = userForecastTask({ csv: file, target: "value" }, { lookback: 24, horizon: 1, season: 1 }, "quick");
  const prepared = prepareForecast(task);
  const windows = prepared.scaled.train.count + prepared.scaled.validation.count + prepared.scaled.test.count;
  console.log(JSON.stringify({ rows: prepared.series.length, windows, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
}

/**
 * Run `argv` under `nice -n 10 /usr/bin/time -v` and read elapsed time, CPU time and peak RSS from its report
 * (written to a file, so the child's own output can go straight to the screen: `show` for the forecast command's
 * progress), sampling the load average while it runs.
 */
async function measure(
  argv: string[],
  timeLimit: number,
  env: NodeJS.ProcessEnv,
  show: boolean,
): Promise<{ seconds: number | null; cpuSeconds: number | null; peakRssMb: number | null; exitCode: number | null; stdout: string; stderr: string; loadDuring: LargeCsvRow["loadDuring"] }> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-time-")), "time.txt");
  const loads: number[] = [os.loadavg()[0]];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]), 5000);
  const child = spawn("nice", ["-n", "10", "/usr/bin/time", "-v", "-o", report, ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", show ? "inherit" : "pipe", show ? "inherit" : "pipe"],
    detached: true, // its own process group, so the time limit stops node too and not only /usr/bin/time
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), timeLimit * 1000);
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  clearTimeout(timer);
  clearInterval(sampler);
  loads.push(os.loadavg()[0]);
  const text = fs.existsSync(report) ? fs.readFileSync(report, "utf8") : "";
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
  const user = /User time \(seconds\): ([\d.]+)/.exec(text);
  const system = /System time \(seconds\): ([\d.]+)/.exec(text);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : null;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    seconds,
    cpuSeconds: user && system ? round2(Number(user[1]) + Number(system[1])) : null,
    peakRssMb: rss ? Number(rss[1]) / 1024 : null,
    exitCode,
    stdout,
    stderr,
    loadDuring: { min: round2(Math.min(...loads)), mean: round2(loads.reduce((a, b) => a + b, 0) / loads.length), max: round2(Math.max(...loads)) },
  };
}

/** What the bench JSON holds. */
export interface LargeCsvReport {
  date: string;
  node: string;
  cores: number;
  loadAverage: number[];
  rows: LargeCsvRow[];
}

const BLOCK = "large-csv";

/** The README block: one table row per measured stage, then whether the issue-11 goal was met, from the numbers. */
export function largeCsvBlock(report: LargeCsvReport): string {
  const fmt = (x: number | null, digits = 0) => (x === null ? "?" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const lines = [
    `Measured ${report.date.slice(0, 10)} with \`node dist/bench/large-csv.js --rows ${[...new Set(report.rows.map((r) => r.rows))].join(",")} ` +
      `--stages ${[...new Set(report.rows.map((r) => r.stage))].join(",")}\` (niced) on ${report.cores} cores, Node ${report.node}. ` +
      "CPU seconds are user + system time of the whole process (its worker threads included); the load average, sampled " +
      `every 5 s while a stage ran, shows how much else the machine was doing (above ${report.cores}: other work shared the cores).`,
    "",
    "| stage | rows | CSV (MB) | wall (s) | CPU (s) | peak RSS (MB) | load average during (min / mean / max) | finished |",
    "|---|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const r of report.rows) {
    const load = r.loadDuring ? `${r.loadDuring.min.toFixed(1)} / ${r.loadDuring.mean.toFixed(1)} / ${r.loadDuring.max.toFixed(1)}` : "?";
    lines.push(`| ${r.stage} | ${r.rows.toLocaleString("en-US")} | ${r.megabytes.toFixed(1)} | ${fmt(r.seconds, 1)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.peakRssMb)} | ${load} | ${r.finished ? "yes" : `no (${r.detail})`} |`);
  }
  const goal = report.rows.find((r) => r.stage === "forecast" && r.rows === 5_000_000);
  if (goal) {
    const inTime = goal.finished && goal.seconds !== null && goal.seconds < 600;
    const inMemory = goal.peakRssMb !== null && goal.peakRssMb < 1536;
    lines.push(
      "",
      `Goal (issue 11: 5,000,000 rows through \`forecast --scale quick\` in under 10 minutes, peak RSS under 1.5 GB): ` +
        `time ${inTime ? "met" : "**not met**"} (${fmt(goal.seconds)} s wall, ${fmt(goal.cpuSeconds)} CPU s), memory ${inMemory ? "met" : "**not met**"} (${fmt(goal.peakRssMb)} MB).`,
    );
  }
  return lines.join("\n");
}

/** Replace the large-csv block of `readme` (written atomically). */
export function writeReadmeBlock(readme: string, report: LargeCsvReport): void {
  const text = fs.readFileSync(readme, "utf8");
  const open = `<!-- generated:${BLOCK} -->`;
  const close = `<!-- /generated:${BLOCK} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new UsageError(`bench large-csv: ${readme} has no ${open} ... ${close} block: add the two markers`);
  writeFileAtomic(readme, `${text.slice(0, start + open.length)}\n${largeCsvBlock(report)}\n${text.slice(end)}`);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--child") {
    await child(argv[1] as "load" | "prepare", argv[2]);
    return 0;
  }
  const parsed = parseFlags("bench large-csv", argv, SPECS);
  if (parsed === null) {
    console.log(formatHelp("bench large-csv", "Time and peak memory of loading, preparing and forecasting a large single-column CSV.", SPECS));
    return 0;
  }
  const flags = parsed.flags;
  if (flags["from-json"]) {
    if (!flags.readme) throw new UsageError("bench large-csv: --from-json only writes the README block: add --readme README.md");
    writeReadmeBlock(flags.readme, JSON.parse(fs.readFileSync(flags["from-json"], "utf8")) as LargeCsvReport);
    return 0;
  }
  const rowCounts = (flags.rows as string[]).map((r) => {
    const n = Number(r);
    if (!Number.isInteger(n) || n < 100) throw new UsageError(`bench large-csv: --rows ${r} is not a row count: use e.g. 1000000`);
    return n;
  });
  const stages = flags.stages as Stage[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-large-csv-"));
  const results: LargeCsvRow[] = [];
  console.log(`large-csv bench in ${dir}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  try {
    for (const rows of rowCounts) {
      const file = path.join(dir, `series-${rows}.csv`);
      writeSeriesCsv(file, rows);
      const megabytes = fs.statSync(file).size / 1e6;
      for (const stage of stages) {
        const argv =
          stage === "forecast"
            ? [process.execPath, path.join(root, "dist", "lib", "cli", "index.js"), "forecast", "--csv", file, "--target", "value", "--scale", "quick", "--out", path.join(dir, `out-${rows}`)]
            : [process.execPath, __filename, "--child", stage, file];
        // The forecast command shows its own progress; the child stages are measured quietly.
        const m = await measure(argv, flags["time-limit"] as number, stage === "forecast" ? {} : { RNN_WORKBOOK_QUIET: "1" }, stage === "forecast");
        const finished = m.exitCode === 0;
        const lastLine = m.stdout.trim().split("\n").pop() ?? "";
        const row: LargeCsvRow = {
          bench: "large-csv",
          stage,
          rows,
          megabytes: Math.round(megabytes * 10) / 10,
          seconds: m.seconds,
          cpuSeconds: m.cpuSeconds,
          loadDuring: m.loadDuring,
          peakRssMb: m.peakRssMb === null ? null : Math.round(m.peakRssMb),
          exitCode: m.exitCode,
          finished,
          detail: finished
            ? stage === "forecast" ? "summary above" : lastLine
            : m.exitCode === null ? `stopped after ${flags["time-limit"]} s` : (m.stderr.split("\n").find((l) => l.startsWith("rnn-workbook:")) ?? `exit ${m.exitCode}`),
        };
        results.push(row);
        console.log(
          `${stage.padEnd(8)} ${String(rows).padStart(9)} rows ${row.megabytes.toFixed(1).padStart(6)} MB  ` +
            `${row.seconds === null ? "?" : row.seconds.toFixed(1)} s (${row.cpuSeconds ?? "?"} CPU s)  peak RSS ${row.peakRssMb ?? "?"} MB  ${finished ? "ok" : "NOT FINISHED"}  ${row.detail}`,
        );
      }
      if (!flags.keep) fs.rmSync(file, { force: true });
    }
  } finally {
    if (!flags.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const report: LargeCsvReport = { date: new Date().toISOString(), node: process.versions.node, cores: os.cpus().length, loadAverage: os.loadavg(), rows: results };
  if (flags.json) writeJsonAtomic(flags.json as string, report);
  if (flags.readme) writeReadmeBlock(flags.readme, report);
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
