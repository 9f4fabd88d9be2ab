/**
 * Import and export of a cell's weights, in PyTorch layout and in Keras / TF.js layout.
 *
 * PyTorch (nn.RNN / nn.LSTM / nn.GRU, layer 0) stores row blocks of H rows per gate:
 *   weight_ih_l0 [G*H, F], weight_hh_l0 [G*H, H], bias_ih_l0 [G*H], bias_hh_l0 [G*H]
 * and computes x W_ih^T + b_ih + h W_hh^T + b_hh. The workbook cells (Keras layout) store column blocks:
 *   kernel = W_ih^T [F, G*H],  recurrentKernel = W_hh^T [H, G*H]
 *   rnn, lstm: same gate order (lstm i, f, g, o), bias [G*H] = b_ih + b_hh
 *   gru:       torch blocks r, z, n -> Keras z, r, n (block permutation [1, 0, 2]);
 *              resetAfter: true only (PyTorch's GRU *is* the reset-after GRU), bias [2, 3H] = [b_ih; b_hh]
 *
 * Export to PyTorch (`getTorchWeights`): an RNN / LSTM has one summed bias, so the export puts all of it in
 * bias_ih_l0 and zeros in bias_hh_l0 (PyTorch adds them, so the module computes the same function).
 * A reset-before GRU (resetAfter: false) has no PyTorch equivalent: import and export both refuse it.
 */
import * as tf from "@tensorflow/tfjs";
import { WorkbookCell } from "./base";
import { WorkbookGRUCell } from "./gru";
import { GATE_SYMBOLS, TORCH_GATE_SYMBOLS } from "./gates";
import type { CellName, KerasWeights, TorchWeights } from "./types";

/** Keras gate block k comes from PyTorch gate block TORCH_BLOCK[cell][k]. */
const TORCH_BLOCK: Record<CellName, number[]> = {
  rnn: GATE_SYMBOLS.rnn.map((s) => TORCH_GATE_SYMBOLS.rnn.indexOf(s)),
  lstm: GATE_SYMBOLS.lstm.map((s) => TORCH_GATE_SYMBOLS.lstm.indexOf(s)),
  gru: GATE_SYMBOLS.gru.map((s) => TORCH_GATE_SYMBOLS.gru.indexOf(s)),
};

