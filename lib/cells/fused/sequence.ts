/**
 * The whole-sequence recurrence and its backpropagation through time, on flat float32 buffers, written once
 * against the primitives of ./kernels.ts (so the wasm and plain-TypeScript paths share every index).
 *
 * Notation and gate blocks as in ../gates.ts (W = kernel, U = recurrentKernel, blocks lstm i|f|g|o, gru z|r|n).
 * Forward, with G gate blocks of H columns (rnn 1, lstm 4, gru 3) and processing order t = 0..T-1:
 *   for t: pre_t = b + x_t W + h_{t-1} U      two products per step, [B, F] @ [F, G*H] and [B, H] @ [H, G*H],
 *                                             then the cell's gates
 * keeping x, every h_t (and c_t), the gate activations (and GRU's rh_t) for the backward pass. The input
 * projection x_t W runs step by step, just before the recurrent product adds to the same pre-activations, rather
 * than as one [T*B, F] @ [F, G*H] product up front: that product wrote all steps' pre-activations (52 MB per
 * thread for bench/configs.ts c3's LSTM: 200 steps, 64 rows, 1024 gate columns) and the steps read them back from
 * memory; step by step they stay in cache, and a pass without `keep` needs one step's buffer. Measured (same
 * bits, as for any input of up to 256 features, where the old product did not split its sum): the c3 shapes'
 * forward 1.17-1.31x faster, c1 and c2 up to 1.07x.
 * Backward, t = T-1..0: dh_t = dOut_t + dh carried from step t+1; the cell turns dh_t (and dc_t) into dPre_t;
 *   dh_{t-1} = dPre_t U^T (+ the cell's direct terms). Then three big products:
 *   dW = X^T dPre,  dU = Hprev^T dPre,  dX = dPre W^T,  db = column sums of dPre.
 *
 * Internally the sequence is time-major ([T, B, ...]) in processing order; goBackwards reverses the time axis
 * of x on the way in and of dx on the way out (the outputs stay in processing order, as Keras does).
 */
import { biasLength, GATE_COUNT } from "../gates";
import type { CellName } from "../types";
import { arenaOf, keepBlock, releaseBlock, type SavedBlock } from "./arena";
import type { Kernels } from "./kernels";

export interface SequenceShape {
  cell: CellName;
  batch: number;
  steps: number;
  features: number;
  units: number;
  /** GRU only: reset gate applied after the recurrent product (bias [2, 3H]) or before it (bias [3H]). */
  resetAfter: boolean;
  goBackwards: boolean;
  returnSequences: boolean;
}

/** Number of floats in the bias for this cell. */
export function biasSize(shape: SequenceShape): number {
  return biasLength(shape.cell, shape.units, shape.resetAfter);
}

/** Slots of H values per batch row in the packed result: the output sequence (or last output), h, and c (LSTM). */
export function resultSlots(shape: SequenceShape): number {
  return (shape.returnSequences ? shape.steps : 1) + 1 + (shape.cell === "lstm" ? 1 : 0);
}

export interface Weights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
}

export interface ForwardResult {
  /** [B, S, H] with S = resultSlots(shape): outputs (processing order), then h_T, then c_T for the LSTM. */
  packed: Float32Array;
  /** The heap block holding what the backward pass needs, or undefined when not asked for. */
  saved?: SavedBlock;
}

export interface Gradients {
  /** [B, T, F] in the caller's time order. */
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
  dh0: Float32Array;
  dc0?: Float32Array;
}

/** Consecutive buffers from `base` on; `size` is the total taken. */
class Layout {
  size = 0;
  constructor(private readonly base: number) {}
  take(floats: number): number {
    const at = this.base + this.size;
    // 4-float (16-byte) alignment keeps every SIMD load of a row start aligned when the row length allows it.
    this.size += Math.ceil(floats / 4) * 4;
    return at;
  }
}

/**
 * Offsets of the buffers the forward pass keeps for the backward pass (one block from `base`). Without
 * `withGates` (a forward pass nobody differentiates) the gate activations and GRU's rh_t are left out: that pass
 * keeps them for one step only, in its scratch.
 */
