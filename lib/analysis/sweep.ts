/**
 * The long-range memory sweep: train every cell at every sequence length on a memory task under the same
 * budget, and record the final test error, whether the task was solved, and the longest length each cell solves.
 *
 * One run = (cell, length, seed): a fresh model  recurrentLayer(cell) -> Dense  trained with Adam on fresh
 * sequences drawn from a seeded stream, minibatches of `batchSize`, gradients clipped to global norm `clipNorm`
 *
 *     g <- g * min(1, clipNorm / ||g||_2)      (||g|| over all weights together)
 *
 * until `budget` training sequences have been seen. Every `evalEvery` sequences (and at the end) the model is
 * scored on a fixed test set (the same sequences for every cell and seed at a given length); a run stops as soon
 * as it is solved, so `sequencesToSolve` is measured to within `evalEvery`.
 *
 * Each run also probes its gradient decay (gradient-flow.ts: ||dL/dh_{T-k}|| relative to k = 1, L = sum(h_T),
 * 32 fixed sequences) at initialisation and after training, so the notebooks can set the two side by side.
 *
 * Aggregation per (cell, length): solved when at least half of the seeds solved; `meanTestError` over seeds.
 * maxSolvedLength per cell: the longest swept length that is solved (null when none is).
 *
 * Resuming (as the experiment runner): each finished run is written atomically to its own file under
 * `<out>/runs/<task>/`, and `<out>/results.json` (the aggregate) is rewritten after every run. A sweep started
 * again skips the runs already stored with the same settings (more lengths, cells or seeds extend it), reruns
 * damaged files, and refuses a stored run with different settings rather than mixing incomparable runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { currentBackend, initBackend } from "../backend";
import { fusedKernelName } from "../cells/fused";
import { recurrentLayer } from "../cells/layer";
import { CELL_NAMES, type CellName } from "../cells/types";
import { readJsonIfExists, writeJsonAtomic } from "../io";
import { gradientDecay } from "./gradient-flow";
import { mixSeeds, seededUniform } from "../random";
import { type MemoryTask, type MemoryTaskName, memoryTask } from "./tasks";

/** Everything that must match for two runs to be comparable. */
export interface MemoryTrainingSettings {
  /** Training sequences per run (the budget; steps = budget / batchSize). */
  budget: number;
  learningRate: number;
  batchSize: number;
  units: number;
  /** Global gradient-norm clip. */
  clipNorm: number;
  /** Fixed test sequences per length. */
  testSize: number;
  /** Training sequences between two test evaluations (and early-stop checks). */
  evalEvery: number;
}

export type MemoryScale = "quick" | "full";

/**
 * quick: sized for a few minutes per default sweep once the fused kernels land (one seed, 20k sequences).
 * full: the PyTorch reference protocol of README.md, "Long-range memory" (60k sequences, 64 units, 2,000 test
 * sequences, two seeds).
 */
export const MEMORY_SCALES: Record<MemoryScale, MemoryTrainingSettings & { seeds: number }> = {
  quick: { budget: 20_000, learningRate: 1e-2, batchSize: 64, units: 32, clipNorm: 1, testSize: 500, evalEvery: 2_000, seeds: 1 },
  full: { budget: 60_000, learningRate: 1e-2, batchSize: 64, units: 64, clipNorm: 1, testSize: 2_000, evalEvery: 2_000, seeds: 2 },
};

export interface MemoryRunSpec extends MemoryTrainingSettings {
  task: MemoryTaskName;
  cell: CellName;
  length: number;
  seed: number;
  /** Stop at the first evaluation that solves the task (default true). */
  stopWhenSolved?: boolean;
  /** Probe the gradient decay of the model before and after training (default true). */
  probeGradients?: boolean;
}

/** Relative gradient norms ||dL/dh_{T-k}|| / ||dL/dh_{T-1}|| for k = 1 .. T (see gradient-flow.ts), before and after training. */
export interface MemoryRunGradients {
  sequences: number;
  initial: number[];
  trained: number[];
}