/** The workbook cell behind a layer from recurrentLayer(), a tf.layers.rnn({cell}) layer, or a cell itself. */
export function cellOf(layer: tf.layers.Layer, where: string): WorkbookCell {
  if (layer instanceof WorkbookCell) return layer;
  const cell = (layer as unknown as { cell?: unknown })?.cell;
  if (cell instanceof WorkbookCell) return cell;
  const got = layer?.getClassName ? layer.getClassName() : typeof layer;
  throw new Error(`${where}: expected a layer made by recurrentLayer() or tf.layers.rnn({ cell: createCell(...) }), got ${got}`);
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/**
 * Flatten a nested number array of the expected shape, or throw an error naming the expected shape.
 * Every row must have the same length and every entry must be a finite number.
 */
export function flatten(value: unknown, expected: number[], name: string, meaning: string): Float32Array {
  const fail = (got: string) => {
    throw new Error(`${name} must have shape [${expected}] (${meaning}), got ${got}`);
  };
  const shape = shapeOf(value);
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) fail(`[${shape}]`);
  const out = new Float32Array(expected.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (v: unknown, depth: number) => {
    if (depth === expected.length) {
      if (typeof v !== "number" || !Number.isFinite(v)) fail(`a non-finite entry (${JSON.stringify(v)})`);
      out[k++] = v as number;
      return;
    }
    if (!Array.isArray(v) || v.length !== expected[depth]) fail("a ragged array");
    for (const item of v as unknown[]) walk(item, depth + 1);
  };
  walk(value, 0);
  return out;
}

/** Build the cell (when the layer was not called yet) for the given number of input features. */
function ensureBuilt(cell: WorkbookCell, inputSize: number, where: string): void {
  if (!cell.built) cell.build([null, inputSize]);
  else if (cell.inputSize !== inputSize) {
    throw new Error(`${where}: this ${cell.cellName} layer was built for ${cell.inputSize} input features, the weights have ${inputSize}`);
  }
}

function keras2d(flat: Float32Array, rows: number): number[][] {
  const cols = flat.length / rows;
  return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
}

/** Set a workbook layer's weights from PyTorch's weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0. */
export function setTorchWeights(layer: tf.layers.Layer, weights: TorchWeights): void {
  const where = "setTorchWeights";
  const cell = cellOf(layer, where);
  if (cell instanceof WorkbookGRUCell && !cell.resetAfter) {
    throw new Error(`${where}: PyTorch's GRU is the reset-after GRU; this GRU has resetAfter: false: create it with resetAfter: true`);
  }
  if (weights == null || typeof weights !== "object") throw new Error(`${where}: expected { weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 }`);
  const H = cell.units;
  const G = cell.gateCount;
  const GH = G * H;
  const inputSize = shapeOf(weights.weight_ih_l0)[1];
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`${where}: weight_ih_l0 must have shape [${GH}, F] (${G}*H rows for a ${cell.cellName} with H=${H}), got [${shapeOf(weights.weight_ih_l0)}]`);
  }
  const F = inputSize;
  const wIh = flatten(weights.weight_ih_l0, [GH, F], "weight_ih_l0", `${G}*H x F for a ${cell.cellName} with H=${H}`);
  const wHh = flatten(weights.weight_hh_l0, [GH, H], "weight_hh_l0", `${G}*H x H for a ${cell.cellName} with H=${H}`);
  const bIh = flatten(weights.bias_ih_l0, [GH], "bias_ih_l0", `${G}*H for a ${cell.cellName} with H=${H}`);
  const bHh = flatten(weights.bias_hh_l0, [GH], "bias_hh_l0", `${G}*H for a ${cell.cellName} with H=${H}`);
  ensureBuilt(cell, F, where);

  const blocks = TORCH_BLOCK[cell.cellName];
  const kernel = new Float32Array(F * GH);
  const recurrentKernel = new Float32Array(H * GH);
  const resetAfterGru = cell.cellName === "gru";
  const bias = new Float32Array(resetAfterGru ? 2 * GH : GH);
  for (let k = 0; k < G; k++) {
    for (let j = 0; j < H; j++) {
      const kerasCol = k * H + j;
      const torchRow = blocks[k] * H + j;
      for (let f = 0; f < F; f++) kernel[f * GH + kerasCol] = wIh[torchRow * F + f];
      for (let i = 0; i < H; i++) recurrentKernel[i * GH + kerasCol] = wHh[torchRow * H + i];
      if (resetAfterGru) {
        bias[kerasCol] = bIh[torchRow];
        bias[GH + kerasCol] = bHh[torchRow];
      } else {
        bias[kerasCol] = bIh[torchRow] + bHh[torchRow];
      }
    }
  }
  assignWeights(cell, kernel, recurrentKernel, bias);
}

/**
 * A workbook layer's weights in PyTorch layout. RNN / LSTM: the summed bias goes to bias_ih_l0 and
 * bias_hh_l0 is zeros (PyTorch adds the two, so a module loaded with them computes the same function).
 */
export function getTorchWeights(layer: tf.layers.Layer): TorchWeights {
  const where = "getTorchWeights";
  const cell = cellOf(layer, where);
  if (!cell.built) throw new Error(`${where}: the layer has no weights yet: call it on an input (or build its model) first`);
  if (cell instanceof WorkbookGRUCell && !cell.resetAfter) {
    throw new Error(`${where}: a GRU with resetAfter: false has no PyTorch equivalent (PyTorch's GRU resets after the matmul)`);
  }
  const { kernel, recurrentKernel, bias } = readWeights(cell);
  return kerasToTorch(cell.cellName, cell.inputSize!, cell.units, kernel, recurrentKernel, bias, "into-bias_ih");
}

/**
 * Flat Keras-layout arrays (kernel [F, G*H], recurrent kernel [H, G*H], bias [G*H] or [2, 3H] for the GRU)
 * to PyTorch layout. `summedBias` says where an RNN / LSTM's single bias goes: "into-bias_ih" (weights
 * export: bias_hh = 0) or "both" (gradients: dL/db_ih = dL/db_hh = dL/db, the two enter additively).
 */