function savedLayout(shape: SequenceShape, base: number, withGates = true) {
  const { cell, batch: B, steps: T, features: F, units: H } = shape;
  const GH = GATE_COUNT[cell] * H;
  const L = new Layout(base);
  const x = L.take(T * B * F);
  const hAll = L.take((T + 1) * B * H);
  const cAll = cell === "lstm" ? L.take((T + 1) * B * H) : -1;
  const rh = cell === "gru" && withGates ? L.take(T * B * H) : -1;
  // The RNN's activations are its h_t; its pre-activations need not be kept.
  const gates = cell !== "rnn" && withGates ? L.take(T * B * GH) : -1;
  return { x, hAll, cAll, rh, gates, size: L.size };
}

function weightLayout(L: Layout, shape: SequenceShape) {
  const GH = GATE_COUNT[shape.cell] * shape.units;
  return {
    kernel: L.take(shape.features * GH),
    recurrentKernel: L.take(shape.units * GH),
    bias: L.take(biasSize(shape)),
  };
}

function checkWeights(shape: SequenceShape, w: Weights): void {
  const GH = GATE_COUNT[shape.cell] * shape.units;
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`fused ${shape.cell}: ${what} has ${got} values, expected ${want}`);
  };
  expect("kernel", w.kernel.length, shape.features * GH);
  expect("recurrentKernel", w.recurrentKernel.length, shape.units * GH);
  expect("bias", w.bias.length, biasSize(shape));
}

/**
 * Run the whole sequence forward. x is [B, T, F] batch-major in the caller's time order; h0/c0 [B, H] or
 * undefined for zeros. With keep, the result carries what `backwardSequence` needs.
 */
export function forwardSequence(k: Kernels, shape: SequenceShape, x: Float32Array, w: Weights,
  h0: Float32Array | undefined, c0: Float32Array | undefined, keep: boolean): ForwardResult {
  const { cell, batch: B, steps: T, features: F, units: H, resetAfter } = shape;
  const GH = GATE_COUNT[cell] * H;
  checkWeights(shape, w);
  const resetBefore = cell === "gru" && !resetAfter;
  // Everything but the saved activations: freed when this call returns.
  const scratchLayout = (base: number) => {
    const L = new Layout(base);
    return {
      // One step's pre-activations and GRU rh_t where they are not kept: always for the RNN (its activations
      // are its h_t), and for every cell in a pass nobody differentiates.
      stepGates: cell === "rnn" || !keep ? L.take(B * GH) : -1,
      stepRh: cell === "gru" && !keep ? L.take(B * H) : -1,
      wAt: weightLayout(L, shape),
      // Packed W, and packed recurrent weights: whole U, or for GRU resetAfter: false its z|r and its n columns apart.
      packedW: L.take(k.packedSize(F, GH)),
      packedU: L.take(k.packedSize(H, resetBefore ? 2 * H : GH)),
      packedUn: resetBefore ? L.take(k.packedSize(H, H)) : -1,
      rec: cell === "gru" && resetAfter ? L.take(B * GH) : -1,
      work: L.take(Math.max(k.workSize(B, GH, F), k.workSize(B, GH, H))),
      size: L.size,
    };
  };
  const arena = arenaOf(k);
  const savedAt = arena.alloc(savedLayout(shape, 0, keep).size);
  const scratchAt = arena.alloc(scratchLayout(0).size);
  try {
    const saved = savedLayout(shape, savedAt, keep);
    const packed = runForward(k, shape, { ...scratchLayout(scratchAt), saved }, { x, w, h0, c0 });
    return { packed, saved: keep ? keepBlock(k, savedAt, saved.size) : undefined };
  } finally {
    arena.free(scratchAt);
    if (!keep) arena.free(savedAt);
  }
}

/** Heap offsets one forward pass works in (-1: not used by this cell). */
interface ForwardBuffers {
  /** What the backward pass keeps: x, every h_t (and c_t), and when kept, gate activations and GRU's rh_t. */
  saved: ReturnType<typeof savedLayout>;
  /** One step's pre-activations [B, G*H] (activations in place) and GRU rh_t [B, H], where not kept. */
  stepGates: number;
  stepRh: number;
  /** Where W, U and b are copied. */
  wAt: ReturnType<typeof weightLayout>;
  /** Packed W; packed U (GRU resetAfter: false: its z|r columns), and U_n apart for GRU resetAfter: false. */
  packedW: number;
  packedU: number;
  packedUn: number;
  /** GRU resetAfter: h_{t-1} U for one step [B, G*H]. */
  rec: number;
  work: number;
}

/** The caller's arrays: x [B, T, F], the weights, and h0 / c0 [B, H] (undefined: zeros). */
interface ForwardInputs {
  x: Float32Array;
  w: Weights;
  h0?: Float32Array;
  c0?: Float32Array;
}

