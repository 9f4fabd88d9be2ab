import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../lib/backend";
import { ADDING_BASELINE_MSE } from "../../lib/analysis/adding";
import { measureExplodingGradient } from "../../lib/analysis/exploding-gradient";

test("exploding gradient: a large recurrent gain makes ||dL/dh_{T-k}|| grow with the lag, gain 1 makes it shrink", async () => {
  await initBackend({ quiet: true });
  const result = measureExplodingGradient({ gains: [1, 3], length: 30, steps: 3 });
  const [unit, large] = result.byGain;
  assert.equal(unit.norms.length, 30);
  assert.ok(unit.norms[29] < unit.norms[0] / 10, `gain 1: lag 30 ${unit.norms[29]} vs lag 1 ${unit.norms[0]}`);
  assert.ok(large.norms[29] > large.norms[0] * 10, `gain 3: lag 30 ${large.norms[29]} vs lag 1 ${large.norms[0]}`);
});

test("clipping bounds every step by lr * clipNorm; without it the first step is lr * ||g|| and saturates the units", async () => {
  await initBackend({ quiet: true });
  const learningRate = 0.05;
  const { runs } = measureExplodingGradient({ gains: [], steps: 8, learningRate, clipNorm: 1 });
  const [free, clipped] = runs;
  assert.equal(free.clipNorm, 0);
  assert.equal(clipped.clipNorm, 1);
  // Same weights and batch: the first loss and the first (unclipped) gradient norm agree.
  assert.ok(Math.abs(free.losses[0] - clipped.losses[0]) < 1e-6);
  assert.ok(Math.abs(free.gradientNorms[0] - clipped.gradientNorms[0]) / free.gradientNorms[0] < 1e-4);
  assert.ok(Math.abs(free.stepLengths[0] - learningRate * free.gradientNorms[0]) < 1e-6 * free.stepLengths[0]);
  for (const length of clipped.stepLengths) assert.ok(length <= learningRate * 1 + 1e-9, `clipped step ${length}`);
  assert.ok(free.gradientNorms[0] > 100, `the gain-3 gradient explodes: ${free.gradientNorms[0]}`);
  // The unclipped jump leaves the units saturated (tanh' near 0) and the loss at the memoryless baseline.
  assert.ok(free.meanTanhDerivative.after < free.meanTanhDerivative.before / 5, JSON.stringify(free.meanTanhDerivative));
  assert.ok(clipped.meanTanhDerivative.after > clipped.meanTanhDerivative.before / 2, JSON.stringify(clipped.meanTanhDerivative));
  assert.ok(Math.abs(free.losses.at(-1)! - ADDING_BASELINE_MSE) < 0.03, `free run ends at ${free.losses.at(-1)}`);
});
