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
import type { EpochInfo } from "../train/fit";
import { prepareForecast, runForecastJob, type PreparedForecast } from "./forecast-task";
import { prepareLanguageModel, runLanguageModelJob, type PreparedLanguageModel } from "./language-model-task";
import { prepareSeq2Seq, runSeq2SeqJob, type PreparedSeq2Seq } from "./seq2seq-task";
import { renderReport } from "./report";
import { runJobs } from "./runner";
import { prepareSentiment, runSentimentJob, type PreparedSentiment } from "./sentiment-task";
import { taskModels, suiteJobs } from "./specs";
import { jobId, readFinishedRun } from "./store";
import { machineDescription, summariseTask, summaryMarkdown, type Summary } from "./summary";
import type { Job, RunRecord, SuiteSpec, TaskSpec } from "./types";

/** A task's data, loaded and preprocessed once, shared by its jobs. */
export type PreparedTask = PreparedForecast | PreparedSentiment | PreparedLanguageModel | PreparedSeq2Seq;

function prepareTask(task: TaskSpec): PreparedTask {
  switch (task.kind) {
    case "forecast":
      return prepareForecast(task);
    case "sentiment":
      return prepareSentiment(task);
    case "language-model":
      return prepareLanguageModel(task);
    case "seq2seq":
      return prepareSeq2Seq(task);
  }
}

/** Run one job on its prepared task; the record without backend and finish time. */
async function runPreparedJob(data: PreparedTask, job: Job, onEpochEnd?: (info: EpochInfo) => void | Promise<void>) {
  switch (data.task.kind) {
    case "forecast":
      return runForecastJob(data as PreparedForecast, job, onEpochEnd);
    case "sentiment":
      return runSentimentJob(data as PreparedSentiment, job, onEpochEnd);
    case "language-model":
      return (await runLanguageModelJob(data as PreparedLanguageModel, job, { onEpochEnd })).record as Omit<RunRecord, "backend" | "finishedAt">;
    case "seq2seq":
      return (await runSeq2SeqJob(data as PreparedSeq2Seq, job, { onEpochEnd })).record as Omit<RunRecord, "backend" | "finishedAt">;
  }
}

/** Runs the jobs of a suite's tasks, preparing each task's data the first time it is needed. */
export interface JobRunner {
  /** Load and preprocess a task's data (once per process); throws the data's errors before anything runs. */
  prepare(taskName: string): PreparedTask;
  run(job: Job): Promise<RunRecord>;
}

/**
 * Runs jobs of these tasks, preparing each task's data the first time it is needed. `onEpochEnd` is called after
 * every training epoch of a recurrent model, e.g. to draw live curves in a notebook:
 *   const curves = new rw.plot.LiveLearningCurves();
 *   const runner = rw.experiments.createJobRunner(suite.tasks, { onEpochEnd: (job, e) => curves.add(job.model, e.loss, e.valLoss) });
 */
export function createJobRunner(
  tasks: TaskSpec[],
  hooks: { onEpochEnd?: (job: Job, info: EpochInfo) => void | Promise<void> } = {},
): JobRunner {
  const prepared = new Map<string, PreparedTask>();
  const prepare = (taskName: string) => {
    const task = tasks.find((t) => t.name === taskName);
    if (!task) throw new Error(`no task '${taskName}' in this suite: use one of ${tasks.map((t) => t.name).join(", ")}`);
    let data = prepared.get(task.name);
    if (!data) {
      data = prepareTask(task);
      prepared.set(task.name, data);
    }
    return data;
  };
  const run = async (job: Job): Promise<RunRecord> => {
    const data = prepare(job.task);
    const onEpochEnd = hooks.onEpochEnd && ((info: EpochInfo) => hooks.onEpochEnd!(job, info));
    const record = await runPreparedJob(data, job, onEpochEnd);
    return { ...record, backend: currentBackend() ?? "unknown", finishedAt: new Date().toISOString() };
  };
  return { prepare, run };
}

