/**
 * A suite run end to end: check that the output folder belongs to these task specs, run every unfinished
 * job (each task's data prepared once per process), then write summary.json, summary.md and report.html
 * from every finished record. Jobs run one by one here; `--job` runs a single one, so a scheduler can run
 * many at once on many machines, and a later run without `--job` merges their files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { currentBackend } from "../backend";
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from "../io";
import { SCHEMA_VERSION, dataFingerprint, fingerprintMismatch, provenance, type DataFingerprint } from "./provenance";
import { renderReport } from "./report";
import { createJobRunner } from "./job-runner";
import { runJobs } from "./runner";
import { taskModels, suiteJobs } from "./specs";
import { jobId, readFinishedRun, runFile, taskFile } from "./store";
import { machineDescription, summariseTask, summaryMarkdown, type Summary } from "./summary";
import type { Job, RunRecord, SuiteSpec, TaskSpec } from "./types";
import { packageVersions, validateRunRecord } from "./validate-record";

export { createJobRunner, type JobRunner, type JobRunnerOptions, type KeptModel, type PreparedTask } from "./job-runner";

/**
 * The log line of a finished job: its first four metrics, its training time and the job's whole wall time (at large
 * sizes scoring every test window can take longer than training).
 */
function headline(record: RunRecord, jobSeconds: number): string {
  const metrics = Object.entries(record.metrics)
    .slice(0, 4)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(", ");
  return `${metrics} (train ${record.trainSeconds.toFixed(1)} s, job ${jobSeconds.toFixed(1)} s)`;
}

/** What `<out>/runs/<task>/task.json` holds: the task spec, the scale it was made at and its data fingerprint. */
export type StoredTask = TaskSpec & { scale?: string; data: TaskSpec["data"]; dataFingerprint?: DataFingerprint };

/** The stored spec of `task` in `outDir` without the fields that are not settings. */
function storedSpec(stored: StoredTask): TaskSpec {
  const { scale: _scale, dataFingerprint: _fingerprint, ...spec } = stored;
  return spec as TaskSpec;
}

/**
 * Refuse an output folder whose runs were made with different settings for a task of the same name (resuming
 * would mix them). The settings are stored as `<out>/runs/<task>/task.json` by `claimOutputFolder`. When the folder
 * was made at another scale, the message names it and the flag that selects it.
 */
export function checkOutputFolder(outDir: string, tasks: TaskSpec[], scale?: string): void {
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
    throw new Error(`--out ${outDir} is a file, not a folder: choose a folder for the results`);
  }
  for (const task of tasks) {
    const file = taskFile(outDir, task.name);
    const stored = readJsonIfExists<StoredTask>(file);
    if (stored === undefined) continue;
    if (JSON.stringify(storedSpec(stored)) !== JSON.stringify(task)) {
      if (stored.scale !== undefined && scale !== undefined && stored.scale !== scale) {
        throw new Error(`${outDir} holds runs of task '${task.name}' made at the ${stored.scale} scale, not ${scale}: pass --scale ${stored.scale} (or use another --out)`);
      }
      throw new Error(
        `${outDir} already holds runs of task '${task.name}' made with other settings (see ${file}): use another --out, or delete that folder to start again`,
      );
    }
  }
}

/** The data fingerprint stored with `task` in `outDir` (undefined for a new folder or one made before fingerprints). */
export function storedFingerprint(outDir: string, task: string): DataFingerprint | undefined {
  return readJsonIfExists<StoredTask>(taskFile(outDir, task))?.dataFingerprint;
}

/** `checkOutputFolder`, then record the settings (and scale and data fingerprint) of tasks new to the folder or whose data changed. */
export function claimOutputFolder(outDir: string, tasks: TaskSpec[], scale?: string, fingerprints?: Map<string, DataFingerprint>): void {
  checkOutputFolder(outDir, tasks, scale);
  for (const task of tasks) {
    const file = taskFile(outDir, task.name);
    const fingerprint = fingerprints?.get(task.name);
    const stored = readJsonIfExists<StoredTask>(file);
    if (stored === undefined || (fingerprint && fingerprintMismatch(stored.dataFingerprint, fingerprint))) {
      writeJsonAtomic(file, { ...task, ...(scale ? { scale } : {}), ...(fingerprint ? { dataFingerprint: fingerprint } : {}) });
    }
  }
}

/**
 * The finished records of a suite's jobs in `outDir` (only those made from the data each task's fingerprint names,
 * when one is given), and the ids of the jobs that have not finished. `strict` (a merge, a report): a record file
 * that is not a valid record is an error naming the file, instead of a job to run again.
 */