export interface MemoryCurvePoint {
  sequences: number;
  testError: number | null;
}

/** One trained model's outcome (JSON-serialisable; non-finite numbers are null). */
export interface MemoryRun {
  cell: CellName;
  length: number;
  seed: number;
  solved: boolean;
  /** Final test error (MSE for adding, cross-entropy per step for copy); null when training diverged. */
  testError: number | null;
  /** testError / baseline. */
  relativeError: number | null;
  baseline: number;
  sequencesSeen: number;
  /** Training sequences seen at the first solving evaluation, null if never solved. */
  sequencesToSolve: number | null;
  diverged: boolean;
  curve: MemoryCurvePoint[];
  seconds: number;
  /** The TF.js backend and the fused kernel ("wasm", "js" or "off" = stepped) that ran it. */
  backend: string;
  fusedKernel: string;
  /** Present when the run probed its gradients (the sweep does by default). */
  gradients?: MemoryRunGradients;
}

/** Aggregate over seeds for one (cell, length). */
export interface MemoryTableRow {
  cell: CellName;
  length: number;
  seeds: number;
  solvedSeeds: number;
  solved: boolean;
  meanTestError: number | null;
  meanRelativeError: number | null;
  /** Median over the solving seeds. */
  medianSequencesToSolve: number | null;
}

export interface MemorySweepResults {
  kind: "rnn-workbook/memory-sweep";
  version: 1;
  task: MemoryTaskName;
  scale: MemoryScale | "custom";
  settings: MemoryTrainingSettings & { optimizer: "adam"; solvedRule: string };
  cells: CellName[];
  lengths: number[];
  seeds: number[];
  runs: MemoryRun[];
  table: MemoryTableRow[];
  maxSolvedLength: Partial<Record<CellName, number | null>>;
  /** Whether every (cell, length, seed) of `cells x lengths x seeds` has a run. */
  complete: boolean;
  totalSeconds: number;
  updated: string;
}

export interface MemorySweepOptions extends Partial<MemoryTrainingSettings> {
  task: MemoryTaskName;
  lengths: number[];
  cells?: CellName[];
  /** Number of seeds (1..N), default from the scale. */
  seeds?: number;
  scale?: MemoryScale;
  /** Folder for results.json and runs/; without it nothing is written and nothing is resumed. */
  out?: string;
  stopWhenSolved?: boolean;
  /** Probe every run's gradient decay before and after training (default true). */
  probeGradients?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

const STREAM_TRAIN = 1;
const STREAM_TEST = 2;
/** Sequences in a run's gradient probe (the same sequences before and after training). */
const GRADIENT_PROBE_BATCH = 32;
const EVAL_CHUNK = 500;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** recurrentLayer(cell) -> Dense(task.outputs): the last h (adding) or every h (copy) feeds the head. */
export function buildMemoryModel(cell: CellName, task: MemoryTask, units: number, seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    recurrentLayer(cell, { units, inputShape: [task.steps, task.features], returnSequences: task.returnSequences, seed }),
  );
  model.add(tf.layers.dense({ units: task.outputs, kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  return model;
}

/** Mean test error over the test set, evaluated in chunks so long sequences stay within memory. */
function evaluate(model: tf.Sequential, task: MemoryTask, test: { inputs: tf.Tensor3D; targets: tf.Tensor }): number {
  const count = test.inputs.shape[0];
  let total = 0;
  for (let start = 0; start < count; start += EVAL_CHUNK) {
    const size = Math.min(EVAL_CHUNK, count - start);
    const chunkError = tf.tidy(() => {
      const inputs = test.inputs.slice([start, 0, 0], [size, -1, -1]);
      const targetBegin = new Array<number>(test.targets.rank).fill(0);
      targetBegin[0] = start;
      const targetSize = new Array<number>(test.targets.rank).fill(-1);
      targetSize[0] = size;
      const targets = test.targets.slice(targetBegin, targetSize);
      return task.loss(targets, model.apply(inputs, { training: false }) as tf.Tensor).dataSync()[0];
    });
    total += chunkError * size;
  }
  return total / count;
}

/** g * min(1, clipNorm / ||g||) over all gradients together. */
function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): { name: string; tensor: tf.Tensor }[] {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squared = names.map((name) => tf.sum(tf.square(grads[name])));
    const norm = tf.sqrt(tf.addN(squared));
    const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(clipNorm), tf.maximum(norm, tf.scalar(1e-12))));
    return names.map((name) => ({ name, tensor: tf.mul(grads[name], scale) }));
  });
}

