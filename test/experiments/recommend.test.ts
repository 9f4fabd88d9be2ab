import { test } from "node:test";
import assert from "node:assert/strict";
import type { PitfallMeasurement, PitfallVariant } from "../../lib/analysis/pitfall-common";
import { cheapestNearBest, cheapestWithin, recommendCells } from "../../lib/experiments/recommend";
import type { ModelSummary, Summary } from "../../lib/experiments/summary";

function variant(name: string, value: number, trainSeconds: number): PitfallVariant {
  return { name, value, trainSeconds, params: 1, units: 1, cell: "rnn", epochsRun: 1, history: [], diverged: false };
}

test("cheapestWithin: fastest variant within the tolerance of the best, for either direction of the metric", () => {
  const errors: PitfallMeasurement = {
    pitfall: "cell-choice", task: "t", metric: "mae", unit: "MW", lowerIsBetter: true, reference: { name: "naive", value: 9 },
    variants: [variant("lstm", 100, 30), variant("gru", 103, 20), variant("rnn", 120, 5)],
  };
  assert.equal(cheapestWithin(errors, 0.05).name, "gru"); // rnn is 20% worse, gru 3% and faster than lstm
  assert.equal(cheapestWithin(errors, 0.25).name, "rnn");
  assert.equal(cheapestWithin(errors, 0).name, "lstm");
  const accuracies: PitfallMeasurement = { ...errors, metric: "accuracy", lowerIsBetter: false, variants: [variant("a", 0.8, 10), variant("b", 0.79, 2), variant("c", 0.5, 1)] };
  assert.equal(cheapestWithin(accuracies, 0.02).name, "b");
  assert.equal(cheapestWithin(accuracies, 0).name, "a");
  assert.throws(() => cheapestWithin(errors, -1), /tolerance must be >= 0/);
  assert.throws(() => cheapestWithin({ ...errors, variants: [variant("x", Number.NaN, 1)] }, 0.1), /no variant of 'cell-choice' has a finite score/);
});

function modelSummary(model: string, metric: string, value: number, trainSeconds: number, params: number | null): ModelSummary {
  const one = (mean: number) => ({ mean, std: 0, n: 1 });
  return { model, seeds: [1], metrics: { [metric]: one(value) }, params, units: params === null ? null : 8, trainSeconds: one(trainSeconds), sequencesPerSecond: null };
}

test("recommendCells: best cell, cheapest cell near it, and the baseline verdict per task", () => {
  const summary: Summary = {
    scale: "test", backend: "cpu", machine: "m", createdAt: "t", missing: [],
    tasks: [
      {
        task: "f", title: "F", kind: "forecast", primaryMetric: "mase", lowerIsBetter: true, sizing: "", verdicts: [],
        models: [
          modelSummary("rnn", "mase", 0.82, 4, 100),
          modelSummary("lstm", "mase", 0.80, 12, 400),
          modelSummary("gru", "mase", 0.81, 9, 300),
          modelSummary("naive", "mase", 1.1, 0, null),
          modelSummary("linear-ar", "mase", 0.9, 0.1, null),
        ],
      },
      {
        task: "s", title: "S", kind: "sentiment", primaryMetric: "accuracy", lowerIsBetter: false, sizing: "", verdicts: [],
        models: [
          modelSummary("rnn", "accuracy", 0.6, 5, 100),
          modelSummary("gru", "accuracy", 0.7, 8, 300),
          modelSummary("bow-logistic", "accuracy", 0.8, 1, null),
        ],
      },
      { task: "b", title: "only baselines", kind: "forecast", primaryMetric: "mase", lowerIsBetter: true, sizing: "", verdicts: [], models: [modelSummary("naive", "mase", 1, 0, null)] },
    ],
  };
  const [forecast, sentiment, ...rest] = recommendCells(summary, 0.03);
  assert.equal(rest.length, 0, "a task without cells gives no recommendation");
  assert.equal(forecast.best.cell, "lstm");
  assert.equal(forecast.choice.cell, "rnn"); // 0.82 <= 0.80 * 1.03 and the fastest
  assert.deepEqual(forecast.bestBaseline, { model: "linear-ar", value: 0.9 });
  assert.equal(forecast.cellBeatsBaseline, true);
  assert.equal(recommendCells(summary, 0.015)[0].choice.cell, "gru"); // 0.81 <= 0.812 < 0.82: rnn too far, gru faster than lstm
  assert.equal(recommendCells(summary, 0)[0].choice.cell, "lstm");
  assert.equal(sentiment.best.cell, "gru");
  assert.equal(sentiment.choice.cell, "gru");
  assert.equal(sentiment.cellBeatsBaseline, false);
  assert.deepEqual(sentiment.bestBaseline, { model: "bow-logistic", value: 0.8 });
  assert.deepEqual(
    cheapestNearBest([{ name: "a", value: 1, trainSeconds: 3 }, { name: "b", value: Number.NaN, trainSeconds: 0 }], true, 10).name,
    "a",
    "options without a finite score are never chosen",
  );
});