export function readSuiteRecords(
  suite: SuiteSpec,
  outDir: string,
  options: { strict?: boolean; fingerprints?: Map<string, DataFingerprint | undefined> } = {},
): { records: RunRecord[]; missing: string[] } {
  const records: RunRecord[] = [];
  const missing: string[] = [];
  for (const job of suiteJobs(suite)) {
    let record = readFinishedRun<RunRecord>(outDir, job);
    const file = runFile(outDir, job);
    if (options.strict && fs.existsSync(file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (err) {
        throw new Error(`${file} is not valid JSON (${(err as Error).message.split("\n")[0]}): delete it and run its job again`);
      }
      record = validateRunRecord(parsed, file);
    }
    const wanted = options.fingerprints?.get(job.task);
    if (record && wanted && fingerprintMismatch(record.dataFingerprint, wanted)) record = undefined; // made from other data
    if (record) records.push(record);
    else missing.push(jobId(job));
  }
  return { records, missing };
}

/** Summarise the finished records of a suite's jobs (missing ones are listed, not invented). */
export function summariseRecords(suite: SuiteSpec, records: RunRecord[], missing: string[]): Summary {
  const backends = [...new Set(records.map((r) => r.backend))];
  return {
    schemaVersion: SCHEMA_VERSION,
    provenance: provenance(),
    packageVersions: packageVersions(records),
    scale: suite.scale,
    backend: backends.length > 0 ? backends.join(" + ") : currentBackend() ?? "unknown",
    machine: machineDescription(),
    createdAt: new Date().toISOString(),
    tasks: suite.tasks
      .filter((task) => records.some((r) => r.task === task.name))
      .map((task) => summariseTask(task, records, taskModels(task, suite.cells))),
    missing,
  };
}

/** The data fingerprint each task's task.json in `outDir` holds (what a merge accepts records against). */
function folderFingerprints(suite: SuiteSpec, outDir: string): Map<string, DataFingerprint | undefined> {
  return new Map(suite.tasks.map((task) => [task.name, storedFingerprint(outDir, task.name)]));
}

/** Summarise the finished records of a suite's jobs stored in `outDir`. */
export function summariseSuite(suite: SuiteSpec, outDir: string): { summary: Summary; records: RunRecord[] } {
  const { records, missing } = readSuiteRecords(suite, outDir, { fingerprints: folderFingerprints(suite, outDir) });
  return { summary: summariseRecords(suite, records, missing), records };
}

/** Write summary.json, summary.md and report.html into `outDir` from these records; returns the summary. */
function writeSummary(suite: SuiteSpec, outDir: string, records: RunRecord[], missing: string[], reportTitle?: string): Summary {
  const summary = summariseRecords(suite, records, missing);
  writeJsonAtomic(path.join(outDir, "summary.json"), summary);
  writeFileAtomic(path.join(outDir, "summary.md"), summaryMarkdown(summary));
  writeFileAtomic(path.join(outDir, "report.html"), renderReport(summary, records, reportTitle));
  return summary;
}

/**
 * Write summary.json, summary.md and report.html into `outDir` from the runs stored there (a merge); returns the
 * summary. Every record file is validated first: a malformed one is an error naming it, and nothing is written.
 */
export function writeSummaryFiles(suite: SuiteSpec, outDir: string, reportTitle?: string): Summary {
  const { records, missing } = readSuiteRecords(suite, outDir, { strict: true, fingerprints: folderFingerprints(suite, outDir) });
  return writeSummary(suite, outDir, records, missing, reportTitle);
}

export interface RunSuiteOptions {
  outDir: string;
  log?: (line: string) => void;
  reportTitle?: string;
  /** Run only these jobs of the suite (a --job, a --shard); the summary still covers the whole suite. */
  jobs?: Job[];
  /**
   * Never discard stored runs: when a task's data or preprocessing changed since its runs were stored, stop with
   * the reason instead of starting that task fresh.
   */
  resumeAnyway?: boolean;
  /** Called after each job that ran here is stored (not for skipped ones), e.g. to log the run's progress. */
  onStored?: (record: RunRecord) => void;
}

/**
 * Run every unfinished job of `suite` into `outDir`, then write the summary files. A stored run counts as finished
 * only when it was made from the same data (fingerprint: the input's sha256 and the task settings); when the data
 * changed, the task starts fresh (the log says so) or, with `resumeAnyway`, the run stops with the reason. The data
 * of every task with unfinished jobs is loaded first, so bad data fails before anything is written. Returns the
 * summary, the records finished in the folder (earlier, now, or by other workers), and the jobs other workers hold.
 */
export async function runSuite(
  suite: SuiteSpec,
  options: RunSuiteOptions,
): Promise<{ summary: Summary; records: RunRecord[]; ran: number; skipped: number; busy: string[] }> {
  const { outDir } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  checkOutputFolder(outDir, suite.tasks, suite.scale);
  const jobs = options.jobs ?? suiteJobs(suite);
  const fingerprints = new Map(suite.tasks.map((task) => [task.name, dataFingerprint(task)]));
  for (const task of suite.tasks) {
    const stored = storedFingerprint(outDir, task.name);
    const hasRuns = suiteJobs(suite).some((job) => job.task === task.name && readFinishedRun(outDir, job));
    const changed = hasRuns ? fingerprintMismatch(stored, fingerprints.get(task.name)!) : undefined;
    if (changed === undefined) continue;
    if (options.resumeAnyway) {
      throw new Error(`cannot resume task '${task.name}' in ${outDir}: ${changed}: its stored runs would not match the data; run without --resume-anyway to start it fresh`);
    }
    log(`${task.name}: the data changed: ${changed}; its stored runs are not reused, starting fresh`);
  }
  const reusable = (stored: RunRecord) => fingerprintMismatch(stored.dataFingerprint, fingerprints.get(stored.task)!) === undefined;
  const runner = createJobRunner(suite.tasks);
  for (const task of suite.tasks) {
    const unfinished = (job: Job) => {
      const stored = readFinishedRun<RunRecord>(outDir, job);
      return !stored || !reusable(stored);
    };
    if (jobs.some((job) => job.task === task.name && unfinished(job))) runner.prepare(task.name);
  }
  claimOutputFolder(outDir, suite.tasks, suite.scale, fingerprints);
  const { ran, skipped, busy } = await runJobs(jobs, runner.run, { outDir, log, describe: headline, reuse: reusable, onStored: options.onStored });
  const { records, missing } = readSuiteRecords(suite, outDir, { fingerprints });
  const summary = writeSummary(suite, outDir, records, missing, options.reportTitle);
  return { summary, records, ran, skipped, busy };
}
