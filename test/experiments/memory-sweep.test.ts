import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { type MemoryRun, type MemorySweepOptions, type MemorySweepResults, summariseRuns } from "../../lib/experiments/memory-settings";
import { trainMemoryRun } from "../../lib/experiments/memory-run";
import { runMemorySweep } from "../../lib/experiments/memory-sweep";
import { formatGradientTable, sweepGradientDecay } from "../../lib/experiments/memory-tables";
import { runFile } from "../../lib/experiments/store";

const memoryRunFile = (out: string, task: string, cell: string, length: number, seed: number) => runFile(out, { task, model: cell, length, seed });
import { gradientDecay } from "../../lib/analysis/gradient-flow";

/** A sweep small enough for CI: 4 steps of batch 32 per run, tiny cells. */
const TINY = { budget: 128, batchSize: 32, units: 3, testSize: 32, evalEvery: 64 } as const;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-memory-"));
}

test("a short sweep runs end to end: every run trained, scored, probed and stored, with the table and maxSolvedLength", async () => {
  const out = tempDir();
  const results = await runMemorySweep({ task: "adding", lengths: [6, 4], seeds: 1, ...TINY, out });
  assert.equal(results.runs.length, 6);
  assert.deepEqual(results.lengths, [4, 6]);
  assert.deepEqual(results.cells, ["rnn", "lstm", "gru"]);
  assert.equal(results.complete, true);
  assert.equal(results.scale, "custom");
  assert.equal(results.table.length, 6);
  assert.deepEqual(Object.keys(results.maxSolvedLength).sort(), ["gru", "lstm", "rnn"]);
  for (const run of results.runs) {
    assert.ok(run.testError !== null && Number.isFinite(run.testError), `${run.cell} T=${run.length}: test error ${run.testError}`);
    assert.equal(run.sequencesSeen <= TINY.budget, true);
    assert.equal(run.curve[0].sequences, 0);
    assert.equal(run.curve[run.curve.length - 1].sequences, run.sequencesSeen);
    assert.equal(run.solved, run.testError! < 0.01);
    assert.equal(run.gradients?.initial.length, run.length);
    assert.equal(run.gradients?.trained[0], 1);
    assert.ok(fs.existsSync(memoryRunFile(out, "adding", run.cell, run.length, run.seed)));
  }
  const onDisk = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  assert.deepEqual(onDisk.table, results.table);
  assert.deepEqual(onDisk.settings.budget, 128);
  fs.rmSync(out, { recursive: true, force: true });
});

test("a sweep resumes: stored runs are skipped, new lengths extend it, damaged files rerun, other settings are refused", async () => {
  const out = tempDir();
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const common: MemorySweepOptions = { task: "adding", cells: ["gru"], lengths: [4], seeds: 1, ...TINY, probeGradients: false, out, log };
  await runMemorySweep({ ...common, lengths: [4] });
  const first = fs.readFileSync(memoryRunFile(out, "adding", "gru", 4, 1), "utf8");
  lines.length = 0;
  const extended = await runMemorySweep({ ...common, lengths: [4, 5] });
  assert.equal(lines.filter((l) => l.includes("skipped")).length, 1);
  assert.equal(lines.filter((l) => /sequences, (test error|diverged)/.test(l)).length, 1);
  assert.equal(fs.readFileSync(memoryRunFile(out, "adding", "gru", 4, 1), "utf8"), first);
  assert.deepEqual(extended.lengths, [4, 5]);
  assert.equal(extended.runs.length, 2);
  // Asking for T=5 alone still reports T=4: the results cover every stored run with these settings.
  const again = await runMemorySweep({ ...common, lengths: [5] });
  assert.equal(again.runs.length, 2);
  // A half-written run file counts as absent and is trained again.
  fs.writeFileSync(memoryRunFile(out, "adding", "gru", 5, 1), "{ \"kind\": \"rnn-workbook/memo");
  lines.length = 0;
  await runMemorySweep({ ...common, lengths: [5] });
  assert.equal(lines.filter((l) => l.includes("skipped")).length, 0);
  await assert.rejects(runMemorySweep({ ...common, lengths: [4], budget: 64 }), /trained with other settings \(budget 128 there, 64 now\)/);
  await assert.rejects(runMemorySweep({ ...common, task: "copy", lengths: [4] }), /results\.json holds the adding sweep, not copy: use another --out folder/);
  fs.rmSync(out, { recursive: true, force: true });
});

