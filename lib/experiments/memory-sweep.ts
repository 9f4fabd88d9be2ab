/**
 * The long-range memory sweep: train every cell at every sequence length on a memory task under the same
 * budget (memory-run.ts), and record the final test error, whether the task was solved, and the longest length
 * each cell solves (memory-settings.ts aggregates).
 *
 * Resuming: the jobs (length x cell x seed) go through the generic runner (runner.ts) and each finished run is
 * stored by the run store (store.ts) at `<out>/runs/<task>/<cell>-T<length>-seed<k>.json`,
 * and `<out>/results.json` (the aggregate) is rewritten after every run. A sweep started again skips the runs
 * already stored with the same settings (more lengths, cells or seeds extend it), reruns damaged files, and refuses
 * a stored run with different settings rather than mixing incomparable runs.
 */
import * as path from "node:path";
import { memoryTask } from "../analysis/tasks";
import { initBackend } from "../backend";
import { CELL_NAMES, type CellName } from "../cells/types";
import { readJsonIfExists, writeJsonAtomic } from "../io";
import { describeRun, trainMemoryRun } from "./memory-run";
import {
  type MemoryRun,
  type MemorySweepOptions,
  type MemorySweepResults,
  type MemoryTrainingSettings,
  resolveSweepSettings,
  settingsMismatch,
  summariseRuns,
} from "./memory-settings";
import { SCHEMA_VERSION, provenance, type Provenance } from "./provenance";
import { runJobs } from "./runner";
import { readAllRuns, runFile, type RunKey } from "./store";

/** A run as stored on disk: the run plus what makes it comparable and its store key (model = the cell). */
interface StoredMemoryRun extends MemoryRun {
  kind: "rnn-workbook/memory-run";
  complete: true;
  task: MemorySweepOptions["task"];
  model: CellName;
  settings: MemoryTrainingSettings;
  schemaVersion?: number;
  provenance?: Provenance;
}

function memoryKey(task: string, cell: CellName, length: number, seed: number): RunKey & { length: number } {
  return { task, model: cell, length, seed };
}

/** Every finished run of `task` under `<out>/runs/<task>` made with `settings` (runs of other sweeps extend this one). */
function readMatchingRuns(out: string, task: string, settings: MemoryTrainingSettings): MemoryRun[] {
  return readAllRuns<StoredMemoryRun>(out, task)
    .filter((r) => r.kind === "rnn-workbook/memory-run" && settingsMismatch(r.settings, settings) === undefined)
    .map(({ kind: _kind, complete: _complete, task: _task, model: _model, settings: _settings, schemaVersion: _v, provenance: _p, ...run }) => run)
    .sort((a, b) => a.length - b.length || CELL_NAMES.indexOf(a.cell) - CELL_NAMES.indexOf(b.cell) || a.seed - b.seed);
}

/**
 * The sweep's jobs in their fixed order (what `--list-jobs` prints and `--job` / `--shard` index): short lengths
 * first, so a reader watching results.json sees the table fill in from the easy end; then cells, then seeds.
 */
export function memorySweepJobs(options: MemorySweepOptions): (RunKey & { length: number; cell: CellName })[] {
  const { seeds } = resolveSweepSettings(options);
  const cells = options.cells ?? [...CELL_NAMES];
  const lengths = [...new Set(options.lengths)].sort((a, b) => a - b);
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  return lengths.flatMap((length) => cells.flatMap((cell) => seedList.map((seed) => ({ ...memoryKey(options.task, cell, length, seed), cell }))));
}

/**
 * Run (or resume) a sweep. With `out`, every finished run is stored in its own file (atomically) and
 * `<out>/results.json` is rewritten after each run; a run already stored with the same settings is not trained
 * again, and one stored with other settings is an error rather than silently mixed or overwritten.
 */
