/**
 * The job runner a notebook (and the suite) runs single jobs with: each task's data is prepared the first time a job
 * of it runs, and `run(job)` trains and scores one (task, model, seed). With `outDir` every run is written to the run
 * store (store.ts) as soon as it finishes, tagged with its `origin` (e.g. "chapter 06"), beside the task's settings
 * in `runs/<task>/task.json`; a later `run` of the same job reuses the stored record only while its data fingerprint
 * (the input file's sha256 and the hash of the task settings, provenance.ts) still matches, and replays its stored
 * learning curve through `onEpochEnd`. Chapters 06-08 store their runs this way under `<results>/notebooks/<scale>`,
 * where chapter 10 collects them (results-index.ts, `findResults`).
 */
import type * as tf from "@tensorflow/tfjs";
import { currentBackend } from "../backend";
import { readJsonIfExists, writeJsonAtomic } from "../io";
import type { Seq2SeqModel } from "../models/seq2seq";
import type { EpochInfo } from "../train/fit";
import { prepareForecast, runForecastJob, type PreparedForecast } from "./forecast-task";
import { prepareLanguageModel, runLanguageModelJob, type PreparedLanguageModel } from "./language-model-task";
import { SCHEMA_VERSION, dataFingerprint, fingerprintMismatch, provenance, type DataFingerprint } from "./provenance";
import { prepareSentiment, runSentimentJob, type PreparedSentiment } from "./sentiment-task";
import { prepareSeq2Seq, runSeq2SeqJob, type PreparedSeq2Seq } from "./seq2seq-task";
import { readFinishedRun, taskFile, writeRun } from "./store";
import type { Job, RunRecord, TaskSpec } from "./types";

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

/** A trained network kept after its job: a character language model, or an encoder-decoder (seq2seq tasks). */
export type KeptModel = tf.LayersModel | Seq2SeqModel;

type JobOutcome = { record: Omit<RunRecord, "backend" | "finishedAt">; model?: KeptModel };

/** Run one job on its prepared task; the record without backend and finish time, and the network if kept. */
async function runPreparedJob(
  data: PreparedTask,
  job: Job,
  onEpochEnd: ((info: EpochInfo) => void | Promise<void>) | undefined,
  keepModel: boolean,
): Promise<JobOutcome> {
  switch (data.task.kind) {
    case "forecast":
      return { record: await runForecastJob(data as PreparedForecast, job, onEpochEnd) };
    case "sentiment":
      return { record: await runSentimentJob(data as PreparedSentiment, job, onEpochEnd) };
    case "language-model":
      return (await runLanguageModelJob(data as PreparedLanguageModel, job, { onEpochEnd, keepModel })) as JobOutcome;
    case "seq2seq":
      return (await runSeq2SeqJob(data as PreparedSeq2Seq, job, { onEpochEnd, keepModel })) as JobOutcome;
  }
}

/** Runs the jobs of a suite's tasks, preparing each task's data the first time it is needed. */
export interface JobRunner {
  /** Load and preprocess a task's data (once per process); throws the data's errors before anything runs. */
  prepare(taskName: string): PreparedTask;
  /** Train and score one job, or (with `outDir`) return its stored record when that still matches the data. */
  run(job: Job): Promise<RunRecord>;
  /**
   * Like `run`, and a recurrent job of a language-model or seq2seq task also returns its trained network (the
   * caller disposes it): a notebook samples text from it, decodes with it, or looks inside it. It always trains
   * (a stored record has no network); with `outDir` the new record is stored as `run` stores it.
   */
  runKeepingModel(job: Job): Promise<{ record: RunRecord; model?: KeptModel }>;
}

/** How `createJobRunner` reports epochs, and whether (and where) it stores and reuses runs. */
export interface JobRunnerOptions {
  /** Called after every training epoch of a recurrent model (and, for a reused run, once per stored epoch). */
  onEpochEnd?: (job: Job, info: EpochInfo) => void | Promise<void>;
  /** The run store's folder: each run is written there and reused while its data fingerprint matches. Without it nothing is stored. */
  outDir?: string;
  /** Stored with each new run as its `origin` ("chapter 06"), so a reader of a shared folder can say where a run came from. */
  origin?: string;
  /** Told when a stored run is reused (default: silent). */
  log?: (line: string) => void;
}

/**
 * Runs jobs of these tasks, preparing each task's data the first time it is needed. `onEpochEnd` is called after
 * every training epoch of a recurrent model, e.g. to draw live curves in a notebook; `outDir` keeps the runs on disk:
 *   const curves = new rw.plot.LiveLearningCurves();
 *   const runner = rw.experiments.createJobRunner(suite.tasks, {
 *     onEpochEnd: (job, e) => curves.add(job.model, e.loss, e.valLoss),
 *     outDir: "results/notebooks/quick", origin: "chapter 06",
 *   });
 */
