/**
 * One LSTM sequence (batch 1, inference) with its units split across two threads, for the latency of a deployed
 * forecaster at large H: the batch split of ./parallel.ts has nothing to split at batch 1, and one thread streams
 * all of U (4 H^2 floats: 1 MB at H = 256, as large as this CPU's L2) from the outer cache every step.
 *
 * Thread s owns units [j0, j1) and the matching columns of every gate block (i|f|g|o, notation of ../gates.ts):
 *   P_s = X W_s + b_s                               all steps at once, [T, 4 Hp]
 *   for t: g_s = P_s,t + h_{t-1} U_s                 [1, H] @ [H, 4 Hp]: half of U, from this core's own cache
 *          c_s, h_s as in ./kernels.ts lstmForward  (the gates of units j0..j1-1 only)
 *          h_t = both threads' h_s, exchanged through shared memory before the next step
 * Hp = (j1 - j0) rounded up to 8 (whole packed panels; the padding units have zero weights and stay at zero).
 * The exchange is double-buffered by step parity: a thread writes its half of h_t into buffer t % 2, publishes
 * done[s] = t + 1, and waits (spinning briefly, then Atomics.wait) until the other thread's done reaches t + 1.
 * Buffer t % 2 is written again only at step t + 2, after the other thread has read it (it published t + 1).
 */
import { arenaOf } from "./arena";
import type { Kernels } from "./kernels";
import type { SequenceShape, Weights } from "./sequence";

/** The two threads' meeting point: h_t halves [2][H] and each thread's completed step count. */
export interface UnitExchange {
  h: Float32Array;
  done: Int32Array;
}

export function createExchange(units: number): UnitExchange {
  return {
    h: new Float32Array(new SharedArrayBuffer(2 * units * 4)),
    done: new Int32Array(new SharedArrayBuffer(2 * 4)),
  };
}

/** The two unit ranges, the first a multiple of 8 long. */
export function unitRanges(units: number): [number, number][] {
  const half = Math.max(8, Math.floor(units / 16) * 8);
  return [[0, half], [half, units]];
}

const SPINS = 4000;
const WAIT_LIMIT_MS = 60_000;

function waitFor(done: Int32Array, other: number, step: number): void {
  let spins = 0;
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const seen = Atomics.load(done, other);
    if (seen >= step) return;
    if (seen < 0) throw new Error("fused lstm: the other thread of the unit split failed");
    if (spins++ < SPINS) continue;
    Atomics.wait(done, other, seen, 5);
    if (Date.now() > deadline) throw new Error("fused lstm: the other thread of the unit split did not answer within 60 s");
  }
}

export interface UnitShareResult {
  /** h_1..h_T, [T, H] in processing order (only for `recordH`). */
  hAll?: Float32Array;
  /** This share's slice of c_T. */
  c: Float32Array;
}

/**
 * Run share `me` (0 or 1) of a batch-1 LSTM sequence. x is [T, F] in the caller's time order (goBackwards
 * reverses it here); h0 / c0 [H] or undefined for zeros.
 */
export function runUnitShare(k: Kernels, shape: SequenceShape, x: Float32Array, w: Weights, h0: Float32Array | undefined,
  c0: Float32Array | undefined, me: number, exchange: UnitExchange, recordH: boolean): UnitShareResult {
  const { steps: T, features: F, units: H } = shape;
  const [j0, j1] = unitRanges(H)[me];
  const [o0, o1] = unitRanges(H)[1 - me];
  const Hs = j1 - j0;
  const Hp = Math.ceil(Hs / 8) * 8;
  const GH = 4 * H;
  const GP = 4 * Hp;
  const arena = arenaOf(k);
  let floats = 0;
  const take = (n: number) => {
    const at = floats;
    floats += Math.ceil(n / 4) * 4;
    return at;
  };
  const xAt = take(T * F), wAt = take(F * GH), uAt = take(H * GH), bAt = take(GP);
  const pAt = take(T * GP), packedU = take(k.packedSize(H, GP)), hFull = take(H), cS = take(Hp), cNext = take(Hp), hS = take(Hp);
  const work = take(Math.max(k.workSize(T, Hs, F), k.workSize(1, GP, H)));
  const base = arena.alloc(floats);
  const at = (offset: number) => base + offset;
  const { done, h: shared } = exchange;
  try {
    let m = k.heap();
    for (let t = 0; t < T; t++) {
      const from = (shape.goBackwards ? T - 1 - t : t) * F;
      m.set(x.subarray(from, from + F), at(xAt) + t * F);
    }
    m.set(w.kernel, at(wAt));
    m.set(w.recurrentKernel, at(uAt));
    m.fill(0, at(bAt), at(bAt) + GP);
    m.fill(0, at(cS), at(cS) + Hp);
    m.fill(0, at(hS), at(hS) + Hp);
    for (let g = 0; g < 4; g++) m.set(w.bias.subarray(g * H + j0, g * H + j1), at(bAt) + g * Hp);
    if (h0) m.set(h0, at(hFull));
    else m.fill(0, at(hFull), at(hFull) + H);
    if (c0) m.set(c0.subarray(j0, j1), at(cS));
    // P_s = X W_s + b_s and U_s packed, gate block by gate block (each Hp wide, padding columns zero).
    k.broadcastRows(T, GP, at(bAt), at(pAt));
    m.fill(0, at(packedU), at(packedU) + k.packedSize(H, GP));
    for (let g = 0; g < 4; g++) {
      k.gemm(T, Hs, F, at(xAt), F, 1, at(wAt) + g * H + j0, GH, 1, at(pAt) + g * Hp, GP, true, at(work));
      k.packB(H, Hs, at(uAt) + g * H + j0, GH, 1, at(packedU) + g * k.packedSize(H, Hp));
    }
    m = k.heap();
    const hAll = recordH ? new Float32Array(T * H) : undefined;
    let c = at(cS), cOut = at(cNext);
    for (let t = 0; t < T; t++) {
      const g = at(pAt) + t * GP;
      k.gemmPacked(1, GP, H, at(hFull), H, 1, at(packedU), g, GP, true, at(work));
      k.lstmForward(1, Hp, g, c, cOut, at(hS));
      [c, cOut] = [cOut, c];
      const buffer = (t & 1) * H;
      shared.set(m.subarray(at(hS), at(hS) + Hs), buffer + j0);
      Atomics.store(done, me, t + 1);
      Atomics.notify(done, me);
      m.copyWithin(at(hFull) + j0, at(hS), at(hS) + Hs);
      waitFor(done, 1 - me, t + 1);
      m.set(shared.subarray(buffer + o0, buffer + o1), at(hFull) + o0);
      if (hAll) hAll.set(m.subarray(at(hFull), at(hFull) + H), t * H);
    }
    return { hAll, c: m.slice(c, c + Hs) };
  } catch (err) {
    Atomics.store(done, me, -1);
    Atomics.notify(done, me);
    throw err;
  } finally {
    arena.free(base);
  }
}
