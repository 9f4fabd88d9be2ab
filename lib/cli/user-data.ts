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
import { UsageError, intList } from "./common";

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Flags of both user-data commands. */
export const COMMON_FLAGS = {
  cells: { kind: "list", help: "recurrent cells to compare", choices: CELL_NAMES, default: [...CELL_NAMES] },
  seeds: { kind: "list", help: "seeds to run, positive integers", default: ["1", "2", "3"] },
  scale: { kind: "string", help: "model size and training budget", choices: SCALES, default: "quick" },
  missing: { kind: "string", help: "what to do with missing values", choices: ["error", "drop", "interpolate", "ffill"], default: "error" },
} as const;

/** --csv (and the other `names`) given, and --csv an existing file. */
export function requireCsv(command: string, given: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) throw new UsageError(`${command}: --${name} is required: run \`rnn-workbook ${command} --help\``);
  }
  const csv = String(given.csv);
  if (!fs.existsSync(csv)) throw new UsageError(`${command}: --csv ${csv} does not exist: give the path of a CSV file`);
  if (!fs.statSync(csv).isFile()) throw new UsageError(`${command}: --csv ${csv} is not a file: give the path of a CSV file`);
  return csv;
}

/** Run one task over cells x seeds into `out` and write results.json, summary.md and report.html. */
export async function compareOnUserData(
  command: string,
  task: TaskSpec,
  options: { cells: CellName[]; seeds: string[]; scale: Scale; out: string },
  onRecords?: (records: RunRecord[]) => void,
): Promise<number> {
  const seeds = intList(command, "seeds", options.seeds);
  const suite: SuiteSpec = { scale: options.scale, tasks: [task], cells: options.cells, seeds };
  await initBackend();
  const { summary, records } = await runSuite(suite, { outDir: options.out, log, reportTitle: `rnn-workbook ${command}: ${task.title}` });
  writeJsonAtomic(path.join(options.out, "results.json"), {
    task: task.kind,
    data: { ...task.data, ...(task.kind === "forecast" ? { lookback: task.lookback, horizon: task.horizon, season: task.season } : task.kind === "sentiment" ? { maxLen: task.maxLen, vocabSize: task.vocabSize } : {}) },
    scale: suite.scale,
    backend: summary.backend,
    machine: summary.machine,
    summary: summary.tasks[0],
    runs: records,
  });
  process.stdout.write(summaryMarkdown(summary));
  onRecords?.(records);
  log(`wrote ${path.join(options.out, "results.json")}, summary.md and report.html`);
  return summary.missing.length === 0 ? 0 : 1;
}