export function kerasToTorch(
  cellName: CellName,
  inputSize: number,
  units: number,
  kernel: ArrayLike<number>,
  recurrentKernel: ArrayLike<number>,
  bias: ArrayLike<number>,
  summedBias: "into-bias_ih" | "both",
): TorchWeights {
  const H = units;
  const F = inputSize;
  const blocks = TORCH_BLOCK[cellName];
  const G = blocks.length;
  const GH = G * H;
  const wIh = Array.from({ length: GH }, () => new Array<number>(F).fill(0));
  const wHh = Array.from({ length: GH }, () => new Array<number>(H).fill(0));
  const bIh = new Array<number>(GH).fill(0);
  const bHh = new Array<number>(GH).fill(0);
  for (let k = 0; k < G; k++) {
    for (let j = 0; j < H; j++) {
      const kerasCol = k * H + j;
      const torchRow = blocks[k] * H + j;
      for (let f = 0; f < F; f++) wIh[torchRow][f] = kernel[f * GH + kerasCol];
      for (let i = 0; i < H; i++) wHh[torchRow][i] = recurrentKernel[i * GH + kerasCol];
      if (cellName === "gru") {
        bIh[torchRow] = bias[kerasCol];
        bHh[torchRow] = bias[GH + kerasCol];
      } else {
        bIh[torchRow] = bias[kerasCol];
        if (summedBias === "both") bHh[torchRow] = bias[kerasCol];
      }
    }
  }
  return { weight_ih_l0: wIh, weight_hh_l0: wHh, bias_ih_l0: bIh, bias_hh_l0: bHh };
}

/** Expected Keras-layout bias shape of a cell. */
function biasShape(cell: WorkbookCell): number[] {
  const GH = cell.gateCount * cell.units;
  return cell instanceof WorkbookGRUCell && cell.resetAfter ? [2, GH] : [GH];
}

/** Set a workbook layer's weights from Keras / TF.js layout arrays { kernel, recurrent_kernel, bias }. */
export function setKerasWeights(layer: tf.layers.Layer, weights: KerasWeights): void {
  const where = "setKerasWeights";
  const cell = cellOf(layer, where);
  if (weights == null || typeof weights !== "object") throw new Error(`${where}: expected { kernel, recurrent_kernel, bias }`);
  const H = cell.units;
  const GH = cell.gateCount * H;
  const F = shapeOf(weights.kernel)[0];
  if (!Number.isInteger(F) || F < 1) throw new Error(`${where}: kernel must have shape [F, ${GH}], got [${shapeOf(weights.kernel)}]`);
  const gates = `${cell.gateCount}*H for a ${cell.cellName} with H=${H}`;
  const kernel = flatten(weights.kernel, [F, GH], "kernel", `F x ${gates}`);
  const recurrentKernel = flatten(weights.recurrent_kernel, [H, GH], "recurrent_kernel", `H x ${gates}`);
  const shape = biasShape(cell);
  const bias = flatten(weights.bias, shape, "bias", shape.length === 2 ? "[input bias; recurrent bias] of a reset-after GRU" : gates);
  ensureBuilt(cell, F, where);
  assignWeights(cell, kernel, recurrentKernel, bias);
}

/** A workbook layer's weights in Keras / TF.js layout. */
export function getKerasWeights(layer: tf.layers.Layer): KerasWeights {
  const cell = cellOf(layer, "getKerasWeights");
  if (!cell.built) throw new Error("getKerasWeights: the layer has no weights yet: call it on an input (or build its model) first");
  const { kernel, recurrentKernel, bias } = readWeights(cell);
  const shape = biasShape(cell);
  return {
    kernel: keras2d(kernel, cell.inputSize!),
    recurrent_kernel: keras2d(recurrentKernel, cell.units),
    bias: shape.length === 2 ? keras2d(bias, 2) : Array.from(bias),
  };
}

function assignWeights(cell: WorkbookCell, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array): void {
  const tensors = [
    tf.tensor(kernel, cell.kernel.shape as number[]),
    tf.tensor(recurrentKernel, cell.recurrentKernel.shape as number[]),
    tf.tensor(bias, cell.bias.shape as number[]),
  ];
  try {
    cell.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

function readWeights(cell: WorkbookCell): { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array } {
  return {
    kernel: cell.kernel.read().dataSync() as Float32Array,
    recurrentKernel: cell.recurrentKernel.read().dataSync() as Float32Array,
    bias: cell.bias.read().dataSync() as Float32Array,
  };
}
