/**
 * Gate layout and notation: the one place that says how a cell's weights are laid out and what each block is
 * called. The cells (./rnn.ts, ./lstm.ts, ./gru.ts), the weight converters (./weights.ts), the fused sequence
 * code (./fused/) and the WebAssembly kernels (assembly/recurrent.ts, which cannot import this file and repeats
 * the block order in its comments) all follow it.
 *
 * Notation (B batch rows, T steps, F input features, H units, G gate blocks):
 *   x_t  [B, F]       input at step t            h_t [B, H]  hidden state     c_t [B, H]  LSTM cell state
 *   W    [F, G*H]     input weights      (the layer's `kernel`)
 *   U    [H, G*H]     recurrent weights  (the layer's `recurrentKernel`)
 *   b    [G*H]        bias (= b_ih + b_hh of PyTorch); the reset-after GRU keeps both: [2, G*H] = [b_in; b_rec]
 *   a_t = x_t W + h_{t-1} U + b   [B, G*H]   pre-activations, one block of H columns per gate
 *
 * Gate blocks, in column order (Keras / TF.js layout):
 *   rnn : G = 1   [ h ]               h = tanh(a)
 *   lstm: G = 4   [ i | f | g | o ]   input gate, forget gate, cell candidate, output gate
 *   gru : G = 3   [ z | r | n ]       update gate, reset gate, candidate
 * Gates (i, f, o, z, r) use the logistic sigmoid, candidates (g, n) and outputs use tanh.
 * PyTorch stores the same blocks row-wise (weight_ih [G*H, F] = W^T) and orders the GRU's as [r | z | n].
 */
import type { CellName } from "./types";

/** The gate blocks of each cell, in column order of W, U and b. */
export const GATE_SYMBOLS = {
  rnn: ["h"],
  lstm: ["i", "f", "g", "o"],
  gru: ["z", "r", "n"],
} as const satisfies Record<CellName, readonly string[]>;

export type GateSymbol<C extends CellName> = (typeof GATE_SYMBOLS)[C][number];

/** G, the number of gate blocks: rnn 1, lstm 4, gru 3. */
export const GATE_COUNT: Readonly<Record<CellName, number>> = {
  rnn: GATE_SYMBOLS.rnn.length,
  lstm: GATE_SYMBOLS.lstm.length,
  gru: GATE_SYMBOLS.gru.length,
};

/** What each symbol stands for (for messages and notebooks). */
export const GATE_NAMES: Readonly<Record<string, string>> = {
  h: "hidden state",
  i: "input gate",
  f: "forget gate",
  g: "cell candidate",
  o: "output gate",
  z: "update gate",
  r: "reset gate",
  n: "candidate",
};

/** Block index of a gate in the Keras layout, e.g. gateBlock("lstm", "f") = 1. */
export function gateBlock<C extends CellName>(cell: C, symbol: GateSymbol<C>): number {
  return (GATE_SYMBOLS[cell] as readonly string[]).indexOf(symbol);
}

/** The order PyTorch stacks the blocks in (weight_ih_l0 rows): the GRU swaps z and r. */
export const TORCH_GATE_SYMBOLS: Readonly<Record<CellName, readonly string[]>> = {
  rnn: GATE_SYMBOLS.rnn,
  lstm: GATE_SYMBOLS.lstm,
  gru: ["r", "z", "n"],
};

/** G, checked: throws a one-line message for an unknown cell name. */
export function gateCount(cell: CellName): number {
  const count = GATE_COUNT[cell];
  if (count === undefined) throw new Error(`unknown cell '${cell as string}': use one of rnn, lstm, gru`);
  return count;
}

/** Floats in b: G*H, or 2*G*H for the reset-after GRU. */
export function biasLength(cell: CellName, units: number, resetAfter: boolean): number {
  const GH = gateCount(cell) * units;
  return cell === "gru" && resetAfter ? 2 * GH : GH;
}
