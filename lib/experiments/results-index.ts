/**
 * Finding results on disk: which folder under a results root holds suite runs of which scale, the runs
 * chapters 06-08 stored, and every memory sweep's results.json. Chapter 10 (the summary) reads whatever
 * the CLI and the other notebooks have written; this is where it looks.
 *
 * Layout searched (the CLI's default `--out` is the root itself, the notebooks use `<root>/<scale>`):
 *
 *   <root>/<scale>/runs/...      suite runs made with `builtinSuite(scale)`'s task settings
 *   <root>/runs/...              the same, straight in the root
 *   <root>/notebooks/<scale>/runs/<task>/...  the runs of chapters 06-08 (`createJobRunner({ outDir, origin })`):
 *                                each task's settings in task.json, each record tagged with its chapter
 *   <root>/<any>/results.json    a memory sweep (`rw.analysis.runMemorySweep({out})`), one level deep
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MemorySweepResults } from "./memory-settings";
import type { StoredTaskSpec } from "./job-runner";
import { fingerprintMismatch } from "./provenance";
import { builtinSuite, taskModels, type Scale } from "./specs";
import { readAllRuns, taskFile } from "./store";
import { checkOutputFolder, summariseSuite } from "./suite";
import { summariseTask, type Summary, type TaskSummary } from "./summary";
import { runRecordProblem } from "./validate-record";
import type { RunRecord, SuiteSpec, TaskSpec } from "./types";
import { CELL_NAMES } from "../cells/types";

/** Suite results found in one folder, summarised over seeds. */
export interface SuiteResults {
  dir: string;
  scale: Scale;
  suite: SuiteSpec;
  summary: Summary;
  records: RunRecord[];
}

/** One memory sweep on disk. */
export interface MemorySweepFile {
  file: string;
  results: MemorySweepResults;
}

/** One task's runs stored by the chapters' job runners, summarised over seeds. */
export interface NotebookTaskRuns {
  task: TaskSpec;
  /** The chapters (records' `origin`) its runs came from, e.g. ["chapter 06"]. */
  origins: string[];
  summary: TaskSummary;
  records: RunRecord[];
}

/** The runs chapters 06-08 stored in one folder (`<root>/notebooks/<scale>`). */
export interface NotebookRuns {
  dir: string;
  scale: Scale;
  tasks: NotebookTaskRuns[];
}

/** What a results folder holds: the preferred suite results, the chapters' runs and every memory sweep. */
export interface ResultsIndex {
  /** The preferred suite results (see `findSuiteResults`), undefined when none are on disk. */
  suite: SuiteResults | undefined;
  /** The runs of chapters 06-08 at this scale (else the next smaller one), undefined when none are on disk. */
  notebookRuns: NotebookRuns | undefined;
  /** Every memory sweep, the preferred one first (see `findMemorySweeps`). */
  memorySweeps: MemorySweepFile[];
}

/**
 * The suite scales to look for when working at `scale`, preferred first: the scale itself, then
 * the next smaller one (full -> quick, quick -> tiny). The last entry is the one to run when
 * nothing is on disk, being the cheaper.
 */
export function preferredSuiteScales(scale: "quick" | "full"): [Scale, Scale] {
  return scale === "full" ? ["full", "quick"] : ["quick", "tiny"];
}

/**
 * The suite results in `dir` if it holds runs made with `builtinSuite(suiteScale)`'s task settings
 * and at least one of them has finished; otherwise undefined (no runs/ folder, runs of another
 * scale's settings, or no finished run).
 */
export function suiteResultsIn(dir: string, suiteScale: Scale): SuiteResults | undefined {
  const suite = builtinSuite(suiteScale);
  if (!fs.existsSync(path.join(dir, "runs"))) return undefined;
  try {
    checkOutputFolder(dir, suite.tasks); // refuses a folder of another scale's settings
  } catch {
    return undefined;
  }
  const { summary, records } = summariseSuite(suite, dir);
  return records.length > 0 ? { dir, scale: suiteScale, suite, summary, records } : undefined;
}

/**
 * The first suite results found, trying for each of `preferredSuiteScales(scale)` in turn
 * `<resultsRoot>/<that scale>` and then `resultsRoot` itself.
 */
