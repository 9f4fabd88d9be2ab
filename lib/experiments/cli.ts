/**
 * The experiment commands:
 *   rnn-workbook reproduce [--scale tiny|quick|full] [--only TASK,...] [--out DIR] [--job ID | --list-jobs | --merge]
 *   rnn-workbook forecast  --csv FILE --target COL [--time COL] [--features A,B] [--lookback N] [--horizon N] ...
 *   rnn-workbook sentiment --csv FILE --text COL --label COL [--max-len N] [--vocab N] ...
 * Every flag is checked and the data loaded before anything is written; results go to --out, one JSON per
 * (task, model, seed), so an interrupted run resumes where it stopped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { CELL_NAMES, type CellName } from "../cells/types";
import { UsageError, formatHelp, intList, parseFlags, type FlagSpec } from "../cli-util";
import { writeJsonAtomic } from "../io";
import { SCALES, builtinSuite, suiteJobs, userForecastTask, userSentimentTask, type Scale } from "./specs";
import { checkOutputFolder, claimOutputFolder, createJobRunner, runSuite, writeSummaryFiles } from "./suite";
import { jobId, readFinishedRun, writeRun } from "./store";
import { summaryMarkdown } from "./summary";
import type { DataSource, RunRecord, SuiteSpec, TaskSpec } from "./types";

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// reproduce

const REPRODUCE_FLAGS: Record<string, FlagSpec> = {
  scale: { kind: "string", help: "size of the suite", choices: SCALES, default: "quick" },
  only: { kind: "list", help: "run only these tasks (comma-separated names; --list-jobs shows them)" },
  out: { kind: "string", help: "output folder (default results/<scale>, so scales never mix)" },
  job: { kind: "string", help: "run one job only: its id (task/model/seedK) or its 1-based number in --list-jobs" },
  "list-jobs": { kind: "boolean", help: "print the id of every job, one per line, and exit" },
  merge: { kind: "boolean", help: "run nothing: write summary.md and report.html from the runs already in --out" },
};

function selectTasks(suite: SuiteSpec, only: string[] | undefined): SuiteSpec {
  if (!only) return suite;
  const names = suite.tasks.map((t) => t.name);
  for (const name of only) {
    if (!names.includes(name)) {
      throw new UsageError(`reproduce: --only has unknown task '${name}': the ${suite.scale} scale has ${names.join(", ")}`);
    }
  }
  return { ...suite, tasks: suite.tasks.filter((t) => only.includes(t.name)) };
}

export async function reproduceCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("reproduce", argv, REPRODUCE_FLAGS);
  if (!parsed) {
    console.log(formatHelp("reproduce", "Run the built-in experiments (every task x cell x seed, with baselines) and write summary.md and report.html.", REPRODUCE_FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const suite = selectTasks(builtinSuite(flags.scale as Scale), flags.only as string[] | undefined);
  const outDir = (flags.out as string | undefined) ?? path.join("results", suite.scale);
  const jobs = suiteJobs(suite);
  const modes = ["job", "list-jobs", "merge"].filter((m) => flags[m] !== undefined && flags[m] !== false);
  if (modes.length > 1) throw new UsageError(`reproduce: --${modes[0]} and --${modes[1]} cannot be combined: give one`);

  if (flags["list-jobs"]) {
    for (const job of jobs) console.log(jobId(job));
    return 0;
  }
  if (flags.merge) {
    checkOutputFolder(outDir, suite.tasks);
    const summary = writeSummaryFiles(suite, outDir);
    log(`wrote ${path.join(outDir, "summary.md")} and report.html from ${jobs.length - summary.missing.length} of ${jobs.length} runs`);
    return 0;
  }
  await initBackend();
  if (flags.job !== undefined) {
    const wanted = flags.job as string;
    const job = /^\d+$/.test(wanted) ? jobs[Number(wanted) - 1] : jobs.find((j) => jobId(j) === wanted);
    if (!job) {
      throw new UsageError(
        `reproduce: --job ${wanted} is not a job of the ${suite.scale} scale: use an id such as ${jobId(jobs[0])} or a number from 1 to ${jobs.length} (see --list-jobs)`,
      );
    }
    if (readFinishedRun<RunRecord>(outDir, job)) {
      log(`${jobId(job)}: finished earlier, nothing to do`);
      return 0;
    }
    const task = suite.tasks.find((t) => t.name === job.task) as TaskSpec;
    const runner = createJobRunner([task]);
    runner.prepare(task.name);
    claimOutputFolder(outDir, [task]);
    const file = writeRun(outDir, await runner.run(job));
    log(`${jobId(job)}: wrote ${file}`);
    return 0;
  }
  const { summary, ran, skipped } = await runSuite(suite, { outDir, log });
  process.stdout.write(summaryMarkdown(summary));
  log(`ran ${ran} job(s), skipped ${skipped} finished earlier; wrote ${path.join(outDir, "summary.md")}, summary.json and report.html`);
  return summary.missing.length === 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// forecast and sentiment on a user's CSV

const COMMON_FLAGS: Record<string, FlagSpec> = {
  cells: { kind: "list", help: "recurrent cells to compare", choices: CELL_NAMES, default: [...CELL_NAMES] },
  seeds: { kind: "list", help: "seeds to run, positive integers", default: ["1", "2", "3"] },
  scale: { kind: "string", help: "model size and training budget", choices: SCALES, default: "quick" },
  missing: { kind: "string", help: "what to do with missing values", choices: ["error", "drop", "interpolate", "ffill"], default: "error" },
};

const FORECAST_FLAGS: Record<string, FlagSpec> = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  target: { kind: "string", help: "numeric column to forecast (required)" },
  time: { kind: "string", help: "time column (default: a column named date, time, timestamp, datetime or ds)" },
  features: { kind: "list", help: "other numeric columns used as inputs" },
  lookback: { kind: "int", help: "input window in steps", default: 24 },
  horizon: { kind: "int", help: "steps forecast at once", default: 1 },
  season: { kind: "int", help: "seasonal period in steps (seasonal-naive baseline, MASE scale); 1 = none", default: 1 },
  difference: { kind: "boolean", help: "model changes instead of levels (for trending series such as prices)" },
  ...COMMON_FLAGS,
  out: { kind: "string", help: "output folder", default: "results/forecast" },
};

const SENTIMENT_FLAGS: Record<string, FlagSpec> = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  text: { kind: "string", help: "text column (required)" },
  label: { kind: "string", help: "two-class label column (required)" },
  "max-len": { kind: "int", help: "tokens kept per text (the end of longer texts)", default: 100, min: 3 },
  vocab: { kind: "int", help: "most frequent training words kept", default: 10000, min: 3 },
  ...COMMON_FLAGS,
  out: { kind: "string", help: "output folder", default: "results/sentiment" },
};

function required(command: string, flags: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    if (flags[name] === undefined) throw new UsageError(`${command}: --${name} is required: run \`rnn-workbook ${command} --help\``);
  }
  const csv = flags.csv as string;
  if (!fs.existsSync(csv)) throw new UsageError(`${command}: --csv ${csv} does not exist: give the path of a CSV file`);
  if (!fs.statSync(csv).isFile()) throw new UsageError(`${command}: --csv ${csv} is not a file: give the path of a CSV file`);
}

/** Run one task over cells x seeds into outDir and write results.json, summary.md and report.html. */
async function compareOnUserData(command: string, task: TaskSpec, flags: Record<string, unknown>): Promise<number> {
  const cells = flags.cells as CellName[];
  const seeds = intList(command, "seeds", flags.seeds as string[]);
  const suite: SuiteSpec = { scale: flags.scale as string, tasks: [task], cells, seeds };
  const outDir = flags.out as string;
  await initBackend();
  const { summary } = await runSuite(suite, { outDir, log, reportTitle: `rnn-workbook ${command}: ${task.title}` });
  const runs = suiteJobs(suite)
    .map((job) => readFinishedRun<RunRecord>(outDir, job))
    .filter((r) => r !== undefined);
  writeJsonAtomic(path.join(outDir, "results.json"), {
    task: task.kind,
    data: { ...task.data, ...(task.kind === "forecast" ? { lookback: task.lookback, horizon: task.horizon, season: task.season } : { maxLen: task.maxLen, vocabSize: task.vocabSize }) },
    scale: suite.scale,
    backend: summary.backend,
    machine: summary.machine,
    summary: summary.tasks[0],
    runs,
  });
  process.stdout.write(summaryMarkdown(summary));
  log(`wrote ${path.join(outDir, "results.json")}, summary.md and report.html`);
  return summary.missing.length === 0 ? 0 : 1;
}

