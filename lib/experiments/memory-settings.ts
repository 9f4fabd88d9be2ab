/**
 * The long-range memory sweep's settings and results: what must match for two runs to be comparable, the two
 * preset scales, one run's outcome, and the aggregation over seeds.
 *
 * Aggregation per (cell, length): solved when at least half of the seeds solved; `meanTestError` over seeds.
 * maxSolvedLength per cell: the longest swept length that is solved (null when none is).
 */
import { CELL_NAMES, type CellName } from "../cells/types";
import type { MemoryTaskName } from "../analysis/tasks";
import type { StateStatistics } from "../analysis/state-statistics";

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

/** The memory sweep's presets. */
export type MemoryScale = "quick" | "full";

/**
 * quick: sized for a few minutes per default sweep (two seeds, so that no claim rests on one run; 20k sequences).
 * full: the PyTorch reference protocol of README.md, "Long-range memory" (60k sequences, 64 units, 2,000 test
 * sequences, two seeds).
 */
export const MEMORY_SCALES: Record<MemoryScale, MemoryTrainingSettings & { seeds: number }> = {
  quick: { budget: 20_000, learningRate: 1e-2, batchSize: 64, units: 32, clipNorm: 1, testSize: 500, evalEvery: 2_000, seeds: 2 },
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
  /** Mean 1 - h^2 and the keep gate's histogram on the probe sequences, before and after training (with gradients). */
  states?: { initial: StateStatistics; trained: StateStatistics };
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

/** A memory sweep's results.json: every run, the table per (cell, length) and the longest length each cell solved. */
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

/** Settings of `runMemorySweep`: the task, lengths, cells and seeds, and any setting that overrides the scale's. */
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
  /** Run only these of the sweep's jobs (a --job or --shard; given the full job list in order). */
  pick?: <J extends { task: string; model: string; seed: number; length?: number }>(jobs: J[]) => J[];
}

export function checkSettings(s: MemoryTrainingSettings): void {
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

export /** Which setting differs between a stored run and this sweep (undefined when they match). */
function settingsMismatch(stored: MemoryTrainingSettings, wanted: MemoryTrainingSettings): string | undefined {
  for (const key of Object.keys(wanted) as (keyof MemoryTrainingSettings)[]) {
    if (stored?.[key] !== wanted[key]) return `${key} ${stored?.[key]} there, ${wanted[key]} now`;
  }
  return undefined;
}