export async function runMemorySweep(options: MemorySweepOptions): Promise<MemorySweepResults> {
  await initBackend();
  const log = options.log ?? (() => undefined);
  const { settings, seeds, scale } = resolveSweepSettings(options);
  const cells = options.cells ?? [...CELL_NAMES];
  if (options.lengths.length === 0) throw new Error("memory sweep: no lengths given: pass at least one, e.g. 10,20,50");
  if (cells.length === 0) throw new Error(`memory sweep: no cells given: pass some of ${CELL_NAMES.join(", ")}`);
  for (const length of options.lengths) memoryTask(options.task, length); // validates every length up front
  const lengths = [...new Set(options.lengths)].sort((a, b) => a - b);
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const out = options.out;
  const resultsFile = out ? path.join(out, "results.json") : undefined;
  let previous: Partial<MemorySweepResults> | undefined;
  try {
    previous = resultsFile ? readJsonIfExists<Partial<MemorySweepResults>>(resultsFile) : undefined;
  } catch {
    previous = undefined; // damaged: results.json is rebuilt from the run files anyway
  }
  if (previous && previous.task !== options.task) {
    throw new Error(`${resultsFile} holds the ${previous.task ?? "results of another"} sweep, not ${options.task}: use another --out folder`);
  }
  const started = Date.now();
  const trained: MemoryRun[] = [];
  const solvedRule = memoryTask(options.task, lengths[0]).solvedRule;
  const snapshot = (): MemorySweepResults => {
    // Stored runs with the same settings (this sweep's and earlier ones') plus runs trained without a store.
    const runs = out ? readMatchingRuns(out, options.task, settings) : trained;
    const allCells = CELL_NAMES.filter((c) => cells.includes(c) || runs.some((r) => r.cell === c));
    const allLengths = [...new Set([...runs.map((r) => r.length), ...lengths])].sort((a, b) => a - b);
    const allSeeds = [...new Set([...runs.map((r) => r.seed), ...seedList])].sort((a, b) => a - b);
    const has = (cell: CellName, length: number, seed: number) =>
      runs.some((r) => r.cell === cell && r.length === length && r.seed === seed);
    return {
      kind: "rnn-workbook/memory-sweep",
      version: 1,
      task: options.task,
      scale,
      settings: { ...settings, optimizer: "adam", solvedRule },
      cells: allCells,
      lengths: allLengths,
      seeds: allSeeds,
      runs,
      ...summariseRuns(runs),
      complete: allCells.every((cell) => allLengths.every((length) => allSeeds.every((seed) => has(cell, length, seed)))),
      totalSeconds: runs.reduce((sum, r) => sum + r.seconds, 0),
      updated: new Date().toISOString(),
    };
  };
  const allJobs = memorySweepJobs(options);
  const jobs = options.pick ? options.pick(allJobs) : allJobs;
  const { ran } = await runJobs<(typeof jobs)[number], StoredMemoryRun>(
    jobs,
    async (job) => {
      const run = await trainMemoryRun({
        ...settings,
        task: options.task,
        cell: job.cell,
        length: job.length,
        seed: job.seed,
        stopWhenSolved: options.stopWhenSolved,
        probeGradients: options.probeGradients,
      });
      trained.push(run);
      return { kind: "rnn-workbook/memory-run", complete: true, task: options.task, model: job.cell, settings, schemaVersion: SCHEMA_VERSION, provenance: provenance(), ...run };
    },
    {
      outDir: out,
      log,
      reuse: (stored, job) => {
        if (stored.kind !== "rnn-workbook/memory-run") return false;
        const mismatch = settingsMismatch(stored.settings, settings);
        if (mismatch) {
          throw new Error(`${runFile(out!, job)} was trained with other settings (${mismatch}): use another --out folder, or the same settings to resume`);
        }
        return true;
      },
      describe: (record) => describeRun(record),
      onStored: () => writeJsonAtomic(resultsFile!, snapshot()),
    },
  );
  const results = snapshot();
  if (resultsFile) writeJsonAtomic(resultsFile, results);
  log(`${ran} run(s) trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return results;
}

