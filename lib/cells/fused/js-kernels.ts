/**
 * Plain-TypeScript implementation of the fused-recurrence primitives (see ./kernels.ts): the fallback when
 * WebAssembly SIMD is unavailable, and the readable statement of what the wasm kernels compute.
 * "Packing" here is a dense row-major copy of B, so `gemmPacked` is `gemm` with rsB = N, csB = 1.
 */
import type { Kernels } from "./kernels";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function createJsKernels(): Kernels {
  let heap = new Float32Array(1 << 16);

  function gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number,
    csB: number, c: number, ldc: number, accumulate: boolean): void {
    const m = heap;
    for (let i = 0; i < M; i++) {
      const row = c + i * ldc;
      if (!accumulate) m.fill(0, row, row + N);
      for (let k = 0; k < K; k++) {
        const aik = m[a + i * rsA + k * csA];
        if (aik === 0) continue;
        const bk = b + k * rsB;
        for (let j = 0; j < N; j++) m[row + j] += aik * m[bk + j * csB];
      }
    }
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
        heap[dPre + i] = heap[dh + i] * (1 - hv * hv);
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
          const dCell = m[dc + s] + m[dh + s] * outputGate * (1 - tanhCell * tanhCell);
          m[d + j] = dCell * cellCandidate * inputGate * (1 - inputGate);
          m[d + H + j] = dCell * m[cPrev + s] * forgetGate * (1 - forgetGate);
          m[d + 2 * H + j] = dCell * inputGate * (1 - cellCandidate * cellCandidate);
          m[d + 3 * H + j] = m[dh + s] * tanhCell * outputGate * (1 - outputGate);
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
          const dhs = m[dh + s];
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
          const dhs = m[dh + s];
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
          m[dg + H + j] = m[dRh + s] * m[hPrev + s] * resetGate * (1 - resetGate);
          m[dhPrev + s] += m[dRh + s] * resetGate;
        }
      }
    },
  };
}
