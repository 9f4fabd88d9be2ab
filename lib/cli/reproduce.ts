/**
 * `rnn-workbook reproduce [--scale tiny|quick|full] [--only TASK,...] [--out DIR] [--job ID | --shard K/N | --list-jobs | --merge]`:
 * the built-in experiments (every task x cell x seed, with baselines) into --out, one JSON per job, so an
 * interrupted run resumes where it stopped; `--job`/`--shard` (or the environment, see jobs.ts) run part of the jobs,
 * any number of workers may share one folder (claims), and `--merge` writes the summary from the runs already there.
 * Each run that trains at least one job logs its command, start, end, the jobs it ran and the load to its own file
 * `<out>/wall/<id>.json` (wall-log.ts), from which the README's wall-time lines are generated. Ctrl-C (SIGINT), SIGTERM
 * and SIGHUP record the run as interrupted and exit 128 + the signal's number: 130, 143 and 129.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../backend";
import { SCALES, builtinSuite, suiteJobs } from "../experiments/specs";
import { jobId } from "../experiments/store";
import { checkOutputFolder, runSuite, writeSummaryFiles } from "../experiments/suite";
import { summaryMarkdown } from "../experiments/summary";
import type { SuiteSpec } from "../experiments/types";
import { WALL_DIR, startWallLog } from "../experiments/wall-log";
import { UsageError, formatHelp, parseFlags } from "./common";
import { JOB_FLAGS, formatJobList, selectJobs } from "./jobs";

const log = (line: string) => process.stderr.write(`${line}\n`);

const FLAGS = {
  scale: { kind: "string", help: "size of the suite (a folder made at another scale is refused with its scale named)", choices: SCALES, default: "quick" },
  only: { kind: "list", help: "run only these tasks (comma-separated names; --list-jobs shows them)" },
  out: { kind: "string", help: "output folder (default results/<scale>, so scales never mix)" },
  ...JOB_FLAGS,
  merge: { kind: "boolean", help: "run nothing: validate the runs already in --out and write summary.md and report.html from them" },
  "resume-anyway": {
    kind: "boolean",
    help: "never discard stored runs: if a task's data or settings changed since its runs were stored, stop with the reason (exit 1) instead of starting that task fresh",
  },
} as const;

const HELP =
  "Run the built-in experiments (every task x cell x seed, with baselines) and write summary.md and report.html.\n" +
  "Rerunning resumes; a run made from other data (its file's sha256 or the task settings) is not reused.\n" +
  "Any number of workers may share one --out: each job is claimed first (<run file>.claim, taken over once it\n" +
  "expires after RNN_WORKBOOK_CLAIM_TTL seconds, default 300), so none runs twice; then --merge.\n" +
  `A run that trains any job writes its command, start and end, the jobs it ran and load averages to <out>/${WALL_DIR}/<id>.json;\n` +
  "Ctrl-C, SIGTERM and SIGHUP record the run as interrupted and exit 130, 143 and 129.";

/** An argument as a POSIX shell would need it typed (quoted only when it has to be). */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

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
    console.log(formatHelp("reproduce", HELP, FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const suite = selectTasks(builtinSuite(flags.scale), flags.only);
  const outDir = flags.out ?? path.join("results", suite.scale);
  const jobs = suiteJobs(suite);
  const modes = [
    ["job", flags.job !== undefined],
    ["shard", flags.shard !== undefined],
    ["list-jobs", flags["list-jobs"] === true],
    ["merge", flags.merge === true],
  ].filter(([, given]) => given);
  if (modes.length > 1) throw new UsageError(`reproduce: --${modes[0][0]} and --${modes[1][0]} cannot be combined: give one`);
  if (flags.json && !flags["list-jobs"]) throw new UsageError("reproduce: --json goes with --list-jobs: add --list-jobs");

  if (flags["list-jobs"]) {
    console.log(formatJobList(jobs, flags.json === true));
    return 0;
  }
  if (flags.merge) {
    if (!fs.existsSync(outDir)) throw new Error(`--out ${outDir} does not exist: give the folder the runs were written to`);
    checkOutputFolder(outDir, suite.tasks, suite.scale);
    const summary = writeSummaryFiles(suite, outDir);
    const versions = summary.packageVersions ?? [];
    if (versions.length > 1) log(`warning: the runs in ${outDir} come from different rnn-workbook versions (${versions.join(", ")}): compare them with care`);
    log(`wrote ${path.join(outDir, "summary.md")} and report.html from ${jobs.length - summary.missing.length} of ${jobs.length} runs`);
    return 0;
  }
  const selected = selectJobs("reproduce", jobs, flags, `the ${suite.scale} scale`);
  await initBackend();
  const wall = startWallLog(
    outDir,
    {
      command: ["rnn-workbook", "reproduce", ...argv].map(shellWord).join(" "),
      tasks: [...new Set(selected.jobs.map((job) => job.task))],
      ...(selected.subset ? { jobs: selected.jobs.map(jobId) } : {}),
    },
    { log },
  );
  // Ctrl-C, SIGTERM (kill, a batch system) or SIGHUP (the terminal closed): every finished job is already stored
  // (atomically); record the run's wall time as interrupted, say how to resume, exit 128 + the signal's number.
  const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const onStop = (signal: NodeJS.Signals) => {
    wall.finish({ interrupted: true, signal });
    log(`reproduce: interrupted: ${wall.entry().jobsRun} job(s) ran to the end in this run and are saved in ${outDir}: rerun the same command to resume`);
    process.exit(128 + os.constants.signals[signal]);
  };
  for (const signal of stopSignals) process.once(signal, onStop);
  let result: Awaited<ReturnType<typeof runSuite>>;
  try {
    result = await runSuite(suite, { outDir, log, jobs: selected.jobs, resumeAnyway: flags["resume-anyway"] === true, onStored: (record) => wall.jobFinished(jobId(record)) });
  } finally {
    for (const signal of stopSignals) process.removeListener(signal, onStop);
    wall.finish();
  }
  const { summary, ran, skipped, busy } = result;
  if (!selected.subset) process.stdout.write(summaryMarkdown(summary));
  const held = busy.length > 0 ? `; ${busy.length} job(s) were being run by other workers (run --merge once they finish)` : "";
  log(`ran ${ran} job(s), skipped ${skipped} finished earlier${held}; wrote ${path.join(outDir, "summary.md")}, summary.json and report.html`);
  // A subset (or a worker among others) has done its part when none of its own jobs is left undone.
  const undone = selected.jobs.length - ran - skipped - busy.length;
  return selected.subset || busy.length > 0 ? (undone === 0 ? 0 : 1) : summary.missing.length === 0 ? 0 : 1;
}