/** Train and score one (cell, length, seed). */
export async function trainMemoryRun(spec: MemoryRunSpec): Promise<MemoryRun> {
  await initBackend();
  checkSettings(spec);
  const started = Date.now();
  const task = memoryTask(spec.task, spec.length);
  const stopWhenSolved = spec.stopWhenSolved ?? true;
  const test = task.sample(spec.testSize, seededUniform(mixSeeds(STREAM_TEST, spec.length)));
  const train = seededUniform(mixSeeds(STREAM_TRAIN, spec.seed, spec.length));
  const model = buildMemoryModel(spec.cell, task, spec.units, spec.seed);
  const optimizer = tf.train.adam(spec.learningRate);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const curve: MemoryCurvePoint[] = [];
  let seen = 0;
  let sinceEval = 0;
  let diverged = false;
  let sequencesToSolve: number | null = null;
  let testError = Number.NaN;
  const probeGradients = spec.probeGradients ?? true;
  const probe = async () =>
    (await gradientDecay(spec.cell, { length: spec.length, task: spec.task, trainedLayer: model.layers[0], seeds: 1, batch: GRADIENT_PROBE_BATCH })).relative;
  let gradients: MemoryRunGradients | undefined;
  try {
    testError = evaluate(model, task, test);
    curve.push({ sequences: 0, testError: finiteOrNull(testError) });
    const initialGradients = probeGradients ? await probe() : undefined;
    while (seen < spec.budget) {
      const size = Math.min(spec.batchSize, spec.budget - seen);
      const batch = task.sample(size, train);
      const loss = tf.tidy(() => {
        const { value, grads } = optimizer.computeGradients(
          () => task.loss(batch.targets, model.apply(batch.inputs, { training: true }) as tf.Tensor),
          weights,
        );
        optimizer.applyGradients(clipByGlobalNorm(grads, spec.clipNorm));
        return value;
      });
      const lossValue = (await loss.data())[0];
      tf.dispose([loss, batch.inputs, batch.targets]);
      seen += size;
      sinceEval += size;
      if (!Number.isFinite(lossValue)) {
        diverged = true;
        break;
      }
      if (sinceEval >= spec.evalEvery || seen >= spec.budget) {
        sinceEval = 0;
        testError = evaluate(model, task, test);
        curve.push({ sequences: seen, testError: finiteOrNull(testError) });
        if (sequencesToSolve === null && task.solved(testError)) {
          sequencesToSolve = seen;
          if (stopWhenSolved) break;
        }
      }
    }
    if (initialGradients && !diverged) {
      gradients = { sequences: GRADIENT_PROBE_BATCH, initial: initialGradients, trained: await probe() };
    }
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([test.inputs, test.targets]);
  }
  if (diverged) testError = Number.NaN;
  return {
    cell: spec.cell,
    length: spec.length,
    seed: spec.seed,
    solved: !diverged && task.solved(testError),
    testError: finiteOrNull(testError),
    relativeError: finiteOrNull(testError / task.baseline),
    baseline: task.baseline,
    sequencesSeen: seen,
    sequencesToSolve: diverged ? null : sequencesToSolve,
    diverged,
    curve,
    seconds: (Date.now() - started) / 1000,
    backend: currentBackend() ?? "unknown",
    fusedKernel: fusedKernelName(),
    ...(gradients ? { gradients } : {}),
  };
}