function runForward(k: Kernels, shape: SequenceShape, buffers: ForwardBuffers, inputs: ForwardInputs): Float32Array {
  const { saved: S, stepGates, stepRh, wAt, packedW, packedU, packedUn, rec, work } = buffers;
  const { x, w, h0, c0 } = inputs;
  const m = k.heap();
  const { cell, batch: B, steps: T, features: F, units: H, resetAfter } = shape;
  const GH = GATE_COUNT[cell] * H;
  const resetBefore = cell === "gru" && !resetAfter;
  copyInTimeMajor(m, S.x, x, B, T, F, shape.goBackwards);
  m.set(w.kernel, wAt.kernel);
  m.set(w.recurrentKernel, wAt.recurrentKernel);
  m.set(w.bias, wAt.bias);
  if (h0) m.set(h0, S.hAll);
  else m.fill(0, S.hAll, S.hAll + B * H);
  if (cell === "lstm") {
    if (c0) m.set(c0, S.cAll);
    else m.fill(0, S.cAll, S.cAll + B * H);
  }

  k.packB(F, GH, wAt.kernel, GH, 1, packedW);
  if (resetBefore) {
    k.packB(H, 2 * H, wAt.recurrentKernel, GH, 1, packedU);
    k.packB(H, H, wAt.recurrentKernel + 2 * H, GH, 1, packedUn);
  } else {
    k.packB(H, GH, wAt.recurrentKernel, GH, 1, packedU);
  }

  for (let t = 0; t < T; t++) {
    const hPrev = S.hAll + t * B * H;
    const h = hPrev + B * H;
    const g = stepGates >= 0 ? stepGates : S.gates + t * B * GH;
    // This step's input projection, b + x_t W (b_in for the GRU); the recurrent product then adds h_{t-1} U.
    k.broadcastRows(B, GH, wAt.bias, g);
    k.gemmPacked(B, GH, F, S.x + t * B * F, F, 1, packedW, g, GH, true, work);
    switch (cell) {
      case "rnn":
        k.gemmPacked(B, GH, H, hPrev, H, 1, packedU, g, GH, true, work);
        k.rnnForward(B * H, g, h);
        break;
      case "lstm": {
        const cPrev = S.cAll + t * B * H;
        k.gemmPacked(B, GH, H, hPrev, H, 1, packedU, g, GH, true, work);
        k.lstmForward(B, H, g, cPrev, cPrev + B * H, h);
        break;
      }
      case "gru": {
        const rh = stepRh >= 0 ? stepRh : S.rh + t * B * H;
        if (resetAfter) {
          k.gemmPacked(B, GH, H, hPrev, H, 1, packedU, rec, GH, false, work);
          k.gruForwardResetAfter(B, H, g, rec, wAt.bias + GH, hPrev, h, rh);
        } else {
          k.gemmPacked(B, 2 * H, H, hPrev, H, 1, packedU, g, GH, true, work);
          k.gruForwardGates(B, H, g, hPrev, rh);
          k.gemmPacked(B, H, H, rh, H, 1, packedUn, g + 2 * H, GH, true, work);
          k.gruForwardCandidate(B, H, g, hPrev, h);
        }
        break;
      }
    }
  }

  const slots = resultSlots(shape);
  const packed = new Float32Array(B * slots * H);
  const outSteps = shape.returnSequences ? T : 1;
  const firstOut = shape.returnSequences ? 1 : T;
  for (let b = 0; b < B; b++) {
    const row = b * slots * H;
    for (let s = 0; s < outSteps; s++) {
      const from = S.hAll + ((firstOut + s) * B + b) * H;
      packed.set(m.subarray(from, from + H), row + s * H);
    }
    const hT = S.hAll + (T * B + b) * H;
    packed.set(m.subarray(hT, hT + H), row + outSteps * H);
    if (cell === "lstm") {
      const cT = S.cAll + (T * B + b) * H;
      packed.set(m.subarray(cT, cT + H), row + (outSteps + 1) * H);
    }
  }
  return packed;
}

/**
 * Backpropagation through time. dPacked is dL/d(packed result) [B, S, H]; saved comes from `forwardSequence`
 * with the same shape and weights.
 */
