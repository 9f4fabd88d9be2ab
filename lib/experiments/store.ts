/**
 * The run store: one JSON file per (task, model, seed) at `<out>/runs/<task>/<model>-seed<k>.json`,
 * written atomically (temporary file + rename). A file counts as finished only if it parses and says
 * `complete: true` for the same job, so an interrupted sweep resumes where it stopped and a damaged or
 * foreign file is simply run again.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeJsonAtomic } from "../io";
import type { Job, RunRecord } from "./types";

/** `task/model/seed<k>`: the id `--job` accepts and `--list-jobs` prints. */
export function jobId(job: Job): string {
  return `${job.task}/${job.model}/seed${job.seed}`;
}

export function runFile(outDir: string, job: Job): string {
  return path.join(outDir, "runs", job.task, `${job.model}-seed${job.seed}.json`);
}

/** The finished record of `job`, or undefined if it has not finished (missing, unreadable, incomplete or another job's). */
export function readFinishedRun(outDir: string, job: Job): RunRecord | undefined {
  const file = runFile(outDir, job);
  let record: Partial<RunRecord>;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<RunRecord>;
  } catch {
    return undefined;
  }
  const matches = record && record.complete === true && record.task === job.task && record.model === job.model && record.seed === job.seed;
  return matches ? (record as RunRecord) : undefined;
}

export function writeRun(outDir: string, record: RunRecord): string {
  const file = runFile(outDir, record);
  writeJsonAtomic(file, record);
  return file;
}

/** Every finished record under `<out>/runs`, whatever suite wrote it (for merging runs from many machines). */
export function readAllRuns(outDir: string): RunRecord[] {
  const root = path.join(outDir, "runs");
  if (!fs.existsSync(root)) return [];
  const records: RunRecord[] = [];
  for (const task of fs.readdirSync(root).sort()) {
    const dir = path.join(root, task);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith(".json")) continue;
      try {
        const record = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as RunRecord;
        if (record.complete === true && record.task === task) records.push(record);
      } catch {
        // half-written or damaged: not finished, it will be run again
      }
    }
  }
  return records;
}