function checkSettings(s: MemoryTrainingSettings): void {
  const positiveInts: (keyof MemoryTrainingSettings)[] = ["budget", "batchSize", "units", "testSize", "evalEvery"];
  for (const key of positiveInts) {
    if (!Number.isInteger(s[key]) || s[key] < 1) throw new Error(`memory sweep: ${key} must be a positive integer, got ${s[key]}`);
  }
  for (const key of ["learningRate", "clipNorm"] as const) {
    if (!Number.isFinite(s[key]) || s[key] <= 0) throw new Error(`memory sweep: ${key} must be a positive number, got ${s[key]}`);
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mean(values: (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}

/** Per (cell, length) aggregates and maxSolvedLength per cell, from the runs alone. */
export function summariseRuns(runs: MemoryRun[]): Pick<MemorySweepResults, "table" | "maxSolvedLength"> {
  const cells = CELL_NAMES.filter((c) => runs.some((r) => r.cell === c));
  const lengths = [...new Set(runs.map((r) => r.length))].sort((a, b) => a - b);
  const table: MemoryTableRow[] = [];
  const maxSolvedLength: Partial<Record<CellName, number | null>> = {};
  for (const cell of cells) {
    maxSolvedLength[cell] = null;
    for (const length of lengths) {
      const group = runs.filter((r) => r.cell === cell && r.length === length);
      if (group.length === 0) continue;
      const solvedSeeds = group.filter((r) => r.solved).length;
      const solved = solvedSeeds * 2 >= group.length;
      table.push({
        cell,
        length,
        seeds: group.length,
        solvedSeeds,
        solved,
        meanTestError: mean(group.map((r) => r.testError)),
        meanRelativeError: mean(group.map((r) => r.relativeError)),
        medianSequencesToSolve: median(group.filter((r) => r.sequencesToSolve !== null).map((r) => r.sequencesToSolve as number)),
      });
      if (solved) maxSolvedLength[cell] = length;
    }
  }
  return { table, maxSolvedLength };
}

/** Settings from explicit options over the scale's defaults. */
export function resolveSweepSettings(options: Partial<MemoryTrainingSettings> & { scale?: MemoryScale; seeds?: number }): {
  settings: MemoryTrainingSettings;
  seeds: number;
  scale: MemoryScale | "custom";
} {
  const preset = MEMORY_SCALES[options.scale ?? "quick"];
  const settings: MemoryTrainingSettings = {
    budget: options.budget ?? preset.budget,
    learningRate: options.learningRate ?? preset.learningRate,
    batchSize: options.batchSize ?? preset.batchSize,
    units: options.units ?? preset.units,
    clipNorm: options.clipNorm ?? preset.clipNorm,
    testSize: options.testSize ?? preset.testSize,
    evalEvery: options.evalEvery ?? preset.evalEvery,
  };
  checkSettings(settings);
  const seeds = options.seeds ?? preset.seeds;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`memory sweep: seeds must be a positive integer, got ${seeds}`);
  const matchesPreset = (Object.keys(settings) as (keyof MemoryTrainingSettings)[]).every((k) => settings[k] === preset[k]);
  return { settings, seeds, scale: matchesPreset ? options.scale ?? "quick" : "custom" };
}

/** Which setting differs between a stored run and this sweep (undefined when they match). */
function settingsMismatch(stored: MemoryTrainingSettings, wanted: MemoryTrainingSettings): string | undefined {
  for (const key of Object.keys(wanted) as (keyof MemoryTrainingSettings)[]) {
    if (stored?.[key] !== wanted[key]) return `${key} ${stored?.[key]} there, ${wanted[key]} now`;
  }
  return undefined;
}

/** A run as stored on disk: the run plus what makes it comparable. */
interface StoredMemoryRun extends MemoryRun {
  kind: "rnn-workbook/memory-run";
  complete: true;
  task: MemoryTaskName;
  settings: MemoryTrainingSettings;
}

/** `<out>/runs/<task>/<cell>-T<length>-seed<k>.json`: one file per run, like the experiment runner's store. */
export function memoryRunFile(out: string, task: MemoryTaskName, cell: CellName, length: number, seed: number): string {
  return path.join(out, "runs", task, `${cell}-T${length}-seed${seed}.json`);
}

/** A stored run if the file parses and is a finished run of `task`; damaged or half-written files count as absent. */
function readStoredRun(file: string, task: MemoryTaskName): StoredMemoryRun | undefined {
  let record: Partial<StoredMemoryRun>;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<StoredMemoryRun>;
  } catch {
    return undefined;
  }
  return record?.kind === "rnn-workbook/memory-run" && record.complete === true && record.task === task
    ? (record as StoredMemoryRun)
    : undefined;
}

/** Every finished run of `task` under `<out>/runs/<task>` made with `settings` (runs of other sweeps extend this one). */
function readMatchingRuns(out: string, task: MemoryTaskName, settings: MemoryTrainingSettings): MemoryRun[] {
  const dir = path.join(out, "runs", task);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => readStoredRun(path.join(dir, name), task))
    .filter((r): r is StoredMemoryRun => r !== undefined && settingsMismatch(r.settings, settings) === undefined)
    .map(({ kind: _kind, complete: _complete, task: _task, settings: _settings, ...run }) => run)
    .sort((a, b) => a.length - b.length || CELL_NAMES.indexOf(a.cell) - CELL_NAMES.indexOf(b.cell) || a.seed - b.seed);
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
  // Short lengths first: a reader watching results.json sees the table fill in from the easy end.
  for (const length of lengths) {
    for (const cell of cells) {
      for (const seed of seedList) {
        const label = `${options.task} T=${length} ${cell} seed ${seed}`;
        const file = out ? memoryRunFile(out, options.task, cell, length, seed) : undefined;
        const stored = file ? readStoredRun(file, options.task) : undefined;
        if (stored) {
          const mismatch = settingsMismatch(stored.settings, settings);
          if (mismatch) {
            throw new Error(`${file} was trained with other settings (${mismatch}): use another --out folder, or the same settings to resume`);
          }
          log(`${label}: already in ${file}, skipped`);
          continue;
        }
        const run = await trainMemoryRun({ ...settings, task: options.task, cell, length, seed, stopWhenSolved: options.stopWhenSolved, probeGradients: options.probeGradients });
        trained.push(run);
        log(`${label}: ${describeRun(run)}`);
        if (file && resultsFile) {
          const record: StoredMemoryRun = { kind: "rnn-workbook/memory-run", complete: true, task: options.task, settings, ...run };
          writeJsonAtomic(file, record);
          writeJsonAtomic(resultsFile, snapshot());
        }
      }
    }
  }
  const results = snapshot();
  if (resultsFile) writeJsonAtomic(resultsFile, results);
  log(`${trained.length} run(s) trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return results;
}

function describeRun(run: MemoryRun): string {
  const error = run.testError === null ? "diverged" : `test error ${run.testError.toPrecision(3)} (${(100 * (run.relativeError ?? 0)).toFixed(1)}% of baseline)`;
  const outcome = run.solved ? `solved after ${run.sequencesToSolve} sequences` : `not solved in ${run.sequencesSeen} sequences`;
  return `${outcome}, ${error}, ${run.seconds.toFixed(1)} s`;
}

/** One cell's gradient decay at one length from a sweep, before and after training (chart-ready, JSON-serialisable). */
export interface SweepGradientDecay {
  cell: CellName;
  length: number;
  /** Runs (seeds) averaged. */
  seeds: number;
  /** k = 1 .. T. */
  lags: number[];
  /** Geometric mean over seeds of ||dL/dh_{T-k}|| / ||dL/dh_{T-1}||; 0 = underflow or saturated units (see gradient-flow.ts). */
  initial: number[];
  trained: number[];
  /** Whether the task was solved at this length (as in the table). */
  solved: boolean;
}

function geometricMeanColumns(rows: number[][]): number[] {
  return rows[0].map((_, i) => {
    const column = rows.map((row) => row[i]);
    return column.some((v) => v <= 0) ? 0 : Math.exp(column.reduce((sum, v) => sum + Math.log(v), 0) / column.length);
  });
}

/**
 * The gradient decay of every cell at `length` from a sweep's runs (those that probed their gradients),
 * averaged geometrically over seeds. For a log-axis chart map 0 to null (rw.plot.gradientNormChart refuses 0).
 */
export function sweepGradientDecay(results: MemorySweepResults, length: number): SweepGradientDecay[] {
  return results.cells.flatMap((cell) => {
    const runs = results.runs.filter((r) => r.cell === cell && r.length === length && r.gradients);
    if (runs.length === 0) return [];
    return [
      {
        cell,
        length,
        seeds: runs.length,
        lags: runs[0].gradients!.initial.map((_, i) => i + 1),
        initial: geometricMeanColumns(runs.map((r) => r.gradients!.initial)),
        trained: geometricMeanColumns(runs.map((r) => r.gradients!.trained)),
        solved: results.table.find((row) => row.cell === cell && row.length === length)?.solved ?? false,
      },
    ];
  });
}

/** Relative gradient norms at a few lags, before -> after training, one row per cell (Markdown). */
export function formatGradientTable(results: MemorySweepResults, length: number): string {
  const decays = sweepGradientDecay(results, length);
  if (decays.length === 0) return `(no gradient probes at T=${length})`;
  const lags = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((k) => k <= length);
  if (!lags.includes(length)) lags.push(length);
  const header = `| T=${length}, gradient norm at lag k / at lag 1 | ${lags.map((k) => `k=${k}`).join(" | ")} |`;
  const rule = `|---|${lags.map(() => "---").join("|")}|`;
  const format = (v: number) => (v === 0 ? "0" : v.toExponential(1));
  const rows = decays.flatMap((d) => [
    `| ${d.cell.toUpperCase()} at initialisation | ${lags.map((k) => format(d.initial[k - 1])).join(" | ")} |`,
    `| ${d.cell.toUpperCase()} trained (${d.solved ? "solved" : "not solved"}) | ${lags.map((k) => format(d.trained[k - 1])).join(" | ")} |`,
  ]);
  return [header, rule, ...rows].join("\n");
}

/** The results as a Markdown table: one row per length, one column per cell (test error, solved mark). */
export function formatSweepTable(results: MemorySweepResults): string {
  const header = `| T | ${results.cells.map((c) => c.toUpperCase()).join(" | ")} |`;
  const rule = `|---|${results.cells.map(() => "---").join("|")}|`;
  const rows = results.lengths.map((length) => {
    const cells = results.cells.map((cell) => {
      const row = results.table.find((r) => r.cell === cell && r.length === length);
      if (!row) return "-";
      const error = row.meanTestError === null ? "diverged" : row.meanTestError.toPrecision(2);
      const mark = row.solved ? `solved ${row.solvedSeeds}/${row.seeds}` : `not solved ${row.solvedSeeds}/${row.seeds}`;
      const when = row.medianSequencesToSolve !== null ? ` @${Math.round(row.medianSequencesToSolve / 1000)}k` : "";
      return `${error} (${mark}${when})`;
    });
    return `| ${length} | ${cells.join(" | ")} |`;
  });
  const max = `| max solved T | ${results.cells.map((c) => results.maxSolvedLength[c] ?? "none").join(" | ")} |`;
  return [header, rule, ...rows, max].join("\n");
}