export function backwardSequence(k: Kernels, shape: SequenceShape, saved: SavedBlock, w: Weights,
  dPacked: Float32Array): Gradients {
  const { cell, batch: B, steps: T, features: F, units: H, resetAfter } = shape;
  const GH = GATE_COUNT[cell] * H;
  const S = savedLayout(shape, saved.at);
  if (saved.released) throw new Error("fused backward: this forward pass was already differentiated (its activations are gone)");
  if (saved.size !== S.size) throw new Error("fused backward: saved activations do not match the shape");
  const resetBefore = cell === "gru" && !resetAfter;
  const scratchLayout = (base: number) => {
    const L = new Layout(base);
    return {
      wAt: weightLayout(L, shape),
      dGates: L.take(T * B * GH),
      dRec: cell === "gru" && resetAfter ? L.take(T * B * GH) : -1,
      dOutSeq: shape.returnSequences ? L.take(T * B * H) : -1,
      dh: L.take(B * H),
      dhPrev: L.take(B * H),
      dc: cell === "lstm" ? L.take(B * H) : -1,
      dRh: resetBefore ? L.take(B * H) : -1,
      // Packed U^T: [GH, H]; for GRU resetAfter: false, U_zr^T [2H, H] and U_n^T [H, H] apart.
      packedUT: L.take(k.packedSize(resetBefore ? 2 * H : GH, H)),
      packedUnT: resetBefore ? L.take(k.packedSize(H, H)) : -1,
      dx: L.take(T * B * F),
      dW: L.take(F * GH),
      dU: L.take(H * GH),
      dBias: L.take(biasSize(shape)),
      work: L.take(Math.max(k.workSize(B, H, GH), k.workSize(H, GH, T * B), k.workSize(F, GH, T * B),
        k.workSize(T * B, F, GH))),
      size: L.size,
    };
  };
  const arena = arenaOf(k);
  const scratchAt = arena.alloc(scratchLayout(0).size);
  try {
    return runBackward(k, shape, k.heap(), S, scratchLayout(scratchAt), w, dPacked);
  } finally {
    arena.free(scratchAt);
    releaseBlock(saved);
  }
}

