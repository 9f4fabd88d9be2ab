/**
 * The wall-time log of the suite runs made into one folder: one file per `rnn-workbook reproduce` that trained a job,
 * `<out>/wall/<id>.json`, saying what was run, when it started and ended, which jobs it ran, and the machine's load
 * while it ran, so the README's wall-time lines (scripts/results-table.js) are regenerated from files instead of typed:
 *
 *     { "id": "2026-11-29T12-19-15-742Z-1f3a9c0b2d4e",      start time (sorts by start) + 6 random bytes
 *       "command": "rnn-workbook reproduce --scale quick",   as typed, after the program name
 *       "tasks": ["births", ...], "jobs": ["births/gru/seed1", ...],   jobs only for --job / --shard
 *       "started": ISO, "updated": ISO, "finished": ISO,     updated at every write; finished once it ended
 *       "jobsRun": 2, "ran": ["births/gru/seed1", ...],      the jobs this run trained (not the skipped ones)
 *       "load": ["HH:MM:SS l1 l5 l15", ...],    os.loadavg() at the start, on a 60 s timer (delayed while
 *                                                 training holds the event loop), at the end (UTC)
 *       "cores": 2, "node": "v20.20.2", "pid": 123, "host": "box",
 *       "interrupted": true, "signal": "SIGTERM" }            only when stopped by SIGINT, SIGTERM or SIGHUP
 *
 * The older shared log `<out>/wall.json` ({ "runs": [entry, ...] }, entries made by hand and by earlier versions) is
 * still read by scripts/results-table.js and never written any more.
 *
 * Why it is written the way it is: workers sharing a folder (`--shard`, `parallel -j4`) each write only their own
 * file, atomically (io.ts), so none can overwrite another's entry and no lock is needed; the random id keeps two runs
 * started in the same millisecond apart. A file appears only once a job of its run has finished (a run that only
 * skips finished jobs adds nothing) and is rewritten after every finished job, every load sample and at the end (or
 * at a stopping signal), so a run killed outright (SIGKILL, out of memory) still leaves its entry up to its last job
 * or minute, with `updated` as the latest time it is known to have been running. `ran` lets a reader credit a run
 * with its own jobs only, not with those of other workers finishing in the same minutes. A failed write warns once
 * and never stops the run, whose records are stored on their own (store.ts).
 */
import * as crypto from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { writeJsonAtomic } from "../io";

/** One run's entry. The fields after `load` are absent in entries written by hand (in the legacy wall.json). */
export interface WallRun {
  command: string;
  tasks: string[];
  jobs?: string[];
  started: string;
  load: string[];
  id?: string;
  updated?: string;
  finished?: string;
  jobsRun?: number;
  ran?: string[];
  cores?: number;
  node?: string;
  pid?: number;
  host?: string;
  interrupted?: boolean;
  signal?: string;
}

/** The folder of per-run entries inside a results folder. */
export const WALL_DIR = "wall";
/** The legacy shared log inside a results folder (read by scripts/results-table.js, never written). */
export const LEGACY_WALL_FILE = "wall.json";

/** One load sample: the UTC time of day and the 1-, 5- and 15-minute load averages, e.g. "09:10:47 6.36 3.25 2.27". */
export function loadSample(at: Date = new Date(), loads: number[] = os.loadavg()): string {
  return `${at.toISOString().slice(11, 19)} ${loads.slice(0, 3).map((l) => l.toFixed(2)).join(" ")}`;
}

/** A run's id: its start time (file-name safe, so names sort by start) and 6 random bytes in hex. */
export function wallRunId(started: Date, random: Buffer = crypto.randomBytes(6)): string {
  return `${started.toISOString().replace(/[:.]/g, "-")}-${random.toString("hex")}`;
}

export interface WallLog {
  /** Record a job that ran to the end (call after its record is stored) by its job id, and write the entry. */
  jobFinished(job: string): void;
  /** Take the last load sample, set `finished` (and `interrupted`, `signal`), write the entry if any job ran. Later calls do nothing. */
  finish(options?: { interrupted?: boolean; signal?: string }): void;
  /** The entry as it stands (a copy). */
  entry(): WallRun;
  /** The file the entry is (or will be) written to. */
  file: string;
}

export interface WallLogOptions {
  /** Where warnings go (a write that failed). */
  log: (line: string) => void;
  /** Milliseconds between load samples (default 60,000; tests pass less). */
  sampleEveryMs?: number;
}

/**
 * Start the entry of one run in `<outDir>/wall/<id>.json`: a load sample now and one every `sampleEveryMs` (an
 * unref'd timer, which never keeps the process alive). Nothing is written until the first `jobFinished`.
 */
export function startWallLog(outDir: string, run: { command: string; tasks: string[]; jobs?: string[] }, options: WallLogOptions): WallLog {
  const now = new Date();
  const entry: WallRun = {
    id: wallRunId(now),
    command: run.command,
    tasks: [...run.tasks],
    ...(run.jobs ? { jobs: [...run.jobs] } : {}),
    started: now.toISOString(),
    load: [loadSample(now)],
    jobsRun: 0,
    ran: [],
    cores: os.availableParallelism(),
    node: process.version,
    pid: process.pid,
    host: os.hostname(),
  };
  const file = path.join(outDir, WALL_DIR, `${entry.id}.json`);
  const copy = (): WallRun => ({ ...entry, tasks: [...entry.tasks], load: [...entry.load], ran: [...(entry.ran ?? [])] });
  let writeFailed = false;
  let done = false;
  const write = (now = new Date().toISOString()) => {
    if (entry.jobsRun === 0) return; // nothing ran: no entry (a rerun that only skips adds no noise)
    try {
      entry.updated = now;
      writeJsonAtomic(file, copy());
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
    file,
    jobFinished(job: string) {
      entry.jobsRun = (entry.jobsRun ?? 0) + 1;
      entry.ran?.push(job);
      write();
    },
    finish(finishOptions = {}) {
      if (done) return;
      done = true;
      clearInterval(timer);
      entry.load.push(loadSample());
      // One clock reading for both: two could fall in different milliseconds, and `updated` would then
      // claim the run went on after it finished.
      entry.finished = new Date().toISOString();
      if (finishOptions.interrupted) entry.interrupted = true;
      if (finishOptions.signal) entry.signal = finishOptions.signal;
      write(entry.finished);
    },
    entry: copy,
  };
}

