/**
 * The arithmetic primitives the fused recurrence is written in, and the contract both implementations keep:
 * WebAssembly SIMD (./wasm-kernels.ts, compiled from assembly/recurrent.ts) and plain TypeScript
 * (./js-kernels.ts, the fallback that gives the same numbers within float32 rounding).
 *
 * Every matrix lives in one flat float32 heap and is addressed by a float offset. A matrix operand is given
 * with a row stride and a column stride, so transposes cost nothing: element (i, k) of A is
 * heap[a + i * rsA + k * csA]. Results are row-major with leading dimension ldc.
 * Activations: sigma(x) = 1 / (1 + exp(-x)) for gates, tanh for candidates and outputs. Gate blocks and notation
 * (W = kernel, U = recurrentKernel; lstm i|f|g|o, gru z|r|n) as in ../gates.ts.
 */
export interface Kernels {
  readonly name: "wasm" | "js";
  /** What exactly runs: "wasm simd128", "wasm relaxed-simd fma" or "js". */
  readonly variant: string;
  /** The heap every offset indexes. Take it again after `reserve()`: growing may replace it. */
  heap(): Float32Array;
  /** Make the heap hold at least `floats` floats (contents are kept). */
  reserve(floats: number): void;

  /** Floats needed to hold B [K, N] packed by `packB`. */
  packedSize(K: number, N: number): number;
  /** Floats of scratch `gemm` / `gemmPacked` need for these sizes. */
  workSize(M: number, N: number, K: number): number;
  /** Pack B [K, N] (element (k, j) = heap[b + k*rsB + j*csB]) once, for many `gemmPacked` calls. */
  packB(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  /** C[M, N] (+)= A[M, K] @ B with B already packed by `packB`. */
  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, packedB: number,
    c: number, ldc: number, accumulate: boolean, work: number): void;
  /** C[M, N] (+)= A[M, K] @ B[K, N]. */
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: boolean, work: number): void;

  /** Every row of dst [M, N] (leading dimension N) := row vector v [N]. */
  broadcastRows(M: number, N: number, v: number, dst: number): void;
  /** out[j] += sum_i a[i*lda + j] for j < N. */
  columnSums(M: number, N: number, a: number, lda: number, out: number): void;
  /** dst[i] += src[i] for i < n. */
  addTo(n: number, src: number, dst: number): void;

  /** h = tanh(pre), n elements. */
  rnnForward(n: number, pre: number, h: number): void;
  /** dPre = dh * (1 - h^2), n elements. */
  rnnBackward(n: number, h: number, dh: number, dPre: number): void;
  /**
   * gates [B, 4H] pre-activations i|f|g|o become activations in place; then
   *   c' = f * c + i * g ;  h' = o * tanh(c').
   */
  lstmForward(B: number, H: number, gates: number, cPrev: number, c: number, h: number): void;
  /**
   * One step back through the LSTM: dh is dL/dh_t, dc holds dL/dc_t from the later steps and is replaced
   * by dL/dc_{t-1}; dGates [B, 4H] receives dL/d(pre-activations) of i|f|g|o.
   */
  lstmBackward(B: number, H: number, gates: number, cPrev: number, c: number, dh: number, dc: number,
    dGates: number): void;
  /**
   * GRU, reset after the recurrent product (resetAfter: true). gates [B, 3H] hold x W + b_in (z|r|n), rec [B, 3H]
   * holds h_{t-1} U; recBias [3H]:
   *   z = sigma(gz + rz + bz),  r = sigma(gr + rr + br),  rh = rh_raw + bh,  n = tanh(gh + r * rh),
   *   h' = z * h + (1 - z) * n.    gates become z|r|n; rh [B, H] is kept for the backward pass.
   */
  gruForwardResetAfter(B: number, H: number, gates: number, rec: number, recBias: number, hPrev: number, h: number,
    rh: number): void;
  /**
   * Backward of `gruForwardResetAfter`: dGates (input side, z|r|n) and dRec (recurrent side) receive the
   * pre-activation gradients; dhPrev := dh * z (the direct path; the caller adds dRec @ U^T).
   */
  gruBackwardResetAfter(B: number, H: number, gates: number, rh: number, hPrev: number, dh: number, dGates: number,
    dRec: number, dhPrev: number): void;
  /**
   * GRU, reset before the recurrent product (resetAfter: false), first half: gates z|r (already holding
   * x W + b + h U) become sigma; rh := r * h_{t-1} (the caller then adds rh @ U_n to the n block).
   */
  gruForwardGates(B: number, H: number, gates: number, hPrev: number, rh: number): void;
  /** Second half: n = tanh(n block), h' = z * h + (1 - z) * n. */
  gruForwardCandidate(B: number, H: number, gates: number, hPrev: number, h: number): void;
  /**
   * Backward, resetAfter: false, first half: dGates z and n blocks (pre-activation), dhPrev := dh * z.
   * The caller computes dRh = dGates_n @ U_n^T.
   */
  gruBackwardCandidate(B: number, H: number, gates: number, hPrev: number, dh: number, dGates: number,
    dhPrev: number): void;
  /** Second half: dGates r block := dRh * h_{t-1} * r (1 - r); dhPrev += dRh * r. */
  gruBackwardReset(B: number, H: number, gates: number, hPrev: number, dRh: number, dGates: number,
    dhPrev: number): void;

  /**
   * One Adam update of n weights w with gradient g and moments m, v (all updated in place), in tf.train.adam's
   * float32 arithmetic operation by operation (the same bits as its op-by-op update; lib/train/fused-adam.ts):
   *   m' = m b1 + g (1 - b1);  v' = v b2 + g^2 (1 - b2);
   *   w' = ((m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)) (-lr) + w
   */
  adamStep(n: number, w: number, g: number, m: number, v: number, beta1: number, oneMinusBeta1: number, beta2: number,
    oneMinusBeta2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negLr: number): void;
}