function runBackward(k: Kernels, shape: SequenceShape, m: Float32Array, S: ReturnType<typeof savedLayout>,
  X: { wAt: ReturnType<typeof weightLayout>; dGates: number; dRec: number; dOutSeq: number; dh: number; dhPrev: number;
    dc: number; dRh: number; packedUT: number; packedUnT: number; dx: number; dW: number; dU: number; dBias: number;
    work: number }, w: Weights, dPacked: Float32Array): Gradients {
  const { cell, batch: B, steps: T, features: F, units: H, resetAfter } = shape;
  const GH = GATE_COUNT[cell] * H;
  const resetBefore = cell === "gru" && !resetAfter;
  const { wAt, dGates, dRec, dOutSeq, dc, dRh, packedUT, packedUnT, dx, dW, dU, dBias, work } = X;
  let { dh, dhPrev } = X;
  m.set(w.kernel, wAt.kernel);
  m.set(w.recurrentKernel, wAt.recurrentKernel);
  m.set(w.bias, wAt.bias);
  if (resetBefore) {
    k.packB(2 * H, H, wAt.recurrentKernel, 1, GH, packedUT);
    k.packB(H, H, wAt.recurrentKernel + 2 * H, 1, GH, packedUnT);
  } else {
    k.packB(GH, H, wAt.recurrentKernel, 1, GH, packedUT);
  }

  // Unpack dL/d(result): the output slots (time-major), dh_T, dc_T.
  const slots = resultSlots(shape);
  const outSteps = shape.returnSequences ? T : 1;
  m.fill(0, dh, dh + B * H);
  for (let b = 0; b < B; b++) {
    const row = b * slots * H;
    for (let s = 0; s < outSteps; s++) {
      const src = dPacked.subarray(row + s * H, row + (s + 1) * H);
      if (shape.returnSequences) m.set(src, dOutSeq + (s * B + b) * H);
      else m.set(src, dh + b * H);
    }
    const dhT = dPacked.subarray(row + outSteps * H, row + (outSteps + 1) * H);
    for (let j = 0; j < H; j++) m[dh + b * H + j] += dhT[j];
    if (cell === "lstm") m.set(dPacked.subarray(row + (outSteps + 1) * H, row + (outSteps + 2) * H), dc + b * H);
  }

  for (let t = T - 1; t >= 0; t--) {
    if (shape.returnSequences) k.addTo(B * H, dOutSeq + t * B * H, dh);
    const hPrev = S.hAll + t * B * H;
    const g = S.gates + t * B * GH;
    const dg = dGates + t * B * GH;
    switch (cell) {
      case "rnn":
        k.rnnBackward(B * H, hPrev + B * H, dh, dg);
        k.gemmPacked(B, H, GH, dg, GH, 1, packedUT, dhPrev, H, false, work);
        break;
      case "lstm": {
        const cPrev = S.cAll + t * B * H;
        k.lstmBackward(B, H, g, cPrev, cPrev + B * H, dh, dc, dg);
        k.gemmPacked(B, H, GH, dg, GH, 1, packedUT, dhPrev, H, false, work);
        break;
      }
      case "gru": {
        const rh = S.rh + t * B * H;
        if (resetAfter) {
          const dr = dRec + t * B * GH;
          k.gruBackwardResetAfter(B, H, g, rh, hPrev, dh, dg, dr, dhPrev);
          k.gemmPacked(B, H, GH, dr, GH, 1, packedUT, dhPrev, H, true, work);
        } else {
          k.gruBackwardCandidate(B, H, g, hPrev, dh, dg, dhPrev);
          k.gemmPacked(B, H, H, dg + 2 * H, GH, 1, packedUnT, dRh, H, false, work);
          k.gruBackwardReset(B, H, g, hPrev, dRh, dg, dhPrev);
          k.gemmPacked(B, H, 2 * H, dg, GH, 1, packedUT, dhPrev, H, true, work);
        }
        break;
      }
    }
    const carried = dhPrev;
    dhPrev = dh;
    dh = carried;
  }

  // The weight gradients as products over all T*B rows at once.
  const rows = T * B;
  k.gemm(F, GH, rows, S.x, 1, F, dGates, GH, 1, dW, GH, false, work);
  if (cell === "gru" && resetAfter) {
    k.gemm(H, GH, rows, S.hAll, 1, H, dRec, GH, 1, dU, GH, false, work);
  } else if (resetBefore) {
    k.gemm(H, 2 * H, rows, S.hAll, 1, H, dGates, GH, 1, dU, GH, false, work);
    k.gemm(H, H, rows, S.rh, 1, H, dGates + 2 * H, GH, 1, dU + 2 * H, GH, false, work);
  } else {
    k.gemm(H, GH, rows, S.hAll, 1, H, dGates, GH, 1, dU, GH, false, work);
  }
  m.fill(0, dBias, dBias + biasSize(shape));
  k.columnSums(rows, GH, dGates, GH, dBias);
  if (cell === "gru" && resetAfter) k.columnSums(rows, GH, dRec, GH, dBias + GH);
  k.gemm(rows, F, GH, dGates, GH, 1, wAt.kernel, 1, GH, dx, F, false, work);

  const dxOut = new Float32Array(B * T * F);
  copyOutBatchMajor(m, dx, dxOut, B, T, F, shape.goBackwards);
  return {
    dx: dxOut,
    dKernel: m.slice(dW, dW + F * GH),
    dRecurrentKernel: m.slice(dU, dU + H * GH),
    dBias: m.slice(dBias, dBias + biasSize(shape)),
    dh0: m.slice(dh, dh + B * H),
    dc0: cell === "lstm" ? m.slice(dc, dc + B * H) : undefined,
  };
}

/** [B, T, F] batch-major (caller's order) -> heap [T, B, F] time-major in processing order. */
function copyInTimeMajor(m: Float32Array, at: number, x: Float32Array, B: number, T: number, F: number,
  reverse: boolean): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = (b * T + (reverse ? T - 1 - t : t)) * F;
      const to = at + (t * B + b) * F;
      // Element by element for few features: a subarray per row costs more than the copy.
      if (F < 16) for (let f = 0; f < F; f++) m[to + f] = x[from + f];
      else m.set(x.subarray(from, from + F), to);
    }
  }
}

/** Heap [T, B, F] time-major in processing order -> [B, T, F] batch-major in the caller's order. */
function copyOutBatchMajor(m: Float32Array, at: number, out: Float32Array, B: number, T: number, F: number,
  reverse: boolean): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = at + (t * B + b) * F;
      const to = (b * T + (reverse ? T - 1 - t : t)) * F;
      if (F < 16) for (let f = 0; f < F; f++) out[to + f] = m[from + f];
      else out.set(m.subarray(from, from + F), to);
    }
  }
}
