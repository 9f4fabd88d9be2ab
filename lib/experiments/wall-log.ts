/**
 * The wall-time log of the suite runs made into one folder, `<out>/wall.json`: what was run, when it started and
 * ended, how many jobs it ran, and the machine's load while it ran, so the README's wall-time lines
 * (scripts/results-table.js) are regenerated from a file instead of typed. One entry per `rnn-workbook reproduce`:
 *
 *     { "runs": [ { "command": "rnn-workbook reproduce --scale quick",   as typed, after the program name
 *                   "tasks": ["births", ...], "jobs": ["births/gru/seed1", ...],   jobs only for --job / --shard
 *                   "started": ISO, "finished": ISO, "jobsRun": 12,          jobs that ran (not the skipped ones)
 *                   "load": ["HH:MM:SS l1 l5 l15", ...],    os.loadavg() at the start, each minute, at the end (UTC)
 *                   "cores": 2, "node": "v20.20.2", "pid": 123, "host": "box",
 *                   "interrupted": true } ] }                               only when stopped by Ctrl-C
 *
 * Entries written by hand before this log existed (command, tasks, jobs?, started, load) have no `finished` and no
 * `jobsRun`; readers take their end from the last finished record instead.
 *
 * Why it is written the way it is: an entry appears only once a job of its run has finished (a run that only skips
 * finished jobs adds nothing), and it is rewritten after every finished job, every load sample and at the end (or
 * at Ctrl-C), so a run killed outright still leaves its entry up to its last job or minute. Each write reads the
 * file again and replaces only its own entry (same start, pid and host): workers sharing a folder keep each
 * other's entries, except in the rare case where two write within the same few milliseconds. A file that is not
 * such a log is moved aside (one warning line) and a new one started; a failed write warns once and never stops
 * the run, whose records are stored on their own (store.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeJsonAtomic } from "../io";

/** One run in wall.json. The fields after `load` are absent in entries written by hand. */
export interface WallRun {
  command: string;
  tasks: string[];
  jobs?: string[];
  started: string;
  load: string[];
  finished?: string;
  jobsRun?: number;
  cores?: number;
  node?: string;
  pid?: number;
  host?: string;
  interrupted?: boolean;
}

export interface WallLogFile {
  runs: WallRun[];
}

/** The file name of the log inside a results folder. */
export const WALL_FILE = "wall.json";

/** One load sample: the UTC time of day and the 1-, 5- and 15-minute load averages, e.g. "09:10:47 6.36 3.25 2.27". */
export function loadSample(at: Date = new Date(), loads: number[] = os.loadavg()): string {
  return `${at.toISOString().slice(11, 19)} ${loads.slice(0, 3).map((l) => l.toFixed(2)).join(" ")}`;
}

/** Why `value` is not a wall-time log, or undefined when it is one. */
function notALog(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !Array.isArray((value as WallLogFile).runs)) return 'it has no "runs" list';
  const bad = (value as WallLogFile).runs.findIndex((r) => typeof r !== "object" || r === null || typeof r.started !== "string");
  return bad < 0 ? undefined : `its run ${bad + 1} has no "started" time`;
}

/**
 * The runs in `file` ([] when it does not exist). A file that is not a log (not JSON, or not shaped like one) is
 * renamed to `<file>.corrupt-<time>` and `warn` is given one line naming both; its runs are then [].
 */
export function readWallLog(file: string, warn: (line: string) => void): WallRun[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  let problem: string | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    problem = notALog(parsed);
    if (problem === undefined) return (parsed as WallLogFile).runs;
  } catch (err) {
    problem = `it is not valid JSON (${(err as Error).message.split("\n")[0]})`;
  }
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  fs.renameSync(file, aside);
  warn(`rnn-workbook: warning: ${file} is not a wall-time log, ${problem}: kept as ${aside}; a new log is started (merge the old entries back by hand if they matter)`);
  return [];
}

export interface WallLog {
  /** Count a job that ran to the end (call after its record is stored), and write the entry. */
  jobFinished(): void;
  /** Take the last load sample, set `finished` (and `interrupted`), write the entry if any job ran. Later calls do nothing. */
  finish(options?: { interrupted?: boolean }): void;
  /** The entry as it stands (a copy). */
  entry(): WallRun;
}

export interface WallLogOptions {
  /** Where warnings go (a corrupt log set aside, a write that failed). */
  log: (line: string) => void;
  /** Milliseconds between load samples (default 60,000; tests pass less). */
  sampleEveryMs?: number;
}

/**
 * Start the entry of one run in `<outDir>/wall.json`: a load sample now and one every `sampleEveryMs` (an unref'd
 * timer, which never keeps the process alive). Nothing is written until the first `jobFinished`.
 */
export function startWallLog(outDir: string, run: { command: string; tasks: string[]; jobs?: string[] }, options: WallLogOptions): WallLog {
  const file = path.join(outDir, WALL_FILE);
  const entry: WallRun = {
    command: run.command,
    tasks: [...run.tasks],
    ...(run.jobs ? { jobs: [...run.jobs] } : {}),
    started: new Date().toISOString(),
    load: [loadSample()],
    jobsRun: 0,
    cores: os.availableParallelism(),
    node: process.version,
    pid: process.pid,
    host: os.hostname(),
  };
  let writeFailed = false;
  let done = false;
  const mine = (r: WallRun) => r.started === entry.started && r.pid === entry.pid && r.host === entry.host;
  const write = () => {
    if (entry.jobsRun === 0) return; // nothing ran: no entry (a rerun that only skips adds no noise)
    try {
      const runs = readWallLog(file, options.log);
      const at = runs.findIndex(mine);
      if (at < 0) runs.push({ ...entry });
      else runs[at] = { ...entry };
      writeJsonAtomic(file, { runs } satisfies WallLogFile);
    } catch (err) {
      if (!writeFailed) options.log(`rnn-workbook: warning: could not write ${file} (${(err as Error).message.split("\n")[0]}): the run goes on, its records are stored; its wall time is not logged`);
      writeFailed = true;
    }
  };
  const timer = setInterval(() => {
    entry.load.push(loadSample());
    write();
  }, options.sampleEveryMs ?? 60_000);
  timer.unref();
  return {
    jobFinished() {
      entry.jobsRun = (entry.jobsRun ?? 0) + 1;
      write();
    },
    finish(finishOptions = {}) {
      if (done) return;
      done = true;
      clearInterval(timer);
      entry.load.push(loadSample());
      entry.finished = new Date().toISOString();
      if (finishOptions.interrupted) entry.interrupted = true;
      write();
    },
    entry: () => ({ ...entry, tasks: [...entry.tasks], load: [...entry.load] }),
  };
}