export function findSuiteResults(resultsRoot: string, scale: "quick" | "full"): SuiteResults | undefined {
  for (const suiteScale of preferredSuiteScales(scale)) {
    for (const dir of [path.join(resultsRoot, suiteScale), resultsRoot]) {
      const found = suiteResultsIn(dir, suiteScale);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Every memory sweep's results.json one level below `resultsRoot` that holds at least one run.
 * Damaged or half-written files and other JSON files named results.json are skipped. Sorted with
 * sweeps of `scale` first, then by number of runs (largest first).
 */
export function findMemorySweeps(resultsRoot: string, scale?: string): MemorySweepFile[] {
  if (!fs.existsSync(resultsRoot)) return [];
  const sweeps = fs.readdirSync(resultsRoot).flatMap((name): MemorySweepFile[] => {
    const file = path.join(resultsRoot, name, "results.json");
    if (!fs.existsSync(file)) return [];
    try {
      const results = JSON.parse(fs.readFileSync(file, "utf8")) as MemorySweepResults;
      return results.kind === "rnn-workbook/memory-sweep" && Array.isArray(results.runs) && results.runs.length > 0 ? [{ file, results }] : [];
    } catch {
      return []; // a damaged or half-written file is not a result
    }
  });
  return sweeps.sort(
    (a, b) => Number(b.results.scale === scale) - Number(a.results.scale === scale) || b.results.runs.length - a.results.runs.length,
  );
}

/**
 * The runs a chapter's job runner stored in `dir` (see the layout above): for each task folder with a task.json,
 * the valid finished records made from the data and settings task.json names (older runs of other settings are left
 * out), summarised over seeds; undefined when there are none.
 */
export function notebookRunsIn(dir: string, scale: Scale): NotebookRuns | undefined {
  const runsDir = path.join(dir, "runs");
  if (!fs.existsSync(runsDir)) return undefined;
  const tasks: NotebookTaskRuns[] = [];
  for (const name of fs.readdirSync(runsDir).sort()) {
    let stored: StoredTaskSpec;
    try {
      stored = JSON.parse(fs.readFileSync(taskFile(dir, name), "utf8")) as StoredTaskSpec;
    } catch {
      continue; // no (readable) settings: its runs cannot be checked against them
    }
    const { dataFingerprint: fingerprint, ...task } = stored;
    if (!fingerprint || task.name !== name) continue;
    const records = readAllRuns<RunRecord>(dir, name).filter(
      (r) => runRecordProblem(r) === undefined && r.dataFingerprint !== undefined && fingerprintMismatch(r.dataFingerprint, fingerprint) === undefined,
    );
    if (records.length === 0) continue;
    const origins = [...new Set(records.map((r) => r.origin ?? "unknown"))].sort();
    tasks.push({ task: task as TaskSpec, origins, summary: summariseTask(task as TaskSpec, records, taskModels(task as TaskSpec, CELL_NAMES)), records });
  }
  return tasks.length > 0 ? { dir, scale, tasks } : undefined;
}

/** The chapters' runs under `<resultsRoot>/notebooks/<scale>`, trying each of `preferredSuiteScales(scale)` in turn. */
export function findNotebookRuns(resultsRoot: string, scale: "quick" | "full"): NotebookRuns | undefined {
  for (const runsScale of preferredSuiteScales(scale)) {
    const found = notebookRunsIn(path.join(resultsRoot, "notebooks", runsScale), runsScale);
    if (found) return found;
  }
  return undefined;
}

/**
 * Everything under `resultsRoot` for a summary at `scale`: the preferred suite results, the runs chapters 06-08
 * stored, and every memory sweep, preferred first. Reads only; runs nothing.
 *
 *   const { suite, notebookRuns, memorySweeps } = rw.experiments.findResults("results", "quick");
 */
export function findResults(resultsRoot: string, scale: "quick" | "full"): ResultsIndex {
  return { suite: findSuiteResults(resultsRoot, scale), notebookRuns: findNotebookRuns(resultsRoot, scale), memorySweeps: findMemorySweeps(resultsRoot, scale) };
}
