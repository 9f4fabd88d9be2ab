/**
 * Plain-TypeScript implementation of the fused-recurrence primitives (see ./kernels.ts): the fallback when
 * WebAssembly SIMD is unavailable, and the readable statement of what the wasm kernels compute.
 * "Packing" here is a dense row-major copy of B, so `gemmPacked` is `gemm` with rsB = N, csB = 1.
 */
import type { Kernels } from "./kernels";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** 2^-80: gradients entering a backward step below it become 0 (NaN kept), as in assembly/recurrent.ts, which says why. */
const TINY_GRADIENT = 2 ** -80;
const flushTiny = (v: number): number => (Math.abs(v) < TINY_GRADIENT ? 0 : v);

export function createJsKernels(): Kernels {
  let heap = new Float32Array(1 << 16);

  /** C[M, N] (+)= A @ B, 4x4 register tiles over the full tiles, a plain loop over the edges. */
  function gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number,
    csB: number, c: number, ldc: number, accumulate: boolean): void {
    const m = heap;
    if (!accumulate) for (let i = 0; i < M; i++) m.fill(0, c + i * ldc, c + i * ldc + N);
    const M4 = M - (M % 4), N4 = N - (N % 4);
    for (let i = 0; i < M4; i += 4) {
      const a0 = a + i * rsA, a1 = a0 + rsA, a2 = a1 + rsA, a3 = a2 + rsA;
      for (let j = 0; j < N4; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let k = 0; k < K; k++) {
          const bk = b + k * rsB + j * csB;
          const b0 = m[bk], b1 = m[bk + csB], b2 = m[bk + 2 * csB], b3 = m[bk + 3 * csB];
          const ak = k * csA;
          const x0 = m[a0 + ak], x1 = m[a1 + ak], x2 = m[a2 + ak], x3 = m[a3 + ak];
          c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
          c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
          c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
          c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
        }
        const r0 = c + i * ldc + j, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        m[r0] += c00; m[r0 + 1] += c01; m[r0 + 2] += c02; m[r0 + 3] += c03;
        m[r1] += c10; m[r1 + 1] += c11; m[r1 + 2] += c12; m[r1 + 3] += c13;
        m[r2] += c20; m[r2 + 1] += c21; m[r2 + 2] += c22; m[r2 + 3] += c23;
        m[r3] += c30; m[r3 + 1] += c31; m[r3 + 2] += c32; m[r3 + 3] += c33;
      }
    }
    // Edges: the last M % 4 rows (all columns) and the last N % 4 columns of the tiled rows.
    const edge = (i: number, j0: number, j1: number) => {
      const row = c + i * ldc;
      for (let k = 0; k < K; k++) {
        const aik = m[a + i * rsA + k * csA];
        const bk = b + k * rsB;
        for (let j = j0; j < j1; j++) m[row + j] += aik * m[bk + j * csB];
      }
    };
    for (let i = 0; i < M4; i++) if (N4 < N) edge(i, N4, N);
    for (let i = M4; i < M; i++) edge(i, 0, N);
  }

  return {
    name: "js",
    variant: "js",
    heap: () => heap,
    reserve(floats) {
      if (floats <= heap.length) return;
      const grown = new Float32Array(Math.max(floats, heap.length * 2));
      grown.set(heap);
      heap = grown;
    },
    packedSize: (K, N) => K * N,
    workSize: () => 0,
    packB(K, N, b, rsB, csB, dst) {
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) heap[dst + k * N + j] = heap[b + k * rsB + j * csB];
    },
    gemmPacked(M, N, K, a, rsA, csA, packedB, c, ldc, accumulate) {
      gemm(M, N, K, a, rsA, csA, packedB, N, 1, c, ldc, accumulate);
    },
    gemm(M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate) {
      gemm(M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate);
    },

    broadcastRows(M, N, v, dst) {
      for (let i = 0; i < M; i++) heap.copyWithin(dst + i * N, v, v + N);
    },
    columnSums(M, N, a, lda, out) {
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) heap[out + j] += heap[a + i * lda + j];
    },
    addTo(n, src, dst) {
      for (let i = 0; i < n; i++) heap[dst + i] += heap[src + i];
    },

    rnnForward(n, pre, h) {
      for (let i = 0; i < n; i++) heap[h + i] = Math.tanh(heap[pre + i]);
    },
    rnnBackward(n, h, dh, dPre) {
      for (let i = 0; i < n; i++) {
        const hv = heap[h + i];
        heap[dPre + i] = flushTiny(heap[dh + i]) * (1 - hv * hv);
      }
    },

    lstmForward(B, H, gates, cPrev, c, h) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 4 * H;
        for (let j = 0; j < H; j++) {
          const inputGate = (m[g + j] = sigmoid(m[g + j]));
          const forgetGate = (m[g + H + j] = sigmoid(m[g + H + j]));
          const cellCandidate = (m[g + 2 * H + j] = Math.tanh(m[g + 2 * H + j]));
          const outputGate = (m[g + 3 * H + j] = sigmoid(m[g + 3 * H + j]));
          const cellState = forgetGate * m[cPrev + b * H + j] + inputGate * cellCandidate;
          m[c + b * H + j] = cellState;
          m[h + b * H + j] = outputGate * Math.tanh(Math.fround(cellState));
        }
      }
    },
    lstmBackward(B, H, gates, cPrev, c, dh, dc, dGates) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 4 * H;
        const d = dGates + b * 4 * H;
        for (let j = 0; j < H; j++) {
          const s = b * H + j;
          const inputGate = m[g + j], forgetGate = m[g + H + j];
          const cellCandidate = m[g + 2 * H + j], outputGate = m[g + 3 * H + j];
          const tanhCell = Math.tanh(m[c + s]);
          const dhs = flushTiny(m[dh + s]);
          const dCell = flushTiny(m[dc + s]) + dhs * outputGate * (1 - tanhCell * tanhCell);
          m[d + j] = dCell * cellCandidate * inputGate * (1 - inputGate);
          m[d + H + j] = dCell * m[cPrev + s] * forgetGate * (1 - forgetGate);
          m[d + 2 * H + j] = dCell * inputGate * (1 - cellCandidate * cellCandidate);
          m[d + 3 * H + j] = dhs * tanhCell * outputGate * (1 - outputGate);
          m[dc + s] = dCell * forgetGate;
        }
      }
    },

    gruForwardResetAfter(B, H, gates, rec, recBias, hPrev, h, rh) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        const r = rec + b * 3 * H;
        for (let j = 0; j < H; j++) {
          const s = b * H + j;
          const updateGate = (m[g + j] = sigmoid(m[g + j] + m[r + j] + m[recBias + j]));
          const resetGate = (m[g + H + j] = sigmoid(m[g + H + j] + m[r + H + j] + m[recBias + H + j]));
          const recurrentPart = (m[rh + s] = m[r + 2 * H + j] + m[recBias + 2 * H + j]);
          const candidate = (m[g + 2 * H + j] = Math.tanh(m[g + 2 * H + j] + resetGate * Math.fround(recurrentPart)));
          m[h + s] = updateGate * m[hPrev + s] + (1 - updateGate) * candidate;
        }
      }
    },
    gruBackwardResetAfter(B, H, gates, rh, hPrev, dh, dGates, dRec, dhPrev) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        const dg = dGates + b * 3 * H;
        const dr = dRec + b * 3 * H;
        for (let j = 0; j < H; j++) {
          const s = b * H + j;
          const updateGate = m[g + j], resetGate = m[g + H + j], candidate = m[g + 2 * H + j];
          const dhs = flushTiny(m[dh + s]);
          const dCandidatePre = dhs * (1 - updateGate) * (1 - candidate * candidate);
          const dUpdatePre = dhs * (m[hPrev + s] - candidate) * updateGate * (1 - updateGate);
          const dResetPre = dCandidatePre * m[rh + s] * resetGate * (1 - resetGate);
          m[dg + j] = m[dr + j] = dUpdatePre;
          m[dg + H + j] = m[dr + H + j] = dResetPre;
          m[dg + 2 * H + j] = dCandidatePre;
          m[dr + 2 * H + j] = dCandidatePre * resetGate;
          m[dhPrev + s] = dhs * updateGate;
        }
      }
    },
    gruForwardGates(B, H, gates, hPrev, rh) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        for (let j = 0; j < H; j++) {
          m[g + j] = sigmoid(m[g + j]);
          const resetGate = (m[g + H + j] = sigmoid(m[g + H + j]));
          m[rh + b * H + j] = resetGate * m[hPrev + b * H + j];
        }
      }
    },
    gruForwardCandidate(B, H, gates, hPrev, h) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        for (let j = 0; j < H; j++) {
          const updateGate = m[g + j];
          const candidate = (m[g + 2 * H + j] = Math.tanh(m[g + 2 * H + j]));
          m[h + b * H + j] = updateGate * m[hPrev + b * H + j] + (1 - updateGate) * candidate;
        }
      }
    },
    gruBackwardCandidate(B, H, gates, hPrev, dh, dGates, dhPrev) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        const dg = dGates + b * 3 * H;
        for (let j = 0; j < H; j++) {
          const s = b * H + j;
          const updateGate = m[g + j], candidate = m[g + 2 * H + j];
          const dhs = flushTiny(m[dh + s]);
          m[dg + j] = dhs * (m[hPrev + s] - candidate) * updateGate * (1 - updateGate);
          m[dg + 2 * H + j] = dhs * (1 - updateGate) * (1 - candidate * candidate);
          m[dhPrev + s] = dhs * updateGate;
        }
      }
    },
    gruBackwardReset(B, H, gates, hPrev, dRh, dGates, dhPrev) {
      const m = heap;
      for (let b = 0; b < B; b++) {
        const g = gates + b * 3 * H;
        const dg = dGates + b * 3 * H;
        for (let j = 0; j < H; j++) {
          const s = b * H + j;
          const resetGate = m[g + H + j];
          const dRhs = flushTiny(m[dRh + s]);
          m[dg + H + j] = dRhs * m[hPrev + s] * resetGate * (1 - resetGate);
          m[dhPrev + s] += dRhs * resetGate;
        }
      }
    },
    adamStep(n, w, g, mo, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negLr) {
      // The heap is float32: every stored value is rounded; fround rounds the intermediates the same way.
      const m = heap, f = Math.fround;
      const b1 = f(beta1), c1 = f(oneMinusBeta1), b2 = f(beta2), c2 = f(oneMinusBeta2);
      const a1 = f(oneMinusAccBeta1), a2 = f(oneMinusAccBeta2), e = f(epsilon), l = f(negLr);
      for (let i = 0; i < n; i++) {
        const grad = m[g + i];
        const firstMoment = f(f(m[mo + i] * b1) + f(grad * c1));
        const secondMoment = f(f(m[v + i] * b2) + f(f(grad * grad) * c2));
        m[mo + i] = firstMoment;
        m[v + i] = secondMoment;
        const step = f(f(firstMoment / a1) / f(f(Math.sqrt(f(secondMoment / a2))) + e));
        m[w + i] = f(step * l) + m[w + i];
      }
    },
  };
}