export function createJobRunner(tasks: TaskSpec[], options: JobRunnerOptions = {}): JobRunner {
  const prepared = new Map<string, PreparedTask>();
  const fingerprints = new Map<string, DataFingerprint>();
  const taskNamed = (taskName: string) => {
    const task = tasks.find((t) => t.name === taskName);
    if (!task) throw new Error(`no task '${taskName}' in this suite: use one of ${tasks.map((t) => t.name).join(", ")}`);
    return task;
  };
  // Hashing the input is cheap next to preparing it, so a stored run is checked without loading the data.
  const fingerprintOf = (task: TaskSpec) => {
    let fingerprint = fingerprints.get(task.name);
    if (!fingerprint) {
      fingerprint = dataFingerprint(task);
      fingerprints.set(task.name, fingerprint);
    }
    return fingerprint;
  };
  const prepare = (taskName: string) => {
    const task = taskNamed(taskName);
    let data = prepared.get(task.name);
    if (!data) {
      fingerprintOf(task); // before reading, so the record names the bytes it was made from
      data = prepareTask(task);
      prepared.set(task.name, data);
    }
    return data;
  };
  const onEpochEnd = (job: Job) => options.onEpochEnd && ((info: EpochInfo) => options.onEpochEnd!(job, info));
  const train = async (job: Job, keepModel: boolean): Promise<{ record: RunRecord; model?: KeptModel }> => {
    const task = taskNamed(job.task);
    const data = prepare(job.task);
    const outcome = await runPreparedJob(data, job, onEpochEnd(job), keepModel);
    const record: RunRecord = {
      ...outcome.record,
      backend: currentBackend() ?? "unknown",
      finishedAt: new Date().toISOString(),
      schemaVersion: SCHEMA_VERSION,
      provenance: provenance(),
      dataFingerprint: fingerprints.get(job.task),
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
    };
    if (options.outDir !== undefined) storeRun(options.outDir, task, record);
    return outcome.model === undefined ? { record } : { record, model: outcome.model };
  };
  const run = async (job: Job): Promise<RunRecord> => {
    const stored = options.outDir === undefined ? undefined : reusableRun(options.outDir, job, fingerprintOf(taskNamed(job.task)));
    if (stored) {
      options.log?.(`${job.task}/${job.model}/seed${job.seed}: the stored run (${stored.origin ?? "origin unknown"}, ${stored.finishedAt}) is reused`);
      await replayHistory(stored, onEpochEnd(job));
      return stored;
    }
    return (await train(job, false)).record;
  };
  return { prepare, run, runKeepingModel: (job) => train(job, true) };
}

/** The stored record of `job` if it was made from this data with these settings (a record without a fingerprint is not trusted). */
function reusableRun(outDir: string, job: Job, fingerprint: DataFingerprint): RunRecord | undefined {
  const stored = readFinishedRun<RunRecord>(outDir, job);
  return stored?.dataFingerprint !== undefined && fingerprintMismatch(stored.dataFingerprint, fingerprint) === undefined ? stored : undefined;
}

/** What `<out>/runs/<task>/task.json` holds: the spec and the fingerprint of the data its newest runs were made from. */
export type StoredTaskSpec = TaskSpec & { dataFingerprint?: DataFingerprint };

/** Write the record, and the task's settings when they are new to the folder or changed (runs of older settings then no longer count). */
function storeRun(outDir: string, task: TaskSpec, record: RunRecord): void {
  const file = taskFile(outDir, task.name);
  const stored = readJsonIfExists<StoredTaskSpec>(file);
  if (!stored?.dataFingerprint || fingerprintMismatch(stored.dataFingerprint, record.dataFingerprint!) !== undefined) {
    writeJsonAtomic(file, { ...task, dataFingerprint: record.dataFingerprint });
  }
  writeRun(outDir, record);
}

/**
 * Feed a reused run's stored learning curve to `onEpochEnd`, so live charts show it as if it had just trained. The
 * epochs' own times were not stored: each gets an even share of the run's training time.
 */
async function replayHistory(record: RunRecord, onEpochEnd: ((info: EpochInfo) => void | Promise<void>) | undefined): Promise<void> {
  if (!onEpochEnd || !record.history) return;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const [i, h] of record.history.entries()) {
    const loss = h.valLoss ?? h.loss;
    const best = loss < bestLoss;
    if (best) bestLoss = loss;
    await onEpochEnd({ epoch: i + 1, loss: h.loss, valLoss: h.valLoss, seconds: (record.trainSeconds * (i + 1)) / record.history.length, best });
  }
}
