/**
 * Parameter counts without building a model, and the unit count that matches a parameter budget
 * (Chung et al. 2014 compare cells at roughly equal parameter counts, not equal units).
 *
 * One recurrent layer with F inputs and H units (Keras / TF.js layout, see ../cells/types.ts):
 *   rnn : H (F + H + 1)
 *   lstm: 4 H (F + H + 1)
 *   gru : 3 H (F + H + 2)    (resetAfter: separate input and recurrent biases)
 */
import type { CellName } from "../cells/types";

export function recurrentParamCount(cell: CellName, inputSize: number, units: number): number {
  switch (cell) {
    case "rnn":
      return units * (inputSize + units + 1);
    case "lstm":
      return 4 * units * (inputSize + units + 1);
    case "gru":
      return 3 * units * (inputSize + units + 2);
    default:
      throw new Error(`unknown cell '${cell as string}': use one of rnn, lstm, gru`);
  }
}

/**
 * The number of units (1..maxUnits) whose model size `count(units)` is closest to `budget`; on a tie
 * the smaller model wins.
 */
export function unitsForParamBudget(budget: number, count: (units: number) => number, maxUnits = 2048): number {
  if (!(budget > 0)) throw new Error(`parameter budget must be positive, got ${budget}`);
  let best = 1;
  let bestGap = Math.abs(count(1) - budget);
  for (let units = 2; units <= maxUnits; units++) {
    const size = count(units);
    const gap = Math.abs(size - budget);
    if (gap < bestGap) {
      best = units;
      bestGap = gap;
    }
    if (size > budget) break; // sizes grow with units: nothing further can be closer
  }
  return best;
}
