/**
 * `rnn-workbook reproduce [--scale tiny|quick|full] [--only TASK,...] [--out DIR] [--job ID | --list-jobs | --merge]`:
 * the built-in experiments (every task x cell x seed, with baselines) into --out, one JSON per job, so an
 * interrupted run resumes where it stopped; `--job` runs one job (many machines can share the work) and
 * `--merge` writes the summary from the runs already there.
 */
import * as path from "node:path";
import { initBackend } from "../backend";
import { SCALES, builtinSuite, suiteJobs } from "../experiments/specs";
import { jobId, readFinishedRun, writeRun } from "../experiments/store";
import { checkOutputFolder, claimOutputFolder, createJobRunner, runSuite, writeSummaryFiles } from "../experiments/suite";
import { summaryMarkdown } from "../experiments/summary";
import type { RunRecord, SuiteSpec } from "../experiments/types";
import { UsageError, formatHelp, parseFlags } from "./common";

const log = (line: string) => process.stderr.write(`${line}\n`);

const FLAGS = {
  scale: { kind: "string", help: "size of the suite", choices: SCALES, default: "quick" },
  only: { kind: "list", help: "run only these tasks (comma-separated names; --list-jobs shows them)" },
  out: { kind: "string", help: "output folder (default results/<scale>, so scales never mix)" },
  job: { kind: "string", help: "run one job only: its id (task/model/seedK) or its 1-based number in --list-jobs" },
  "list-jobs": { kind: "boolean", help: "print the id of every job, one per line, and exit" },
  merge: { kind: "boolean", help: "run nothing: write summary.md and report.html from the runs already in --out" },
} as const;

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
  const parsed = parseFlags("reproduce", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("reproduce", "Run the built-in experiments (every task x cell x seed, with baselines) and write summary.md and report.html.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const suite = selectTasks(builtinSuite(flags.scale), flags.only);
  const outDir = flags.out ?? path.join("results", suite.scale);
  const jobs = suiteJobs(suite);
  const modes = [
    ["job", flags.job !== undefined],
    ["list-jobs", flags["list-jobs"] === true],
    ["merge", flags.merge === true],
  ].filter(([, given]) => given);
  if (modes.length > 1) throw new UsageError(`reproduce: --${modes[0][0]} and --${modes[1][0]} cannot be combined: give one`);

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
    const wanted = flags.job;
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
    const task = suite.tasks.filter((t) => t.name === job.task);
    const runner = createJobRunner(task);
    runner.prepare(job.task);
    claimOutputFolder(outDir, task);
    const file = writeRun(outDir, await runner.run(job));
    log(`${jobId(job)}: wrote ${file}`);
    return 0;
  }
  const { summary, ran, skipped } = await runSuite(suite, { outDir, log });
  process.stdout.write(summaryMarkdown(summary));
  log(`ran ${ran} job(s), skipped ${skipped} finished earlier; wrote ${path.join(outDir, "summary.md")}, summary.json and report.html`);
  return summary.missing.length === 0 ? 0 : 1;
}
