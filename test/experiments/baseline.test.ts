/**
 * The restructuring guard: the tiny suite and a small memory sweep, rerun through today's engine, give the numbers
 * recorded before the experiment engine, the preprocessing path and the random streams were unified
 * (test/fixtures/baseline-wasm.json, written from `rnn-workbook reproduce --scale tiny` and `rnn-workbook memory`
 * on the wasm backend at commit 5785ab7). Same backend, same seeds: the numbers must not move. The tolerance
 * (relative 1e-4) only absorbs a change of float summation order in a rewritten kernel; anything a refactor breaks
 * (another seed stream, another split, another batch order) moves the metrics by far more.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { currentBackend, initBackend } from "../../lib/backend";
import { builtinSuite } from "../../lib/experiments/specs";
import { runSuite } from "../../lib/experiments/suite";
import { runMemorySweep } from "../../lib/experiments/memory-sweep";
import type { MemoryTaskName } from "../../lib/analysis/tasks";

interface BaselineRun {
  task: string;
  model: string;
  seed: number;
  metrics: Record<string, number>;
  epochsRun?: number;
  bestEpoch?: number;
  history?: { loss: number; valLoss?: number }[];
}
interface BaselineMemoryRun {
  cell: string;
  length: number;
  seed: number;
  testError: number | null;
  sequencesSeen: number;
  solved: boolean;
  curve: { sequences: number; testError: number | null }[];
  gradients?: { initial: number[]; trained: number[] };
}
interface Baseline {
  backend: string;
  tiny: { runs: BaselineRun[] };
  memory: Record<string, { settings: { task: MemoryTaskName; lengths: number[]; seeds: number; budget: number; evalEvery: number; testSize: number; units: number }; runs: BaselineMemoryRun[] }>;
}

const baseline = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "test", "fixtures", "baseline-wasm.json"), "utf8")) as Baseline;

function close(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    assert.equal(actual ?? null, expected ?? null, what);
    return;
  }
  assert.ok(actual !== null && actual !== undefined, `${what}: got ${actual}, expected ${expected}`);
  const tolerance = 1e-4 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected} (baseline)`);
}

async function onBaselineBackend(t: { skip: (message: string) => void }): Promise<boolean> {
  await initBackend({ quiet: true });
  if (currentBackend() !== baseline.backend) {
    t.skip(`the baseline was recorded on ${baseline.backend}; this process runs ${currentBackend()} (set RNN_WORKBOOK_BACKEND=${baseline.backend})`);
    return false;
  }
  return true;
}

test("the tiny suite gives the baseline's metrics and learning curves", async (t) => {
  if (!(await onBaselineBackend(t))) return;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-baseline-"));
  const { summary } = await runSuite(builtinSuite("tiny"), { outDir: out, log: () => undefined });
  assert.deepEqual(summary.missing, []);
  const stored = fs.readdirSync(path.join(out, "runs")).flatMap((task) =>
    fs
      .readdirSync(path.join(out, "runs", task))
      .filter((f) => f !== "task.json")
      .map((f) => JSON.parse(fs.readFileSync(path.join(out, "runs", task, f), "utf8")) as BaselineRun),
  );
  assert.equal(stored.length, baseline.tiny.runs.length);
  for (const expected of baseline.tiny.runs) {
    const id = `${expected.task}/${expected.model}/seed${expected.seed}`;
    const run = stored.find((r) => r.task === expected.task && r.model === expected.model && r.seed === expected.seed);
    assert.ok(run, `${id} missing`);
    assert.deepEqual(Object.keys(run.metrics).sort(), Object.keys(expected.metrics).sort(), id);
    for (const [name, value] of Object.entries(expected.metrics)) close(run.metrics[name], value, `${id} ${name}`);
    assert.equal(run.epochsRun, expected.epochsRun, `${id} epochs`);
    assert.equal(run.bestEpoch, expected.bestEpoch, `${id} best epoch`);
    (expected.history ?? []).forEach((h, i) => {
      close(run.history?.[i]?.loss, h.loss, `${id} epoch ${i + 1} loss`);
      close(run.history?.[i]?.valLoss, h.valLoss, `${id} epoch ${i + 1} validation loss`);
    });
  }
});

for (const name of ["adding", "copy"]) {
  test(`a small ${name} memory sweep gives the baseline's test errors, curves and gradient probes`, async (t) => {
    if (!(await onBaselineBackend(t))) return;
    const { settings, runs } = baseline.memory[name];
    const results = await runMemorySweep({ ...settings });
    assert.equal(results.runs.length, runs.length);
    for (const expected of runs) {
      const id = `${name} T=${expected.length} ${expected.cell} seed ${expected.seed}`;
      const run = results.runs.find((r) => r.cell === expected.cell && r.length === expected.length && r.seed === expected.seed);
      assert.ok(run, `${id} missing`);
      close(run.testError, expected.testError, `${id} test error`);
      assert.equal(run.sequencesSeen, expected.sequencesSeen, `${id} sequences seen`);
      assert.equal(run.solved, expected.solved, `${id} solved`);
      assert.equal(run.curve.length, expected.curve.length, `${id} curve points`);
      expected.curve.forEach((p, i) => {
        assert.equal(run.curve[i].sequences, p.sequences, `${id} curve ${i}`);
        close(run.curve[i].testError, p.testError, `${id} curve ${i} test error`);
      });
      expected.gradients?.initial.forEach((v, i) => close(run.gradients?.initial[i], v, `${id} initial gradient lag ${i + 1}`));
      expected.gradients?.trained.forEach((v, i) => close(run.gradients?.trained[i], v, `${id} trained gradient lag ${i + 1}`));
    }
  });
}
