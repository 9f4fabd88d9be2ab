/**
 * `rnn-workbook memory`: the long-range memory sweep from the command line.
 *
 *   rnn-workbook memory --task adding --lengths 10,20,50,100,200 --cells rnn,lstm,gru --seeds 1 --out results/memory
 *
 * Writes <out>/results.json (atomically, after every run; running the same command again resumes) and
 * prints the table of test errors with the longest length each cell solved.
 */
import { MEMORY_TASKS } from "../analysis/tasks";
import { initBackend } from "../backend";
import { CELL_NAMES } from "../cells/types";
import { MEMORY_SCALES, type MemoryScale } from "../experiments/memory-settings";
import { memorySweepJobs, runMemorySweep } from "../experiments/memory-sweep";
import { formatGradientTable, formatSweepTable } from "../experiments/memory-tables";
import { UsageError, formatHelp, intList, parseFlags } from "./common";
import { JOB_FLAGS, formatJobList, selectJobs } from "./jobs";

const quick = MEMORY_SCALES.quick;
const full = MEMORY_SCALES.full;

const FLAGS = {
  task: { kind: "string", help: "the memory task", choices: MEMORY_TASKS, default: "adding" },
  lengths: { kind: "list", help: "sequence lengths T (copy: the blank span)", default: ["10", "20", "50", "100", "200"] },
  cells: { kind: "list", help: "cells to train", choices: CELL_NAMES, default: [...CELL_NAMES] },
  scale: { kind: "string", help: `preset for the flags below: quick (${describe("quick")}) or full (${describe("full")})`, choices: ["quick", "full"] as readonly MemoryScale[], default: "quick" },
  seeds: { kind: "int", help: "seeds per cell and length (1..N)" },
  budget: { kind: "int", help: "training sequences per run" },
  lr: { kind: "number", help: "Adam learning rate" },
  units: { kind: "int", help: "hidden units" },
  batch: { kind: "int", help: "sequences per minibatch" },
  "eval-every": { kind: "int", help: "training sequences between test evaluations (a solved run stops there)" },
  "test-size": { kind: "int", help: "fixed test sequences per length" },
  gradients: { kind: "boolean", help: "probe each run's gradient decay before and after training (--gradients=false skips it)", default: true },
  out: { kind: "string", help: "folder for results.json and runs/ (resumed when it exists; default results/memory/<task>)" },
  ...JOB_FLAGS,
} as const;

function describe(scale: MemoryScale): string {
  const s = MEMORY_SCALES[scale];
  return `${s.budget / 1000}k sequences, ${s.units} units, ${s.seeds} seed${s.seeds > 1 ? "s" : ""}, ${s.testSize} test`;
}

const SUMMARY =
  "Train each cell at each sequence length on a long-range memory task under the same budget\n" +
  `(Adam, batch ${quick.batchSize}, lr ${quick.learningRate}, gradients clipped to norm ${quick.clipNorm}; full: ${full.budget / 1000}k sequences)\n` +
  "and write results.json with the test error, whether it solved the task, and maxSolvedLength per cell.";

export async function memoryCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("memory", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("memory", SUMMARY, FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const lengths = intList("memory", "lengths", flags.lengths);
  const tooShort = lengths.find((t) => t < 2);
  if (tooShort !== undefined) throw new UsageError(`memory: --lengths must be >= 2 (the adding problem marks two steps), got ${tooShort}`);
  const learningRate = flags.lr;
  if (learningRate !== undefined && learningRate <= 0) throw new UsageError(`memory: --lr must be positive, got ${learningRate}`);
  const task = flags.task;
  const out = flags.out ?? `results/memory/${task}`;
  if (flags.json && !flags["list-jobs"]) throw new UsageError("memory: --json goes with --list-jobs: add --list-jobs");
  const sweep = {
    task,
    lengths: [...new Set(lengths)],
    cells: [...new Set(flags.cells)],
    scale: flags.scale,
    seeds: flags.seeds,
  };
  const allJobs = memorySweepJobs(sweep);
  if (flags["list-jobs"]) {
    console.log(formatJobList(allJobs, flags.json === true));
    return 0;
  }
  const selected = selectJobs("memory", allJobs, flags, "this sweep");
  const picked = new Set(selected.jobs);
  await initBackend();
  const results = await runMemorySweep({
    pick: selected.subset ? (jobs) => jobs.filter((_, i) => picked.has(allJobs[i])) : undefined,
    task,
    lengths: [...new Set(lengths)],
    cells: [...new Set(flags.cells)],
    scale: flags.scale,
    seeds: flags.seeds,
    budget: flags.budget,
    learningRate,
    units: flags.units,
    batchSize: flags.batch,
    evalEvery: flags["eval-every"],
    testSize: flags["test-size"],
    probeGradients: flags.gradients,
    out,
    log: (line) => console.log(line),
  });
  const s = results.settings;
  console.log(
    `\n${task}: ${s.budget} training sequences per run, lr ${s.learningRate}, batch ${s.batchSize}, ${s.units} units, ` +
      `seeds ${results.seeds.join(",")}; solved = ${s.solvedRule}; ${results.totalSeconds.toFixed(0)} s in total\n`,
  );
  console.log(formatSweepTable(results));
  const longest = results.lengths[results.lengths.length - 1];
  if (results.runs.some((r) => r.gradients && r.length === longest)) {
    console.log(`\ngradient decay (L = sum(h_T), ${results.runs.find((r) => r.gradients)!.gradients!.sequences} sequences, geometric mean over seeds):\n`);
    console.log(formatGradientTable(results, longest));
  }
  console.log(`\nwrote ${out}/results.json`);
  return 0;
}
