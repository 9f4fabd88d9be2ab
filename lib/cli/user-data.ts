/**
 * What `forecast` and `sentiment` share: the flags common to both, the checks on --csv, and the comparison itself
 * (one task over cells x seeds into --out, then results.json, summary.md and report.html from the records the
 * run returned).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { CELL_NAMES, type CellName } from "../cells/types";
import { writeJsonAtomic } from "../io";
import { SCALES, type Scale } from "../experiments/specs";
import { runSuite } from "../experiments/suite";
import { summaryMarkdown } from "../experiments/summary";
import type { RunRecord, SuiteSpec, TaskSpec } from "../experiments/types";
import { UsageError } from "./common";

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Flags of both user-data commands. */
export const COMMON_FLAGS = {
  cells: { kind: "list", help: "recurrent cells to compare", choices: CELL_NAMES, default: [...CELL_NAMES] },
  seeds: { kind: "list", help: "seeds to run, integers 0 to 9007199254740991 (repeats run once)", default: ["1", "2", "3"] },
  scale: { kind: "string", help: "model size and training budget", choices: SCALES, default: "quick" },
  missing: { kind: "string", help: "what to do with missing values", choices: ["error", "drop", "interpolate", "ffill"], default: "error" },
  "resume-anyway": {
    kind: "boolean",
    help: "never discard stored runs: when the data or settings changed since --out's runs were made, stop with the reason (exit 1) instead of starting fresh (the default)",
  },
  delimiter: { kind: "string", help: "field separator, one character (';' for many spreadsheet exports; 'tab' for TSV)", default: "," },
} as const;

/** --delimiter as one character: `tab` and `\t` name the tab. */
export function delimiterFlag(command: string, raw: string): string {
  const value = raw === "tab" || raw === "\\t" ? "\t" : raw;
  if (value.length !== 1 || value === '"' || value === "\n" || value === "\r") {
    throw new UsageError(`${command}: --delimiter must be one character such as ';' or 'tab', got '${raw}'`);
  }
  return value;
}

/** --seeds as safe non-negative integers, repeats dropped with a note. */
export function seedList(command: string, items: readonly string[], note: (line: string) => void = log): number[] {
  const seeds = items.map((item) => {
    const value = Number(item);
    if (!/^\d+$/.test(item) || !Number.isSafeInteger(value)) {
      throw new UsageError(`${command}: --seeds must be integers from 0 to ${Number.MAX_SAFE_INTEGER} separated by commas, got '${item}'`);
    }
    return value;
  });
  return unique(command, "seeds", seeds, (seed) => `seed ${seed}`, note);
}

/** `values` without repeats; a repeat is noted once on stderr (a repeated run would only duplicate a result). */
export function unique<T>(command: string, flag: string, values: readonly T[], name: (value: T) => string, note: (line: string) => void = log): T[] {
  const kept = [...new Set(values)];
  if (kept.length < values.length) {
    const repeated = [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
    note(`${command}: --${flag} ${values.join(",")} repeats a value: running ${repeated.map(name).join(", ")} once`);
  }
  return kept;
}

/** --out must be a folder or creatable: no part of its path may be a file. */
export function checkOutPath(command: string, out: string): void {
  for (let dir = path.resolve(out); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir)) {
      if (!fs.statSync(dir).isDirectory()) {
        throw new Error(`${command}: --out ${out} cannot be a folder: ${dir} is a file: choose another --out`);
      }
      return;
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** The finished run records under `out` (what Ctrl-C reports). */
function finishedRuns(out: string): string[] {
  const runs = path.join(out, "runs");
  if (!fs.existsSync(runs)) return [];
  return fs.readdirSync(runs, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
    fs.readdirSync(path.join(runs, d.name)).filter((f) => f.endsWith(".json") && f !== "task.json").map((f) => `${d.name}/${f.replace(/\.json$/, "")}`),
  );
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** --csv (and the other `names`) given, and --csv an existing file. */
export function requireCsv(command: string, given: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) throw new UsageError(`${command}: --${name} is required: run \`rnn-workbook ${command} --help\``);
  }
  const csv = String(given.csv);
  // A path that holds no file is bad data (exit 1), like an empty file: the flags themselves were well formed.
  if (!fs.existsSync(csv)) throw new Error(`${command}: --csv ${csv} does not exist: give the path of a CSV file`);
  if (!fs.statSync(csv).isFile()) throw new Error(`${command}: --csv ${csv} is not a file: give the path of a CSV file`);
  return csv;
}

/** Run one task over cells x seeds into `out` and write results.json, summary.md and report.html. */
export async function compareOnUserData(
  command: string,
  task: TaskSpec,
  options: { cells: CellName[]; seeds: string[]; scale: Scale; out: string; "resume-anyway"?: boolean },
  /** A line printed under the summary (the sentiment command names its positive class). */
  footnote?: string,
  onRecords?: (records: RunRecord[]) => void,
): Promise<number> {
  const seeds = seedList(command, options.seeds);
  const cells = unique(command, "cells", options.cells, (cell) => cell);
  checkOutPath(command, options.out);
  const suite: SuiteSpec = { scale: options.scale, tasks: [task], cells, seeds };
  await initBackend();
  // Ctrl-C: every finished run is already saved (atomically); say so and how to resume, then exit 130.
  const onInterrupt = () => {
    const done = finishedRuns(options.out);
    log(`${command}: interrupted: ${done.length} run(s) finished and saved in ${options.out}${done.length ? ` (${done.join(", ")})` : ""}: rerun the same command to resume`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.once("SIGINT", onInterrupt);
  let result: Awaited<ReturnType<typeof runSuite>>;
  try {
    result = await runSuite(suite, { outDir: options.out, log, resumeAnyway: options["resume-anyway"] === true, reportTitle: `rnn-workbook ${command}: ${task.title}` });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  const { summary, records } = result;
  writeJsonAtomic(path.join(options.out, "results.json"), {
    schemaVersion: summary.schemaVersion,
    provenance: summary.provenance,
    task: task.kind,
    data: { ...task.data, ...(task.kind === "forecast" ? { lookback: task.lookback, horizon: task.horizon, season: task.season } : task.kind === "sentiment" ? { maxLen: task.maxLen, vocabSize: task.vocabSize } : {}) },
    scale: suite.scale,
    backend: summary.backend,
    machine: summary.machine,
    summary: summary.tasks[0],
    runs: records,
  });
  process.stdout.write(summaryMarkdown(summary));
  if (footnote) process.stdout.write(`${footnote}\n`);
  onRecords?.(records);
  log(`wrote ${path.join(options.out, "results.json")}, summary.md and report.html`);
  return summary.missing.length === 0 ? 0 : 1;
}