/** The log line of a finished job: its first four metrics and its training time. */
function headline(record: RunRecord): string {
  const metrics = Object.entries(record.metrics)
    .slice(0, 4)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(", ");
  return `${metrics} (${record.trainSeconds.toFixed(1)} s)`;
}

/**
 * Refuse an output folder whose runs were made with different settings for a task of the same name (resuming
 * would mix them). The settings are stored as `<out>/runs/<task>/task.json` by `claimOutputFolder`.
 */
export function checkOutputFolder(outDir: string, tasks: TaskSpec[]): void {
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
    throw new Error(`--out ${outDir} is a file, not a folder: choose a folder for the results`);
  }
  for (const task of tasks) {
    const file = path.join(outDir, "runs", task.name, "task.json");
    const stored = readJsonIfExists<TaskSpec>(file);
    if (stored === undefined) continue;
    if (JSON.stringify(stored) !== JSON.stringify(task)) {
      throw new Error(
        `${outDir} already holds runs of task '${task.name}' made with other settings (see ${file}): use another --out, or delete that folder to start again`,
      );
    }
  }
}

/** `checkOutputFolder`, then record the settings of tasks new to the folder. */
export function claimOutputFolder(outDir: string, tasks: TaskSpec[]): void {
  checkOutputFolder(outDir, tasks);
  for (const task of tasks) {
    const file = path.join(outDir, "runs", task.name, "task.json");
    if (!fs.existsSync(file)) writeJsonAtomic(file, task);
  }
}

/** The finished records of a suite's jobs in `outDir`, and the ids of the jobs that have not finished. */
export function readSuiteRecords(suite: SuiteSpec, outDir: string): { records: RunRecord[]; missing: string[] } {
  const records: RunRecord[] = [];
  const missing: string[] = [];
  for (const job of suiteJobs(suite)) {
    const record = readFinishedRun<RunRecord>(outDir, job);
    if (record) records.push(record);
    else missing.push(jobId(job));
  }
  return { records, missing };
}

/** Summarise the finished records of a suite's jobs (missing ones are listed, not invented). */
export function summariseRecords(suite: SuiteSpec, records: RunRecord[], missing: string[]): Summary {
  const backends = [...new Set(records.map((r) => r.backend))];
  return {
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

/** Summarise the finished records of a suite's jobs stored in `outDir`. */
export function summariseSuite(suite: SuiteSpec, outDir: string): { summary: Summary; records: RunRecord[] } {
  const { records, missing } = readSuiteRecords(suite, outDir);
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

/** Write summary.json, summary.md and report.html into `outDir` from the runs stored there; returns the summary. */
export function writeSummaryFiles(suite: SuiteSpec, outDir: string, reportTitle?: string): Summary {
  const { records, missing } = readSuiteRecords(suite, outDir);
  return writeSummary(suite, outDir, records, missing, reportTitle);
}

/**
 * Run every unfinished job of `suite` into `outDir`, then write the summary files. The data of every task with
 * unfinished jobs is loaded first, so bad data fails before anything is written. Returns the summary and every
 * job's record (finished earlier or now), in job order.
 */
export async function runSuite(
  suite: SuiteSpec,
  options: { outDir: string; log?: (line: string) => void; reportTitle?: string },
): Promise<{ summary: Summary; records: RunRecord[]; ran: number; skipped: number }> {
  checkOutputFolder(options.outDir, suite.tasks);
  const jobs = suiteJobs(suite);
  const runner = createJobRunner(suite.tasks);
  for (const task of suite.tasks) {
    if (jobs.some((job) => job.task === task.name && !readFinishedRun(options.outDir, job))) runner.prepare(task.name);
  }
  claimOutputFolder(options.outDir, suite.tasks);
  const { records, ran, skipped } = await runJobs(jobs, runner.run, { outDir: options.outDir, log: options.log, describe: headline });
  const summary = writeSummary(suite, options.outDir, records, [], options.reportTitle);
  return { summary, records, ran, skipped };
}
