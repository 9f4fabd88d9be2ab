/**
 * The benchmark's configurations (issues #7 and #16) and the arithmetic each one costs. Kept apart from
 * bench/recurrent.ts (which loads TF.js) so the README table can be written from a JSON without it.
 */
import type { CellName } from "../lib/cells/types";

export interface BenchConfig {
  name: string;
  batch: number;
  steps: number;
  features: number;
  units: number;
}

/** (batch, steps, features, units). */
export const CONFIGS: Record<string, BenchConfig> = {
  c1: { name: "c1", batch: 64, steps: 50, features: 1, units: 64 },
  c2: { name: "c2", batch: 32, steps: 100, features: 8, units: 128 },
  c3: { name: "c3", batch: 128, steps: 200, features: 16, units: 256 },
};

/** Weight blocks per cell: h_t from one block (RNN), four gates (LSTM), three (GRU). */
const GATE_BLOCKS: Record<CellName, number> = { rnn: 1, lstm: 4, gru: 3 };

/**
 * Floating-point operations of one sequence through the recurrent layer, counting the matrix products only
 * (2 per multiply-add; the gate nonlinearities, the 1-unit head and the optimizer are a few percent):
 *
 *     forward  = 2 T (g H) (F + H)       the input projection x_t W and the recurrent product h_{t-1} U, every step
 *     training = 3 x forward             the forward pass, the weights' gradient, the gradient carried back
 *
 * with T steps, F features, H units and g weight blocks. "3x forward" is the usual convention (the backward
 * pass is two products per forward product); it is an estimate the same for every implementation, so rates
 * from it compare implementations and a kernel with its own ceiling, not exact FLOP counters.
 */
export function flopsPerSequence(config: BenchConfig, cell: CellName): { forward: number; train: number } {
  const forward = 2 * config.steps * GATE_BLOCKS[cell] * config.units * (config.features + config.units);
  return { forward, train: 3 * forward };
}
