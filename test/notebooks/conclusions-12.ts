/**
 * The claim notebook 12 states, checked on the `CONCLUSION {json}` line its conclusion cell prints:
 *
 *   dot-product attention lowers the test phoneme error rate of the best encoder-decoder, and on average over the
 *   three cells.
 *
 * Measured at quick scale on wasm (one seed, 4 epochs): PER without attention rnn ~0.94, lstm ~0.69, gru ~0.58; with
 * attention rnn ~0.48, lstm ~0.59, gru ~0.32 (mean gain ~27 points). Word error rates are printed but not claimed.
 */
import assert from "node:assert/strict";

const CELLS = ["rnn", "lstm", "gru"];

export function checkConclusion12(conclusion: any): void {
  const per = conclusion?.per;
  assert.ok(per && typeof per === "object", "conclusion.per is missing");
  for (const model of [...CELLS, ...CELLS.map((c) => `${c}+attention`)]) {
    assert.ok(Number.isFinite(per[model]) && per[model] >= 0, `conclusion.per.${model} is ${per[model]}, expected an error rate`);
  }
  const bestPlain = Math.min(...CELLS.map((c) => per[c]));
  const bestAttention = Math.min(...CELLS.map((c) => per[`${c}+attention`]));
  assert.ok(bestAttention < bestPlain, `the best PER with attention (${bestAttention.toFixed(3)}) is not below the best without (${bestPlain.toFixed(3)})`);
  assert.ok(conclusion.meanAttentionGainPer > 0, `attention does not lower the mean PER (gain ${conclusion.meanAttentionGainPer})`);
}