function run(cell: MemoryRun["cell"], length: number, seed: number, solved: boolean, testError: number, toSolve: number | null): MemoryRun {
  return {
    cell, length, seed, solved, testError, relativeError: testError * 6, baseline: 1 / 6, sequencesSeen: 1000,
    sequencesToSolve: toSolve, diverged: false, curve: [], seconds: 1, backend: "cpu", fusedKernel: "off",
  };
}

test("summary: solved when at least half the seeds solve, maxSolvedLength is the longest solved length", () => {
  const runs = [
    run("lstm", 10, 1, true, 0.004, 4000),
    run("lstm", 10, 2, true, 0.006, 8000),
    run("lstm", 50, 1, true, 0.008, 10000),
    run("lstm", 50, 2, false, 0.1, null),
    run("lstm", 100, 1, false, 0.16, null),
    run("lstm", 100, 2, false, 0.15, null),
    run("rnn", 10, 1, false, 0.16, null),
    run("rnn", 10, 2, false, 0.17, null),
  ];
  const { table, maxSolvedLength } = summariseRuns(runs);
  assert.deepEqual(maxSolvedLength, { rnn: null, lstm: 50 });
  const lstm10 = table.find((r) => r.cell === "lstm" && r.length === 10)!;
  assert.equal(lstm10.solved, true);
  assert.equal(lstm10.medianSequencesToSolve, 6000);
  assert.ok(Math.abs(lstm10.meanTestError! - 0.005) < 1e-12);
  const lstm50 = table.find((r) => r.cell === "lstm" && r.length === 50)!;
  assert.deepEqual([lstm50.solvedSeeds, lstm50.seeds, lstm50.solved], [1, 2, true]);
  assert.equal(table.find((r) => r.cell === "rnn" && r.length === 10)!.medianSequencesToSolve, null);
});

test("sweep gradient decay: geometric mean over seeds before and after training, 0 kept for underflow", () => {
  const withGradients = (seed: number, initial: number[], trained: number[]): MemoryRun => ({
    ...run("gru", 3, seed, true, 0.005, 4000),
    gradients: { sequences: 32, initial, trained },
  });
  const runs = [withGradients(1, [1, 0.1, 0.04], [1, 0.5, 0]), withGradients(2, [1, 0.4, 0.01], [1, 0.5, 0.2])];
  const results = { cells: ["gru"], runs, ...summariseRuns(runs) } as unknown as MemorySweepResults;
  const [decay] = sweepGradientDecay(results, 3);
  assert.deepEqual(decay.lags, [1, 2, 3]);
  assert.ok(Math.abs(decay.initial[1] - 0.2) < 1e-12 && Math.abs(decay.initial[2] - 0.02) < 1e-12);
  assert.deepEqual(decay.trained, [1, 0.5, 0]);
  assert.equal(decay.solved, true);
  const table = formatGradientTable(results, 3);
  assert.match(table, /\| GRU at initialisation \| 1\.0e\+0 \| 2\.0e-1 \| 2\.0e-2 \|/);
  assert.match(table, /\| GRU trained \(solved\) \| 1\.0e\+0 \| 5\.0e-1 \| 0 \|/);
  assert.deepEqual(sweepGradientDecay(results, 7), []);
});

test("a run and a gradient probe leave no tensors behind", async () => {
  const spec = { ...TINY, task: "copy", cell: "lstm", length: 3, seed: 1, learningRate: 1e-2, clipNorm: 1 } as const;
  await trainMemoryRun(spec); // first use builds backend-side caches
  const before = tf.memory().numTensors;
  await trainMemoryRun(spec);
  await trainMemoryRun({ ...spec, task: "adding", cell: "gru" });
  await gradientDecay("rnn", { length: 5, units: 3, seeds: 2, batch: 4 });
  assert.equal(tf.memory().numTensors, before);
});
