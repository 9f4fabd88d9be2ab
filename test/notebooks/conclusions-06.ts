/**
 * The claim notebook 06 states, checked on the `CONCLUSION {json}` line its last cell prints:
 *
 *   one step (30 minutes) ahead, every recurrent cell's test MAE (mean over seeds, MW) is below the naive and the
 *   seasonal-naive forecasts' by a clear margin (at most 75% of the naive MAE, the better of the two);
 *   one day (48 steps) ahead, every cell's MAE is below the seasonal-naive forecast's.
 *
 * Measured at quick scale on wasm: one step rnn/lstm/gru ~230-300 MW vs naive ~630 and seasonal naive ~1760;
 * one day rnn/lstm/gru ~830-1250 MW vs seasonal naive ~1970 (one seed at quick scale). Whether the cells beat the linear autoregression is
 * printed but not claimed: one step ahead they do not clearly do so at quick scale.
 */
import assert from "node:assert/strict";

const CELLS = ["rnn", "lstm", "gru"];

function maeTable(part: any, name: string, models: string[]): Record<string, number> {
  assert.ok(part && typeof part === "object", `conclusion.${name} is missing`);
  assert.ok(Array.isArray(part.seeds) && part.seeds.length >= 1, `conclusion.${name}.seeds lists no seed`);
  const mae = part.maeMW;
  assert.ok(mae && typeof mae === "object", `conclusion.${name}.maeMW is missing`);
  for (const model of models) {
    assert.ok(Number.isFinite(mae[model]) && mae[model] > 0, `conclusion.${name}.maeMW.${model} is ${mae[model]}, expected a positive number of MW`);
  }
  return mae;
}

export function checkConclusion06(conclusion: any): void {
  const oneStep = maeTable(conclusion?.oneStep, "oneStep", [...CELLS, "naive", "seasonal-naive", "linear-ar"]);
  const naiveBest = Math.min(oneStep.naive, oneStep["seasonal-naive"]);
  for (const cell of CELLS) {
    assert.ok(
      oneStep[cell] <= 0.75 * naiveBest,
      `one step ahead ${cell} has MAE ${oneStep[cell].toFixed(1)} MW, not clearly below the better naive forecast's ${naiveBest.toFixed(1)} MW`,
    );
  }
  const dayAhead = maeTable(conclusion?.dayAhead, "dayAhead", [...CELLS, "seasonal-naive"]);
  for (const cell of CELLS) {
    assert.ok(
      dayAhead[cell] < dayAhead["seasonal-naive"],
      `one day ahead ${cell} has MAE ${dayAhead[cell].toFixed(1)} MW, not below the seasonal-naive forecast's ${dayAhead["seasonal-naive"].toFixed(1)} MW`,
    );
  }
}