export async function forecastCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("forecast", argv, FORECAST_FLAGS);
  if (!parsed) {
    console.log(formatHelp("forecast", "Compare RNN, LSTM and GRU with naive, seasonal-naive and linear-AR baselines on your own series.", FORECAST_FLAGS));
    return 0;
  }
  const { flags } = parsed;
  required("forecast", flags, ["csv", "target"]);
  const data: DataSource = {
    csv: flags.csv as string,
    target: flags.target as string,
    time: flags.time as string | undefined,
    features: flags.features as string[] | undefined,
    missing: flags.missing as DataSource["missing"],
  };
  const shape = {
    lookback: flags.lookback as number,
    horizon: flags.horizon as number,
    season: flags.season as number,
    differencing: flags.difference === true ? true : undefined,
  };
  if (shape.lookback < shape.season) {
    throw new UsageError(`forecast: --lookback ${shape.lookback} is shorter than --season ${shape.season}: the seasonal-naive baseline needs lookback >= season`);
  }
  return compareOnUserData("forecast", userForecastTask(data, shape, flags.scale as Scale), flags);
}

export async function sentimentCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("sentiment", argv, SENTIMENT_FLAGS);
  if (!parsed) {
    console.log(formatHelp("sentiment", "Compare RNN, LSTM and GRU with majority-class and bag-of-words baselines on your own labelled texts.", SENTIMENT_FLAGS));
    return 0;
  }
  const { flags } = parsed;
  required("sentiment", flags, ["csv", "text", "label"]);
  const data: DataSource = {
    csv: flags.csv as string,
    text: flags.text as string,
    label: flags.label as string,
    missing: flags.missing as DataSource["missing"],
  };
  const shape = { maxLen: flags["max-len"] as number, vocabSize: flags.vocab as number };
  return compareOnUserData("sentiment", userSentimentTask(data, shape, flags.scale as Scale), flags);
}
