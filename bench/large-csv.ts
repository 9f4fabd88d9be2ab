/**
 * Large-CSV benchmark (issue 11): a seeded single-column series of N rows written to a temp dir, then measured in a
 * child process under `/usr/bin/time -v` (elapsed time and peak resident memory), niced:
 *
 *   load     loadCsv(file) alone
 *   prepare  loadCsv + what `forecast` does before training (split, scaler fitted on train, windows per part)
 *   forecast the whole `rnn-workbook forecast --csv FILE --target value --scale quick` command, end to end
 *
 * Goal (issue 11): 5,000,000 rows through `forecast --scale quick` in under 10 minutes with peak RSS under 1.5 GB.
 * Not a test: figures depend on the machine and its load (the load average is printed with them).
 *
 *   node dist/bench/large-csv.js [--rows 1000000,5000000] [--stages load,prepare,forecast] [--json FILE] [--keep]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatHelp, parseFlags, runMain, UsageError } from "../lib/cli/common";
import { writeJsonAtomic } from "../lib/io";

const STAGES = ["load", "prepare", "forecast"] as const;
type Stage = (typeof STAGES)[number];

const SPECS = {
  rows: { kind: "list" as const, help: "row counts to measure", default: ["1000000", "5000000"] },
  stages: { kind: "list" as const, help: "what to measure", choices: STAGES, default: ["load", "prepare"] },
  "time-limit": { kind: "int" as const, help: "seconds after which a stage is stopped (reported as not finished)", default: 1800 },
  json: { kind: "string" as const, help: "also write the rows to this JSON file" },
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
  peakRssMb: number | null;
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
 * Run `argv` under `nice -n 10 /usr/bin/time -v` and read elapsed time and peak RSS from its report (written to a
 * file, so the child's own output can go straight to the screen: `show` for the forecast command's progress).
 */
function measure(
  argv: string[],
  timeLimit: number,
  env: NodeJS.ProcessEnv,
  show: boolean,
): { seconds: number | null; peakRssMb: number | null; exitCode: number | null; stdout: string; stderr: string } {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-time-")), "time.txt");
  const r = spawnSync("nice", ["-n", "10", "/usr/bin/time", "-v", "-o", report, ...argv], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: timeLimit * 1000,
    killSignal: "SIGKILL",
    maxBuffer: 64 << 20,
    stdio: ["ignore", show ? "inherit" : "pipe", show ? "inherit" : "pipe"],
  });
  const text = fs.existsSync(report) ? fs.readFileSync(report, "utf8") : "";
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : null;
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : null, exitCode: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
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
        const m = measure(argv, flags["time-limit"] as number, stage === "forecast" ? {} : { RNN_WORKBOOK_QUIET: "1" }, stage === "forecast");
        const finished = m.exitCode === 0;
        const lastLine = m.stdout.trim().split("\n").pop() ?? "";
        const row: LargeCsvRow = {
          bench: "large-csv",
          stage,
          rows,
          megabytes: Math.round(megabytes * 10) / 10,
          seconds: m.seconds,
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
            `${row.seconds === null ? "?" : row.seconds.toFixed(1)} s  peak RSS ${row.peakRssMb ?? "?"} MB  ${finished ? "ok" : "NOT FINISHED"}  ${row.detail}`,
        );
      }
      if (!flags.keep) fs.rmSync(file, { force: true });
    }
  } finally {
    if (!flags.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  if (flags.json) writeJsonAtomic(flags.json as string, { loadAverage: os.loadavg(), rows: results });
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
