/**
 * The run store, the one resumable record of finished work: one JSON file per run at
 *
 *     <out>/runs/<task>/<model>-seed<k>.json            a suite job (task, model, seed)
 *     <out>/runs/<task>/<model>-T<length>-seed<k>.json  a sweep run (task, model, sequence length, seed)
 *     <out>/runs/<task>/<model>-<variant>-seed<k>.json  a tuning trial (variant: a hash of its setting and data)
 *
 * written atomically (temporary file + rename). A file counts as finished only if it parses and says
 * `complete: true` for the same key, so an interrupted run resumes where it stopped and a damaged or foreign
 * file is simply run again. The suite, the user-data commands, the memory sweep and the tuning grids (tune.ts) all
 * store through here.
 * Beside a record, `<file>.claim` marks a job a worker is running (claims.ts); readers skip it. Whether a finished
 * record may stand for a job now (same data, same settings) is the caller's `reuse` decision (runner.ts, suite.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeJsonAtomic } from "../io";

/** What identifies one run. `length` only for runs of a sweep over sequence lengths, `variant` only for tuning trials. */
export interface RunKey {
  task: string;
  model: string;
  seed: number;
  length?: number;
  /** One setting of a tuning grid on one data set: a short hash of both (tune.ts `trialVariant`). */
  variant?: string;
}

/** The fields every stored record carries besides its own content. */
export interface StoredRun extends RunKey {
  complete: true;
}

/** `task/model/seed<k>` (or `task/model/T<length>/seed<k>`, `task/model/<variant>/seed<k>`): the id `--job` accepts and `--list-jobs` prints. */
export function jobId(key: RunKey): string {
  const length = key.length === undefined ? "" : `/T${key.length}`;
  const variant = key.variant === undefined ? "" : `/${key.variant}`;
  return `${key.task}/${key.model}${length}${variant}/seed${key.seed}`;
}

/** Where the record of `key` lives under `outDir`. */
export function runFile(outDir: string, key: RunKey): string {
  const length = key.length === undefined ? "" : `-T${key.length}`;
  const variant = key.variant === undefined ? "" : `-${key.variant}`;
  return path.join(outDir, "runs", key.task, `${key.model}${length}${variant}-seed${key.seed}.json`);
}

/** Where a task's settings (and the fingerprint of the data its runs were made from) live under `outDir`. */
export function taskFile(outDir: string, task: string): string {
  return path.join(outDir, "runs", task, "task.json");
}

function readRecord<R>(file: string): (Partial<StoredRun> & R) | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<StoredRun> & R;
  } catch {
    return undefined; // half-written or damaged: not finished, it will be run again
  }
}

/** The finished record of `key`, or undefined if it has not finished (missing, unreadable, incomplete or another run's). */
export function readFinishedRun<R extends RunKey = RunKey>(outDir: string, key: RunKey): R | undefined {
  const record = readRecord<R>(runFile(outDir, key));
  const matches =
    record !== undefined &&
    record !== null &&
    record.complete === true &&
    record.task === key.task &&
    record.model === key.model &&
    record.seed === key.seed &&
    record.length === key.length &&
    record.variant === key.variant;
  return matches ? (record as R) : undefined;
}

/** Store a finished record (its own task, model, seed, length and variant say where); returns the file written. */
export function writeRun<R extends StoredRun>(outDir: string, record: R): string {
  const file = runFile(outDir, record);
  writeJsonAtomic(file, record);
  return file;
}

/**
 * Every finished record under `<out>/runs` (or only `task`'s), whatever run wrote it: for merging runs made on
 * many machines, and for sweeps that another sweep with more lengths or seeds extends.
 */
export function readAllRuns<R extends RunKey = RunKey>(outDir: string, task?: string): R[] {
  const root = path.join(outDir, "runs");
  if (!fs.existsSync(root)) return [];
  const records: R[] = [];
  for (const name of task === undefined ? fs.readdirSync(root).sort() : [task]) {
    const dir = path.join(root, name);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(".json") || file === "task.json") continue;
      const record = readRecord<R>(path.join(dir, file));
      if (record && record.complete === true && record.task === name) records.push(record as R);
    }
  }
  return records;
}
