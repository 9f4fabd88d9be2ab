import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../lib/backend";
import { builtinSuite, suiteJobs, taskModels } from "../../lib/experiments/specs";
import { createJobRunner } from "../../lib/experiments/suite";
import { forecastUnits, levelsFromChanges, prepareForecast } from "../../lib/experiments/forecast-task";
import { forecasterParamCount } from "../../lib/models/forecaster";
import type { ForecastTask } from "../../lib/experiments/types";
import { naiveForecast } from "../../lib/models/forecast-baselines";

const tiny = builtinSuite("tiny");

test("the same seed gives the same metrics on the same backend; another seed differs", async () => {
  await initBackend({ quiet: true });
  const runner = createJobRunner(tiny.tasks);
  for (const task of ["births", "uci-sentences"]) {
    const a = await runner.run({ task, model: "gru", seed: 1 });
    const b = await runner.run({ task, model: "gru", seed: 1 });
    const c = await runner.run({ task, model: "gru", seed: 2 });
    assert.deepEqual(a.metrics, b.metrics, task);
    assert.deepEqual(a.history, b.history, task);
    assert.notDeepEqual(a.history, c.history, task);
  }
});

test("every model of a forecasting task is scored on the same test windows, in original units", async () => {
  await initBackend({ quiet: true });
  const task = tiny.tasks.find((t) => t.name === "births") as ForecastTask;
  const prepared = prepareForecast(task);
  const runner = createJobRunner(tiny.tasks);
  const naive = await runner.run({ task: "births", model: "naive", seed: 1 });
  // recompute the naive MAE by hand from the original series
  const test = prepared.original.test.block();
  let sum = 0;
  for (let i = 0; i < test.count; i++) {
    const last = test.x[(i * task.lookback + task.lookback - 1) * test.xShape[2]];
    const forecast = naiveForecast([last], task.horizon);
    for (let k = 0; k < task.horizon; k++) sum += Math.abs(test.y[i * task.horizon + k] - forecast[k]);
  }
  assert.ok(Math.abs(naive.metrics.mae - sum / (test.count * task.horizon)) < 1e-9);
  const lstm = await runner.run({ task: "births", model: "lstm", seed: 1 });
  assert.equal(lstm.sample?.actual.length, naive.sample?.actual.length);
  assert.deepEqual(lstm.sample?.actual, naive.sample?.actual);
  // births are around 10,000 a day: errors in original units are hundreds, not standardised fractions
  assert.ok(naive.metrics.mae > 50 && lstm.metrics.mae > 50);
});

test("matched parameter counts stay within a few percent of the reference cell's", () => {
  const sizing = { sizing: "matched-params" as const, units: 32, referenceCell: "lstm" as const };
  const reference = forecasterParamCount("lstm", { lookback: 28, features: 1, units: 32 });
  for (const cell of ["rnn", "gru"] as const) {
    const units = forecastUnits(cell, sizing, 1, 1);
    const count = forecasterParamCount(cell, { lookback: 28, features: 1, units });
    assert.ok(Math.abs(count - reference) / reference < 0.05, `${cell}: ${count} vs ${reference}`);
    assert.notEqual(units, 32); // matched sizes differ from the reference's units
  }
  assert.equal(forecastUnits("gru", { ...sizing, sizing: "equal-units" }, 1, 1), 32);
});

test("a suite lists every task x seed x model job, with seasonal naive only for seasonal tasks", () => {
  const quick = builtinSuite("quick");
  const jobs = suiteJobs(quick);
  const expected = quick.tasks.reduce((n, t) => n + quick.seeds.length * taskModels(t, quick.cells).length, 0);
  assert.equal(jobs.length, expected);
  const sp500 = quick.tasks.find((t) => t.name === "sp500")!;
  assert.ok(!taskModels(sp500, quick.cells).includes("seasonal-naive"));
  assert.ok(taskModels(quick.tasks[0], quick.cells).includes("seasonal-naive"));
  assert.equal(new Set(jobs.map((j) => `${j.task}/${j.model}/${j.seed}`)).size, jobs.length);
});

test("a job runner reports every training epoch of a recurrent model to onEpochEnd", async () => {
  await initBackend({ quiet: true });
  const seen: string[] = [];
  const runner = createJobRunner(tiny.tasks, { onEpochEnd: (job, info) => void seen.push(`${job.model}:${info.epoch}`) });
  const record = await runner.run({ task: "births", model: "rnn", seed: 1 });
  assert.deepEqual(seen, Array.from({ length: record.epochsRun as number }, (_, i) => `rnn:${i + 1}`));
  await runner.run({ task: "births", model: "naive", seed: 1 });
  assert.equal(seen.length, record.epochsRun); // baselines do not train
});

test("with differencing, level forecasts are the last value plus the running sum of predicted changes", () => {
  // two windows, horizon 3: last levels 100 and 50
  const levels = levelsFromChanges([100, 50], [1, 2, -3, 0, 0, 5], 3);
  assert.deepEqual(Array.from(levels), [101, 103, 100, 50, 50, 55]);
});

test("a differenced task trains on standardised changes and scores levels", async () => {
  await initBackend({ quiet: true });
  const births = tiny.tasks.find((t) => t.name === "births") as ForecastTask;
  const task: ForecastTask = { ...births, name: "births-diff", differencing: true };
  const prepared = prepareForecast(task);
  const { mean, std } = prepared.targetScale;
  const changes = prepared.scaled.train.block();
  const levels = prepared.original.train.block();
  const H = task.horizon;
  for (let i = 0; i < levels.count; i++) {
    let previous = levels.x[(i * task.lookback + task.lookback - 1) * levels.xShape[2]];
    for (let k = 0; k < H; k++) {
      const change = levels.y[i * H + k] - previous;
      assert.ok(Math.abs(changes.y[i * H + k] * std + mean - change) < 1e-2 * std, `window ${i} step ${k}`);
      previous = levels.y[i * H + k];
    }
  }
  // scores stay in levels: the naive baseline's error is in births per day, as without differencing
  const naive = await createJobRunner([task]).run({ task: "births-diff", model: "naive", seed: 1 });
  assert.ok(naive.metrics.mae > 50);
});

test("every built-in forecasting and UCI task prepares its data at every scale", () => {
  for (const scale of ["tiny", "quick", "full"] as const) {
    for (const task of builtinSuite(scale).tasks) {
      if (task.name === "imdb") continue; // 50k reviews: covered by `reproduce --only imdb`, too slow for a unit test
      const runner = createJobRunner([task]);
      assert.doesNotThrow(() => runner.prepare(task.name), `${scale}/${task.name}`);
    }
  }
});
