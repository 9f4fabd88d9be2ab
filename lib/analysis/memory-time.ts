/**
 * Memory time constants of a gated cell, read from its gates on a sequence.
 *
 * Without new input a gated cell keeps a fraction of its memory per step: the LSTM's cell state
 * c_t = f_t * c_{t-1} + i_t * g_t keeps f_t, the GRU's hidden state h_t = z_t * h_{t-1} + (1 - z_t) * n_t keeps z_t.
 * Over k steps that is prod_s keep_s; with the geometric mean keep value k_bar per unit,
 *
 *     k_bar^k = exp(-k / tau),        tau = -1 / ln(k_bar)   steps
 *
 * (k_bar = sigma(1) = 0.731, the LSTM's forget gate with the library's forget bias 1 and no weights acting, gives
 * tau = 3.2 steps). `memoryTimeConstants` steps the cell over one sequence from the zero state, records its gates
 * (after `warmUp` steps, so the zero start does not count), and reports k_bar and tau per unit.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellState, StepResult } from "../cells/types";

/** A cell that can be stepped and reports its gates (the workbook's cells; a trained layer's `workbookCell`). */
export interface GatedCell {
  readonly units: number;
  step(x: tf.Tensor2D, state: CellState): StepResult;
  initialState(batch: number): CellState;
}

/** Memory time constant of one unit. */
export interface UnitTimeConstant {
  unit: number;
  /** Geometric mean of the keep gate over the recorded steps. */
  meanKeep: number;
  /** tau = -1 / ln(meanKeep), in steps (Infinity when the gate is exactly 1). */
  tau: number;
}

/** What `memoryTimeConstants` returns. */
export interface MemoryTimeConstants {
  /** Per unit, in unit order. */
  units: UnitTimeConstant[];
  /** Median and largest tau over the units. */
  medianTau: number;
  longestTau: number;
  /** Every gate the step reports (the keep gate among them), each time x units, steps after the warm-up. */
  gates: Record<string, number[][]>;
}

/**
 * tau = -1 / ln(geometric mean of the keep gate) per unit, with the cell stepped over `inputs` (time x features,
 * one sequence). `gate` names the keep gate in the step's `gates`: "forgetGate" (LSTM, the default) or
 * "updateGate" (GRU).
 */
export function memoryTimeConstants(
  cell: GatedCell,
  inputs: number[][],
  options: { gate?: string; warmUp?: number } = {},
): MemoryTimeConstants {
  const { gate = "forgetGate", warmUp = 0 } = options;
  if (inputs.length <= warmUp) throw new Error(`memoryTimeConstants: ${inputs.length} steps leave nothing after a warm-up of ${warmUp}: pass a longer sequence`);
  const gates: Record<string, number[][]> = {};
  let state = cell.initialState(1);
  for (let t = 0; t < inputs.length; t++) {
    const x = tf.tensor2d([inputs[t]]);
    const next = cell.step(x, state);
    const values = next.gates[gate];
    if (!values) throw new Error(`memoryTimeConstants: the cell has no gate '${gate}' (it has ${Object.keys(next.gates).join(", ") || "none"}): pass gate "forgetGate" for an LSTM, "updateGate" for a GRU`);
    if (t >= warmUp) for (const [name, value] of Object.entries(next.gates)) (gates[name] ??= []).push(Array.from(value.dataSync()));
    tf.dispose([x, state.h, ...(state.c ? [state.c] : []), ...Object.values(next.gates)]);
    state = { h: next.h, c: next.c };
  }
  tf.dispose([state.h, ...(state.c ? [state.c] : [])]);
  const keep = gates[gate];
  const units = Array.from({ length: cell.units }, (_, unit) => {
    const meanLog = keep.reduce((s, row) => s + Math.log(row[unit]), 0) / keep.length;
    return { unit, meanKeep: Math.exp(meanLog), tau: -1 / meanLog };
  });
  const sorted = units.map((u) => u.tau).sort((a, b) => a - b);
  const medianTau = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  return { units, medianTau, longestTau: sorted[sorted.length - 1], gates };
}
