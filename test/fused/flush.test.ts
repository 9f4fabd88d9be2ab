/**
 * The backward gate primitives flush gradients below 2^-80 to zero (assembly/recurrent.ts says why: subnormal
 * floats cost x86 a microcode assist per multiply, and WebAssembly cannot switch them off), keep NaN, and leave every
 * other gradient as it was: on the wasm build and on its plain TypeScript twin alike.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createJsKernels } from "../../lib/cells/fused/js-kernels";
import { loadWasmKernels } from "../../lib/cells/fused/wasm-kernels";
import type { Kernels } from "../../lib/cells/fused/kernels";

const TINY = 2 ** -80;
// One incoming gradient per lane: below the threshold (subnormal, tiny normal, negative), at it, ordinary, NaN.
const INCOMING = [1e-40, 2 ** -81, -(2 ** -90), TINY, 0.25, NaN, -3, 2 ** -79];
const FLUSHED = [true, true, true, false, false, false, false, false];

function kernelsUnderTest(): Kernels[] {
  const wasm = loadWasmKernels().kernels;
  assert.ok(wasm, "the wasm kernels are built");
  return [wasm, createJsKernels()];
}

/** Write `values` at float offset `at` of the heap. */
function put(k: Kernels, at: number, values: ArrayLike<number>): void {
  k.heap().set(Array.from(values), at);
}

test("RNN backward: dPre = dh (1 - h^2), with dh below 2^-80 taken as 0 and NaN kept", () => {
  for (const k of kernelsUnderTest()) {
    k.reserve(64);
    const n = INCOMING.length;
    const h = 0, dh = 16, dPre = 32;
    put(k, h, new Array(n).fill(0.5));
    put(k, dh, INCOMING);
    k.rnnBackward(n, h, dh, dPre);
    const out = Array.from(k.heap().subarray(dPre, dPre + n));
    out.forEach((v, i) => {
      if (FLUSHED[i]) assert.ok(Object.is(v, 0), `${k.variant} lane ${i}: ${v}`);
      else if (Number.isNaN(INCOMING[i])) assert.ok(Number.isNaN(v), `${k.variant} lane ${i}: NaN kept`);
      else assert.equal(v, Math.fround(INCOMING[i] * 0.75), `${k.variant} lane ${i}`);
    });
  }
});

test("LSTM and GRU backward: a flushed dh (and dc) gives exactly zero gate gradients and carried gradients", () => {
  for (const k of kernelsUnderTest()) {
    const H = INCOMING.length, B = 1;
    k.reserve(1024);
    // LSTM: gates i|f|g|o (already activated), c_{t-1}, c_t, dh, dc -> dGates, and dc_{t-1} in place.
    const gates = 0, cPrev = 64, c = 96, dh = 128, dc = 160, dGates = 192;
    put(k, gates, new Array(4 * H).fill(0.5));
    put(k, cPrev, new Array(H).fill(0.3));
    put(k, c, new Array(H).fill(0.4));
    put(k, dh, INCOMING);
    put(k, dc, INCOMING);
    k.lstmBackward(B, H, gates, cPrev, c, dh, dc, dGates);
    const lstm = k.heap();
    for (let j = 0; j < H; j++) {
      const lanes = [0, 1, 2, 3].map((gate) => lstm[dGates + gate * H + j]).concat(lstm[dc + j]);
      if (FLUSHED[j]) lanes.forEach((v) => assert.ok(v === 0, `${k.variant} lstm lane ${j}: ${lanes}`));
      else if (Number.isNaN(INCOMING[j])) assert.ok(lanes.every(Number.isNaN), `${k.variant} lstm lane ${j}: NaN kept`);
      else assert.ok(lanes.every((v) => v !== 0 && Number.isFinite(v)), `${k.variant} lstm lane ${j}: ${lanes}`);
    }
    // GRU, reset after: gates z|r|n, rh, h_{t-1}, dh -> input-side and recurrent-side gate gradients, dh_{t-1}.
    const rh = 320, hPrev = 352, dGru = 384, dRec = 448, dhPrev = 512;
    put(k, gates, new Array(3 * H).fill(0.5));
    put(k, rh, new Array(H).fill(0.2));
    put(k, hPrev, new Array(H).fill(-0.1));
    k.gruBackwardResetAfter(B, H, gates, rh, hPrev, dh, dGru, dRec, dhPrev);
    const gru = k.heap();
    for (let j = 0; j < H; j++) {
      const lanes = [0, 1, 2].flatMap((gate) => [gru[dGru + gate * H + j], gru[dRec + gate * H + j]]).concat(gru[dhPrev + j]);
      if (FLUSHED[j]) lanes.forEach((v) => assert.ok(v === 0, `${k.variant} gru lane ${j}: ${lanes}`));
      else if (Number.isNaN(INCOMING[j])) assert.ok(lanes.every(Number.isNaN), `${k.variant} gru lane ${j}: NaN kept`);
      else assert.ok(lanes.every((v) => v !== 0 && Number.isFinite(v)), `${k.variant} gru lane ${j}: ${lanes}`);
    }
    // GRU, reset before (tf.layers' layout): the candidate step (dz, dn, dh z) and the reset step (dr, dh += dRh r).
    const dCandidate = 576, dCarried = 640;
    k.gruBackwardCandidate(B, H, gates, hPrev, dh, dCandidate, dCarried);
    const candidate = k.heap();
    for (let j = 0; j < H; j++) {
      const lanes = [candidate[dCandidate + j], candidate[dCandidate + 2 * H + j], candidate[dCarried + j]];
      if (FLUSHED[j]) lanes.forEach((v) => assert.ok(v === 0, `${k.variant} gru candidate lane ${j}: ${lanes}`));
      else if (Number.isNaN(INCOMING[j])) assert.ok(lanes.every(Number.isNaN), `${k.variant} gru candidate lane ${j}: NaN kept`);
      else assert.ok(lanes.every((v) => v !== 0 && Number.isFinite(v)), `${k.variant} gru candidate lane ${j}: ${lanes}`);
    }
    put(k, dCarried, new Array(H).fill(0)); // dh_{t-1} so far: the reset step adds dRh r to it
    k.gruBackwardReset(B, H, gates, hPrev, dh, dCandidate, dCarried);
    const reset = k.heap();
    for (let j = 0; j < H; j++) {
      const lanes = [reset[dCandidate + H + j], reset[dCarried + j]];
      if (FLUSHED[j]) lanes.forEach((v) => assert.ok(v === 0, `${k.variant} gru reset lane ${j}: ${lanes}`));
      else if (Number.isNaN(INCOMING[j])) assert.ok(lanes.every(Number.isNaN), `${k.variant} gru reset lane ${j}: NaN kept`);
      else assert.ok(lanes.every((v) => v !== 0 && Number.isFinite(v)), `${k.variant} gru reset lane ${j}: ${lanes}`);
    }
  }
});
