// Fused RNN / LSTM / GRU kernels in WebAssembly SIMD (AssemblyScript, built by scripts/build-kernels.js).
//
// This module implements the primitives declared in lib/cells/fused/kernels.ts with the same arguments:
// every matrix is addressed by a float offset from the start of the heap (`heapBase()` bytes into memory),
// operand (i, k) of A is at a + i*rsA + k*csA. lib/cells/fused/js-kernels.ts is the plain-TypeScript twin.
// Gate blocks and notation (W = kernel, U = recurrent kernel; rnn h, lstm i|f|g|o, gru z|r|n) are those stated in
// lib/cells/gates.ts, which this file cannot import.
//
// Matrix products: GotoBLAS-style. B is packed into panels of 8 columns ([K][8] each, zero-padded), A into
// panels of 4 rows ([K][4] each), and a 4x8 register tile (8 f32x4 accumulators) runs over K. Long-K
// products are K-blocked (KC) and M-blocked (MC) so the packed blocks stay in cache.
// Activations: tanh as a rational function (Eigen's float tanh), sigma(x) = (1 + tanh(x/2)) / 2.

const BASE: usize = (__heap_base + 15) & ~(<usize>15);
const KC: i32 = 256;
const MC: i32 = 128;
// A product with at most this many rows reads a row-major B in place (`gemmFewRows`).
const FEW_ROWS: i32 = 8;
// One 4x8 tile of scratch for tiles at the matrix edges.
const EDGE: usize = memory.data(128, 16);

export function heapBase(): usize {
  return BASE;
}

@inline function P(offset: i32): usize {
  return BASE + (<usize>offset << 2);
}

// ---------------------------------------------------------------------------------------------------------
// Activations on f32x4.

// a * b + c: one fused multiply-add where the module is built with relaxed SIMD (recurrent-fma.wasm), else a
// multiply and an add (recurrent.wasm). ASC_FEATURE_RELAXED_SIMD is a compile-time constant.
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// tanh(x) = x P(x^2) / Q(x^2), the rational minimax approximation Eigen uses for float (degree 13 / 6; a few
// ulp from the true value), with x clamped to +-7.9053 where tanh rounds to +-1 in float32.
// The clamp uses the pseudo-min/max (pmax(a, b) = a < b ? b : a), one x86 instruction each, where f32x4.min/max
// must order -0 below +0 and return a canonical NaN, which V8 does in about eight instructions each. The clamped
// value is the same for every number and infinity; a NaN stays NaN (pmax and pmin return their first operand).
// Coefficients of P (TANH_P0 + TANH_P1 y + ... + TANH_P6 y^6) and Q (TANH_Q0 + ... + TANH_Q3 y^3), y = x^2:
const TANH_CLAMP: f64 = 7.90531110763549805;
const TANH_P0: f64 = 4.89352455891786e-03, TANH_P1: f64 = 6.37261928875436e-04, TANH_P2: f64 = 1.48572235717979e-05;
const TANH_P3: f64 = 5.12229709037114e-08, TANH_P4: f64 = -8.60467152213735e-11, TANH_P5: f64 = 2.00018790482477e-13;
const TANH_P6: f64 = -2.76076847742355e-16;
const TANH_Q0: f64 = 4.89352518554385e-03, TANH_Q1: f64 = 2.26843463243900e-03, TANH_Q2: f64 = 1.18534705686654e-04;
const TANH_Q3: f64 = 1.19825839466702e-06;
@inline function tanhv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(<f32>-TANH_CLAMP)), f32x4.splat(<f32>TANH_CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(<f32>TANH_P6);
  p = madd(p, x2, f32x4.splat(<f32>TANH_P5));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P4));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P3));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P2));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P1));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P0));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(<f32>TANH_Q3);
  q = madd(q, x2, f32x4.splat(<f32>TANH_Q2));
  q = madd(q, x2, f32x4.splat(<f32>TANH_Q1));
  q = madd(q, x2, f32x4.splat(<f32>TANH_Q0));
  return f32x4.div(p, q);
}

// sigma(x) = 1/2 + tanh(x/2)/2: tanhv's arithmetic on u = x/2 with the three halvings folded into constants.
// With y = u^2, tanhv computes the Horner sums p_k = p_{k+1} y + P_k and q_k = q_{k+1} y + Q_k, then
// p_0 u / q_0, and sigma adds 1/2 to half of that. Here, from x directly: x^2 = 4y, and with the coefficients
// P_k / 4^k and 4 Q_k / 4^k the sums come out as p_k / 4^k and 4 q_k / 4^k, so the last division is
// p_0 x / (4 q_0) = (p_0 u / q_0) / 2. Every step differs from tanhv's by a power of two, which float32 rounding
// commutes with (no value here is near the subnormal range or overflow), so sigma has the same bits as
// 0.5 + 0.5 tanhv(0.5 x), two multiplications fewer (checked on all 2^32 float32 inputs, both builds, when this
// was written). The clamp doubles with it: x to +-2 TANH_CLAMP.
@inline function sigmoidv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(<f32>(-2 * TANH_CLAMP))), f32x4.splat(<f32>(2 * TANH_CLAMP)));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(<f32>(TANH_P6 / 4096));
  p = madd(p, x2, f32x4.splat(<f32>(TANH_P5 / 1024)));
  p = madd(p, x2, f32x4.splat(<f32>(TANH_P4 / 256)));
  p = madd(p, x2, f32x4.splat(<f32>(TANH_P3 / 64)));
  p = madd(p, x2, f32x4.splat(<f32>(TANH_P2 / 16)));
  p = madd(p, x2, f32x4.splat(<f32>(TANH_P1 / 4)));
  p = madd(p, x2, f32x4.splat(<f32>TANH_P0));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(<f32>(4 * TANH_Q3 / 64));
  q = madd(q, x2, f32x4.splat(<f32>(4 * TANH_Q2 / 16)));
  q = madd(q, x2, f32x4.splat(<f32>(4 * TANH_Q1 / 4)));
  q = madd(q, x2, f32x4.splat(<f32>(4 * TANH_Q0)));
  return f32x4.add(f32x4.splat(0.5), f32x4.div(p, q));
}

// The activations over n consecutive floats, in place. A cell's kernel applies them one gate block at a time
// (a loop of one chain of arithmetic whose constants stay in registers) rather than all of a unit's gates in one
// loop body (four or five chains, more constants than x86's 16 vector registers: V8 reloaded them from the stack).
@inline function sigmoidAt<W>(p: usize): void {
  st<W>(p, sigmoidv(ld<W>(p)));
}
function sigmoidInPlace(p: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) sigmoidAt<v128>(p + (<usize>i << 2));
  for (; i < n; i++) sigmoidAt<f32>(p + (<usize>i << 2));
}
@inline function tanhAt<W>(p: usize): void {
  st<W>(p, tanhv(ld<W>(p)));
}
function tanhInPlace(p: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) tanhAt<v128>(p + (<usize>i << 2));
  for (; i < n; i++) tanhAt<f32>(p + (<usize>i << 2));
}

// Gradients entering a backward step are flushed to zero below 2^-80 (|v| < TINY_GRADIENT -> +0; NaN kept).
// Why: WebAssembly has no flush-to-zero mode, and x86 takes a microcode assist for every multiply that reads or
// writes a subnormal float (|v| < 2^-126). A gradient carried back through many steps where nothing feeds it (the
// padding in front of a pre-padded review, steps a max-pool never picked) shrinks geometrically into that range;
// measured on the full-scale IMDB GRU (bench/profile.ts imdb-full-gru), the backward pass ran 3.7x slower on
// pre-padded batches than on unpadded ones. Why it changes no result: a term below 2^-80 vanishes when added to any
// gradient sum above 2^-56 (float32 keeps 24 bits), and where such terms were a weight's whole gradient, Adam's
// update lr * m / (sqrt(v) + 1e-7) was below 1e-20 anyway (the quick suite's 106 results are the same to the bit
// before and after). lib/cells/fused/js-kernels.ts flushes the same values.
const TINY_GRADIENT: f32 = 8.271806125530277e-25; // 2^-80
@inline function flushTiny(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(TINY_GRADIENT)));
}

// Loads and stores of either four lanes (W = v128) or one lane (W = f32, for the last H % 4 columns):
// the gate bodies below are written once for both.
@inline function ld<W>(p: usize): v128 {
  if (sizeof<W>() == 16) return v128.load(p);
  return v128.load32_splat(p);
}
@inline function st<W>(p: usize, v: v128): void {
  if (sizeof<W>() == 16) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}

// ---------------------------------------------------------------------------------------------------------
// Packing and matrix products.

/** B(k, j) = b[k*rsB + j*csB] -> panels of 8 columns: dst[(panel*K + k)*8 + col], zero-padded. */
function packPanelsB(K: i32, N: i32, b: usize, rsB: i32, csB: i32, dst: usize): void {
  const panels = (N + 7) >> 3;
  for (let p = 0; p < panels; p++) {
    const j0 = p << 3;
    const cols = min(8, N - j0);
    let d = dst + (<usize>(p * K) << 5);
    for (let k = 0; k < K; k++) {
      const row = b + (<usize>(k * rsB + j0 * csB) << 2);
      if (cols == 8 && csB == 1) {
        v128.store(d, v128.load(row));
        v128.store(d, v128.load(row, 16), 16);
      } else {
        for (let c = 0; c < 8; c++) {
          store<f32>(d + (<usize>c << 2), c < cols ? load<f32>(row + (<usize>(c * csB) << 2)) : 0);
        }
      }
      d += 32;
    }
  }
}

/** A(i, k) = a[i*rsA + k*csA] -> panels of 4 rows: dst[(panel*K + k)*4 + row], zero-padded. */
function packPanelsA(M: i32, K: i32, a: usize, rsA: i32, csA: i32, dst: usize): void {
  const panels = (M + 3) >> 2;
  for (let p = 0; p < panels; p++) {
    const i0 = p << 2;
    const rows = min(4, M - i0);
    let d = dst + (<usize>(p * K) << 4);
    if (rows == 4 && rsA == 1) {
      for (let k = 0; k < K; k++) {
        v128.store(d, v128.load(a + (<usize>(i0 + k * csA) << 2)));
        d += 16;
      }
    } else {
      for (let k = 0; k < K; k++) {
        for (let r = 0; r < 4; r++) {
          store<f32>(d + (<usize>r << 2), r < rows ? load<f32>(a + (<usize>((i0 + r) * rsA + k * csA) << 2)) : 0);
        }
        d += 16;
      }
    }
  }
}

/**
 * C[rows, cols] += A rows @ (B panel of 8 columns) over K, in a 4x8 register tile. A's four rows are read through
 * four pointers that advance by aStep bytes per k: a packed A panel (a_r = pa + 4r, aStep 16) or four rows of a
 * row-major A read in place (aStep 4), which saves packing the small per-step operand. B's 8 columns at k are
 * read at pb + k*bStep: a packed panel (bStep 32) or a row-major B in place (bStep = its row stride in bytes).
 * Every element of C gets the sum over k of its products, in k order from zero, added to C at the end: the
 * same bits whichever way A and B are read, which the products below rely on when they choose a path by shape.
 */
@inline function tile(K: i32, a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, pb: usize, bStep: usize,
  c: usize, ldc: i32, rows: i32, cols: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(a0);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(a1);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(a2);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(a3);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a0 += aStep;
    a1 += aStep;
    a2 += aStep;
    a3 += aStep;
    pb += bStep;
  }
  const ldb = <usize>ldc << 2;
  if (rows == 4 && cols == 8) {
    let r = c;
    v128.store(r, f32x4.add(v128.load(r), c00));
    v128.store(r, f32x4.add(v128.load(r, 16), c01), 16);
    r += ldb;
    v128.store(r, f32x4.add(v128.load(r), c10));
    v128.store(r, f32x4.add(v128.load(r, 16), c11), 16);
    r += ldb;
    v128.store(r, f32x4.add(v128.load(r), c20));
    v128.store(r, f32x4.add(v128.load(r, 16), c21), 16);
    r += ldb;
    v128.store(r, f32x4.add(v128.load(r), c30));
    v128.store(r, f32x4.add(v128.load(r, 16), c31), 16);
  } else {
    v128.store(EDGE, c00);
    v128.store(EDGE, c01, 16);
    v128.store(EDGE, c10, 32);
    v128.store(EDGE, c11, 48);
    v128.store(EDGE, c20, 64);
    v128.store(EDGE, c21, 80);
    v128.store(EDGE, c30, 96);
    v128.store(EDGE, c31, 112);
    for (let i = 0; i < rows; i++) {
      const row = c + <usize>i * ldb;
      for (let j = 0; j < cols; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, load<f32>(p) + load<f32>(EDGE + (<usize>(i * 8 + j) << 2)));
      }
    }
  }
}

/** C[M, N] += packed A [M, K] @ packed B [K, N]. */
function macro(M: i32, N: i32, K: i32, pa: usize, pb: usize, c: usize, ldc: i32): void {
  const rowPanels = (M + 3) >> 2;
  const colPanels = (N + 7) >> 3;
  for (let jp = 0; jp < colPanels; jp++) {
    const j0 = jp << 3;
    const cols = min(8, N - j0);
    const panelB = pb + (<usize>(jp * K) << 5);
    for (let ip = 0; ip < rowPanels; ip++) {
      const i0 = ip << 2;
      const panelA = pa + (<usize>(ip * K) << 4);
      tile(K, panelA, panelA + 4, panelA + 8, panelA + 12, 16, panelB, 32, c + (<usize>(i0 * ldc + j0) << 2), ldc,
        min(4, M - i0), cols);
    }
  }
}

/** Add the first `cols` lanes of two accumulators (8 columns) to row c. */
@inline function storeRow8(c: usize, lo: v128, hi: v128, cols: i32): void {
  if (cols == 8) {
    v128.store(c, f32x4.add(v128.load(c), lo));
    v128.store(c, f32x4.add(v128.load(c, 16), hi), 16);
    return;
  }
  v128.store(EDGE, lo);
  v128.store(EDGE, hi, 16);
  for (let j = 0; j < cols; j++) {
    const p = c + (<usize>j << 2);
    store<f32>(p, load<f32>(p) + load<f32>(EDGE + (<usize>j << 2)));
  }
}

/**
 * c[N] += a[K] @ packed B [K, N] for a single row (batch-1 inference), where the 4x8 tile would compute three
 * rows for nothing: three panels (24 columns, six accumulators) per pass over K, then two, then one. Six chains
 * hide more of the multiply-add latency than four (N = 1024, K = 256: 27 -> 36 GFLOP/s, measured); eight
 * (four panels) ran slower, apparently past the registers V8 leaves to SIMD code.
 */
function rowTimesPanels(N: i32, K: i32, a: usize, pb: usize, c: usize): void {
  const colPanels = (N + 7) >> 3;
  const panelBytes = <usize>K << 5;
  let jp = 0;
  for (; jp + 3 <= colPanels; jp += 3) {
    let p0 = pb + <usize>jp * panelBytes;
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let c4 = f32x4.splat(0), c5 = f32x4.splat(0);
    let ap = a;
    const end = a + (<usize>K << 2);
    while (ap < end) {
      const av = v128.load32_splat(ap);
      c0 = madd(av, v128.load(p0), c0);
      c1 = madd(av, v128.load(p0, 16), c1);
      c2 = madd(av, v128.load(p0 + panelBytes), c2);
      c3 = madd(av, v128.load(p0 + panelBytes, 16), c3);
      c4 = madd(av, v128.load(p0 + 2 * panelBytes), c4);
      c5 = madd(av, v128.load(p0 + 2 * panelBytes, 16), c5);
      ap += 4;
      p0 += 32;
    }
    const j0 = jp << 3;
    storeRow8(c + (<usize>j0 << 2), c0, c1, min(8, N - j0));
    storeRow8(c + (<usize>(j0 + 8) << 2), c2, c3, min(8, N - j0 - 8));
    storeRow8(c + (<usize>(j0 + 16) << 2), c4, c5, min(8, N - j0 - 16));
  }
  for (; jp + 2 <= colPanels; jp += 2) {
    let p0 = pb + <usize>jp * panelBytes;
    let p1 = p0 + panelBytes;
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let ap = a;
    for (let k = 0; k < K; k++) {
      const av = v128.load32_splat(ap);
      c0 = madd(av, v128.load(p0), c0);
      c1 = madd(av, v128.load(p0, 16), c1);
      c2 = madd(av, v128.load(p1), c2);
      c3 = madd(av, v128.load(p1, 16), c3);
      ap += 4;
      p0 += 32;
      p1 += 32;
    }
    const j0 = jp << 3;
    storeRow8(c + (<usize>j0 << 2), c0, c1, min(8, N - j0));
    storeRow8(c + (<usize>(j0 + 8) << 2), c2, c3, min(8, N - j0 - 8));
  }
  if (jp < colPanels) {
    let p0 = pb + <usize>jp * panelBytes;
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
    let ap = a;
    for (let k = 0; k < K; k++) {
      const av = v128.load32_splat(ap);
      c0 = madd(av, v128.load(p0), c0);
      c1 = madd(av, v128.load(p0, 16), c1);
      ap += 4;
      p0 += 32;
    }
    const j0 = jp << 3;
    storeRow8(c + (<usize>j0 << 2), c0, c1, min(8, N - j0));
  }
}

/**
 * C[M, N] += A [M, K] (row-major, row stride lda floats, read in place) @ packed B [K, N]. Column panels outer
 * (each packed panel of B stays in L1 across all rows), except for a narrow C (N <= 32, e.g. dx = dPre W^T with
 * few features) and a tall A, where rows outer reads the large A once instead of once per column panel.
 */
function macroRows(M: i32, N: i32, K: i32, a: usize, lda: i32, pb: usize, c: usize, ldc: i32): void {
  const rowPanels = (M + 3) >> 2;
  const colPanels = (N + 7) >> 3;
  const rowBytes = <usize>lda << 2;
  if (colPanels > 1 && colPanels <= 4 && rowPanels > 16) {
    for (let ip = 0; ip < rowPanels; ip++) {
      const i0 = ip << 2;
      const rows = min(4, M - i0);
      const a0 = a + <usize>i0 * rowBytes;
      const a1 = a + <usize>min(i0 + 1, M - 1) * rowBytes;
      const a2 = a + <usize>min(i0 + 2, M - 1) * rowBytes;
      const a3 = a + <usize>min(i0 + 3, M - 1) * rowBytes;
      for (let jp = 0; jp < colPanels; jp++) {
        const j0 = jp << 3;
        tile(K, a0, a1, a2, a3, 4, pb + (<usize>(jp * K) << 5), 32, c + (<usize>(i0 * ldc + j0) << 2), ldc, rows, min(8, N - j0));
      }
    }
    return;
  }
  for (let jp = 0; jp < colPanels; jp++) {
    const j0 = jp << 3;
    const cols = min(8, N - j0);
    const panelB = pb + (<usize>(jp * K) << 5);
    for (let ip = 0; ip < rowPanels; ip++) {
      const i0 = ip << 2;
      const rows = min(4, M - i0);
      // Rows past the end repeat the last row: computed, never stored.
      const a0 = a + <usize>i0 * rowBytes;
      const a1 = a + <usize>min(i0 + 1, M - 1) * rowBytes;
      const a2 = a + <usize>min(i0 + 2, M - 1) * rowBytes;
      const a3 = a + <usize>min(i0 + 3, M - 1) * rowBytes;
      tile(K, a0, a1, a2, a3, 4, panelB, 32, c + (<usize>(i0 * ldc + j0) << 2), ldc, rows, cols);
    }
  }
}

/**
 * C[M, N] += A [M, K] @ B [K, N] for a short A (M <= FEW_ROWS) and a row-major B (element (k, j) at b + k*rsB + j),
 * B read in place: each element of B takes part in one or two tiles only, so packing it (a copy of all of B, then
 * reading the copy) cost more than the product. dW = X^T dPre for one input feature (c1 of bench/configs.ts:
 * [1 x 1600] @ [1600 x 256], one thread's share) took 156 us with B packed, 76 read in place (bench/kernels-ab.ts).
 * A is packed (M rows, cheap); so is the last, partial panel of B, whose zero padding keeps the loads inside B.
 * The same K blocks as `gemm`'s packed path, and within each the same tile: the same bits.
 */
function gemmFewRows(M: i32, N: i32, K: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, c: usize, ldc: i32,
  work: usize): void {
  const rowPanels = (M + 3) >> 2;
  const colPanels = (N + 7) >> 3;
  const packedA = work;
  const packedTail = work + (<usize>(rowPanels * min(K, KC)) << 4);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packPanelsA(M, kc, a + (<usize>(k0 * csA) << 2), rsA, csA, packedA);
    for (let jp = 0; jp < colPanels; jp++) {
      const j0 = jp << 3;
      const cols = min(8, N - j0);
      let panel = b + (<usize>(k0 * rsB + j0) << 2);
      let step = <usize>rsB << 2;
      if (cols < 8) {
        packPanelsB(kc, cols, panel, rsB, 1, packedTail);
        panel = packedTail;
        step = 32;
      }
      for (let ip = 0; ip < rowPanels; ip++) {
        const i0 = ip << 2;
        const pa = packedA + (<usize>(ip * kc) << 4);
        tile(kc, pa, pa + 4, pa + 8, pa + 12, 16, panel, step, c + (<usize>(i0 * ldc + j0) << 2), ldc, min(4, M - i0), cols);
      }
    }
  }
}

function zeroRows(M: i32, N: i32, c: usize, ldc: i32): void {
  for (let i = 0; i < M; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>N << 2);
}

export function packB(K: i32, N: i32, b: i32, rsB: i32, csB: i32, dst: i32): void {
  packPanelsB(K, N, P(b), rsB, csB, P(dst));
}

export function gemmPacked(M: i32, N: i32, K: i32, a: i32, rsA: i32, csA: i32, packedB: i32, c: i32, ldc: i32,
  accumulate: i32, work: i32): void {
  if (!accumulate) zeroRows(M, N, P(c), ldc);
  if (M == 1 && csA == 1) {
    rowTimesPanels(N, K, P(a), P(packedB), P(c));
  } else if (csA == 1) {
    macroRows(M, N, K, P(a), rsA, P(packedB), P(c), ldc);
  } else {
    packPanelsA(M, K, P(a), rsA, csA, P(work));
    macro(M, N, K, P(work), P(packedB), P(c), ldc);
  }
}

export function gemm(M: i32, N: i32, K: i32, a: i32, rsA: i32, csA: i32, b: i32, rsB: i32, csB: i32, c: i32,
  ldc: i32, accumulate: i32, work: i32): void {
  if (!accumulate) zeroRows(M, N, P(c), ldc);
  if (M <= FEW_ROWS && csB == 1) {
    gemmFewRows(M, N, K, P(a), rsA, csA, P(b), rsB, P(c), ldc, P(work));
    return;
  }
  const kc0 = min(K, KC);
  const packedB = P(work);
  const packedA = packedB + (<usize>(((N + 7) & ~7) * kc0) << 2);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packPanelsB(kc, N, P(b + k0 * rsB), rsB, csB, packedB);
    if (csA == 1) {
      // Row-major A: its rows are read in place (packing would copy M*K floats one by one).
      macroRows(M, N, kc, P(a + k0), rsA, packedB, P(c), ldc);
      continue;
    }
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packPanelsA(mc, kc, P(a + i0 * rsA + k0 * csA), rsA, csA, packedA);
      macro(mc, N, kc, packedA, packedB, P(c + i0 * ldc), ldc);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small vector helpers.

export function broadcastRows(M: i32, N: i32, v: i32, dst: i32): void {
  const bytes = <usize>N << 2;
  for (let i = 0; i < M; i++) memory.copy(P(dst + i * N), P(v), bytes);
}

export function columnSums(M: i32, N: i32, a: i32, lda: i32, out: i32): void {
  const o = P(out);
  for (let i = 0; i < M; i++) {
    const row = P(a + i * lda);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const off = <usize>j << 2;
      v128.store(o + off, f32x4.add(v128.load(o + off), v128.load(row + off)));
    }
    for (; j < N; j++) {
      const off = <usize>j << 2;
      store<f32>(o + off, load<f32>(o + off) + load<f32>(row + off));
    }
  }
}

export function addTo(n: i32, src: i32, dst: i32): void {
  const s = P(src), d = P(dst);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(d + off, f32x4.add(v128.load(d + off), v128.load(s + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(d + off, load<f32>(d + off) + load<f32>(s + off));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vanilla RNN:  h' = tanh(x W + b + h U).

@inline function rnnForwardAt<W>(pre: usize, h: usize): void {
  st<W>(h, tanhv(ld<W>(pre)));
}
export function rnnForward(n: i32, pre: i32, h: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) rnnForwardAt<v128>(P(pre + i), P(h + i));
  for (; i < n; i++) rnnForwardAt<f32>(P(pre + i), P(h + i));
}

/** dPre = dh (1 - h^2) */
@inline function rnnBackwardAt<W>(h: usize, dh: usize, dPre: usize): void {
  const hv = ld<W>(h);
  st<W>(dPre, f32x4.mul(flushTiny(ld<W>(dh)), f32x4.sub(f32x4.splat(1.0), f32x4.mul(hv, hv))));
}
export function rnnBackward(n: i32, h: i32, dh: i32, dPre: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) rnnBackwardAt<v128>(P(h + i), P(dh + i), P(dPre + i));
  for (; i < n; i++) rnnBackwardAt<f32>(P(h + i), P(dh + i), P(dPre + i));
}

// ---------------------------------------------------------------------------------------------------------
// LSTM, gate blocks i|f|g|o of H columns:
//   i = sigma(.), f = sigma(.), g = tanh(.), o = sigma(.);  c' = f c + i g;  h' = o tanh(c')

// The gates were applied in place before (sigmoid on i|f and o, tanh on g, one block at a time).
@inline function lstmCellAt<W>(g: usize, hb: usize, cPrev: usize, c: usize, h: usize): void {
  const inputGate = ld<W>(g), forgetGate = ld<W>(g + hb), cellCandidate = ld<W>(g + 2 * hb);
  const outputGate = ld<W>(g + 3 * hb);
  const cellState = f32x4.add(f32x4.mul(forgetGate, ld<W>(cPrev)), f32x4.mul(inputGate, cellCandidate));
  st<W>(c, cellState);
  st<W>(h, f32x4.mul(outputGate, tanhv(cellState)));
}
export function lstmForward(B: i32, H: i32, gates: i32, cPrev: i32, c: i32, h: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 4 * H, s = b * H;
    sigmoidInPlace(P(g), 2 * H); // input and forget gates, side by side
    tanhInPlace(P(g + 2 * H), H); // cell candidate
    sigmoidInPlace(P(g + 3 * H), H); // output gate
    let j = 0;
    for (; j + 4 <= H; j += 4) lstmCellAt<v128>(P(g + j), hb, P(cPrev + s + j), P(c + s + j), P(h + s + j));
    for (; j < H; j++) lstmCellAt<f32>(P(g + j), hb, P(cPrev + s + j), P(c + s + j), P(h + s + j));
  }
}

// dc_t = dc + dh o (1 - tanh(c)^2);  di = dc_t g;  df = dc_t c_{t-1};  dg = dc_t i;  do = dh tanh(c);
// dc_{t-1} = dc_t f;  each gate's pre-activation gradient multiplies by sigma' = s(1-s) or tanh' = 1-t^2.
@inline function lstmBackwardAt<W>(g: usize, hb: usize, cPrev: usize, c: usize, dh: usize, dc: usize, d: usize): void {
  const one = f32x4.splat(1.0);
  const inputGate = ld<W>(g), forgetGate = ld<W>(g + hb), cellCandidate = ld<W>(g + 2 * hb), outputGate = ld<W>(g + 3 * hb);
  const tanhCell = tanhv(ld<W>(c));
  const dhv = flushTiny(ld<W>(dh));
  const dCell = f32x4.add(flushTiny(ld<W>(dc)), f32x4.mul(f32x4.mul(dhv, outputGate), f32x4.sub(one, f32x4.mul(tanhCell, tanhCell))));
  st<W>(d, f32x4.mul(f32x4.mul(dCell, cellCandidate), f32x4.mul(inputGate, f32x4.sub(one, inputGate))));
  st<W>(d + hb, f32x4.mul(f32x4.mul(dCell, ld<W>(cPrev)), f32x4.mul(forgetGate, f32x4.sub(one, forgetGate))));
  st<W>(d + 2 * hb, f32x4.mul(f32x4.mul(dCell, inputGate), f32x4.sub(one, f32x4.mul(cellCandidate, cellCandidate))));
  st<W>(d + 3 * hb, f32x4.mul(f32x4.mul(dhv, tanhCell), f32x4.mul(outputGate, f32x4.sub(one, outputGate))));
  st<W>(dc, f32x4.mul(dCell, forgetGate));
}
export function lstmBackward(B: i32, H: i32, gates: i32, cPrev: i32, c: i32, dh: i32, dc: i32, dGates: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 4 * H, d = dGates + b * 4 * H, s = b * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      lstmBackwardAt<v128>(P(g + j), hb, P(cPrev + s + j), P(c + s + j), P(dh + s + j), P(dc + s + j), P(d + j));
    }
    for (; j < H; j++) {
      lstmBackwardAt<f32>(P(g + j), hb, P(cPrev + s + j), P(c + s + j), P(dh + s + j), P(dc + s + j), P(d + j));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// GRU, gate blocks z|r|n. resetAfter (PyTorch / cuDNN):
//   z = sigma(x W_z + h U_z + b_z), r = sigma(x W_r + h U_r + b_r), rh = h U_n + b_hn, n = tanh(x W_n + b_in + r rh),
//   h' = z h + (1-z) n

// z and r, side by side in gates, rec and bias: gate = sigma(x W + (h U + b)), in place in gates.
@inline function gruUpdateResetAt<W>(g: usize, rec: usize, bias: usize): void {
  st<W>(g, sigmoidv(f32x4.add(ld<W>(g), f32x4.add(ld<W>(rec), ld<W>(bias)))));
}
@inline function gruCandidateResetAfterAt<W>(g: usize, rec: usize, bias: usize, hb: usize, hPrev: usize, h: usize,
  rh: usize): void {
  const one = f32x4.splat(1.0);
  const updateGate = ld<W>(g), resetGate = ld<W>(g + hb);
  const recurrentPart = f32x4.add(ld<W>(rec + 2 * hb), ld<W>(bias + 2 * hb));
  const candidate = tanhv(f32x4.add(ld<W>(g + 2 * hb), f32x4.mul(resetGate, recurrentPart)));
  st<W>(g + 2 * hb, candidate);
  st<W>(rh, recurrentPart);
  st<W>(h, f32x4.add(f32x4.mul(updateGate, ld<W>(hPrev)), f32x4.mul(f32x4.sub(one, updateGate), candidate)));
}
export function gruForwardResetAfter(B: i32, H: i32, gates: i32, rec: i32, recBias: i32, hPrev: i32, h: i32,
  rh: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, r = rec + b * 3 * H, s = b * H;
    // The update and reset gates (2H columns) first, one loop of one chain (see sigmoidInPlace), then the rest.
    let j = 0;
    for (; j + 4 <= 2 * H; j += 4) gruUpdateResetAt<v128>(P(g + j), P(r + j), P(recBias + j));
    for (; j < 2 * H; j++) gruUpdateResetAt<f32>(P(g + j), P(r + j), P(recBias + j));
    j = 0;
    for (; j + 4 <= H; j += 4) {
      gruCandidateResetAfterAt<v128>(P(g + j), P(r + j), P(recBias + j), hb, P(hPrev + s + j), P(h + s + j), P(rh + s + j));
    }
    for (; j < H; j++) {
      gruCandidateResetAfterAt<f32>(P(g + j), P(r + j), P(recBias + j), hb, P(hPrev + s + j), P(h + s + j), P(rh + s + j));
    }
  }
}

// dn = dh (1-z) (1-n^2);  dz = dh (h_{t-1} - n) z (1-z);  dr = dn rh r (1-r);
// input side: dz | dr | dn;  recurrent side: dz | dr | dn r;  dh_{t-1} = dh z (+ recurrent side @ U^T)
@inline function gruBackwardResetAfterAt<W>(g: usize, hb: usize, rh: usize, hPrev: usize, dh: usize, dg: usize,
  dr: usize, dhPrev: usize): void {
  const one = f32x4.splat(1.0);
  const updateGate = ld<W>(g), resetGate = ld<W>(g + hb), candidate = ld<W>(g + 2 * hb);
  const dhv = flushTiny(ld<W>(dh));
  const dCandidatePre = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, updateGate)), f32x4.sub(one, f32x4.mul(candidate, candidate)));
  const dUpdatePre = f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld<W>(hPrev), candidate)), f32x4.mul(updateGate, f32x4.sub(one, updateGate)));
  const dResetPre = f32x4.mul(f32x4.mul(dCandidatePre, ld<W>(rh)), f32x4.mul(resetGate, f32x4.sub(one, resetGate)));
  st<W>(dg, dUpdatePre);
  st<W>(dr, dUpdatePre);
  st<W>(dg + hb, dResetPre);
  st<W>(dr + hb, dResetPre);
  st<W>(dg + 2 * hb, dCandidatePre);
  st<W>(dr + 2 * hb, f32x4.mul(dCandidatePre, resetGate));
  st<W>(dhPrev, f32x4.mul(dhv, updateGate));
}
export function gruBackwardResetAfter(B: i32, H: i32, gates: i32, rh: i32, hPrev: i32, dh: i32, dGates: i32,
  dRec: i32, dhPrev: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, dg = dGates + b * 3 * H, dr = dRec + b * 3 * H, s = b * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      gruBackwardResetAfterAt<v128>(P(g + j), hb, P(rh + s + j), P(hPrev + s + j), P(dh + s + j), P(dg + j), P(dr + j), P(dhPrev + s + j));
    }
    for (; j < H; j++) {
      gruBackwardResetAfterAt<f32>(P(g + j), hb, P(rh + s + j), P(hPrev + s + j), P(dh + s + j), P(dg + j), P(dr + j), P(dhPrev + s + j));
    }
  }
}

// GRU, reset before the recurrent product (Keras 1 / tf.layers.gru):
//   z = sigma(x W_z + h U_z + b_z), r = sigma(x W_r + h U_r + b_r), n = tanh(x W_n + b_n + (r h) U_n), h' = z h + (1-z) n

@inline function gruResetProductAt<W>(g: usize, hb: usize, hPrev: usize, rh: usize): void {
  st<W>(rh, f32x4.mul(ld<W>(g + hb), ld<W>(hPrev)));
}
export function gruForwardGates(B: i32, H: i32, gates: i32, hPrev: i32, rh: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, s = b * H;
    sigmoidInPlace(P(g), 2 * H); // update and reset gates, side by side
    let j = 0;
    for (; j + 4 <= H; j += 4) gruResetProductAt<v128>(P(g + j), hb, P(hPrev + s + j), P(rh + s + j));
    for (; j < H; j++) gruResetProductAt<f32>(P(g + j), hb, P(hPrev + s + j), P(rh + s + j));
  }
}

@inline function gruForwardCandidateAt<W>(g: usize, hb: usize, hPrev: usize, h: usize): void {
  const updateGate = ld<W>(g);
  const candidate = tanhv(ld<W>(g + 2 * hb));
  st<W>(g + 2 * hb, candidate);
  st<W>(h, f32x4.add(f32x4.mul(updateGate, ld<W>(hPrev)), f32x4.mul(f32x4.sub(f32x4.splat(1.0), updateGate), candidate)));
}
export function gruForwardCandidate(B: i32, H: i32, gates: i32, hPrev: i32, h: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, s = b * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) gruForwardCandidateAt<v128>(P(g + j), hb, P(hPrev + s + j), P(h + s + j));
    for (; j < H; j++) gruForwardCandidateAt<f32>(P(g + j), hb, P(hPrev + s + j), P(h + s + j));
  }
}

// dz = dh (h_{t-1} - n) z (1-z);  dn = dh (1-z) (1-n^2);  dh_{t-1} = dh z  (then + dRh r + dzr @ U_zr^T)
@inline function gruBackwardCandidateAt<W>(g: usize, hb: usize, hPrev: usize, dh: usize, dg: usize, dhPrev: usize): void {
  const one = f32x4.splat(1.0);
  const updateGate = ld<W>(g), candidate = ld<W>(g + 2 * hb);
  const dhv = flushTiny(ld<W>(dh));
  st<W>(dg, f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld<W>(hPrev), candidate)), f32x4.mul(updateGate, f32x4.sub(one, updateGate))));
  st<W>(dg + 2 * hb, f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, updateGate)), f32x4.sub(one, f32x4.mul(candidate, candidate))));
  st<W>(dhPrev, f32x4.mul(dhv, updateGate));
}
export function gruBackwardCandidate(B: i32, H: i32, gates: i32, hPrev: i32, dh: i32, dGates: i32, dhPrev: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, dg = dGates + b * 3 * H, s = b * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) gruBackwardCandidateAt<v128>(P(g + j), hb, P(hPrev + s + j), P(dh + s + j), P(dg + j), P(dhPrev + s + j));
    for (; j < H; j++) gruBackwardCandidateAt<f32>(P(g + j), hb, P(hPrev + s + j), P(dh + s + j), P(dg + j), P(dhPrev + s + j));
  }
}

// dr = dRh h_{t-1} r (1-r);  dh_{t-1} += dRh r
@inline function gruBackwardResetAt<W>(g: usize, hb: usize, hPrev: usize, dRh: usize, dg: usize, dhPrev: usize): void {
  const resetGate = ld<W>(g + hb);
  const dRhv = flushTiny(ld<W>(dRh));
  st<W>(dg + hb, f32x4.mul(f32x4.mul(dRhv, ld<W>(hPrev)), f32x4.mul(resetGate, f32x4.sub(f32x4.splat(1.0), resetGate))));
  st<W>(dhPrev, f32x4.add(ld<W>(dhPrev), f32x4.mul(dRhv, resetGate)));
}
export function gruBackwardReset(B: i32, H: i32, gates: i32, hPrev: i32, dRh: i32, dGates: i32, dhPrev: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + b * 3 * H, dg = dGates + b * 3 * H, s = b * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) gruBackwardResetAt<v128>(P(g + j), hb, P(hPrev + s + j), P(dRh + s + j), P(dg + j), P(dhPrev + s + j));
    for (; j < H; j++) gruBackwardResetAt<f32>(P(g + j), hb, P(hPrev + s + j), P(dRh + s + j), P(dg + j), P(dhPrev + s + j));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Adam, one pass over one variable, in tf.train.adam's arithmetic operation by operation (float32, each product,
// sum, quotient and square root rounded, no fused multiply-add even in the FMA build), so the weights come out
// the same to the bit as from tfjs's own op-by-op update:
//   m' = m b1 + g (1 - b1);  v' = v b2 + g^2 (1 - b2);
//   w' = ((m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)) (-lr) + w

@inline function adamAt<W>(w: usize, g: usize, m: usize, v: usize, beta1: v128, oneMinusBeta1: v128, beta2: v128,
  oneMinusBeta2: v128, oneMinusAccBeta1: v128, oneMinusAccBeta2: v128, epsilon: v128, negLr: v128): void {
  const grad = ld<W>(g);
  const firstMoment = f32x4.add(f32x4.mul(ld<W>(m), beta1), f32x4.mul(grad, oneMinusBeta1));
  const secondMoment = f32x4.add(f32x4.mul(ld<W>(v), beta2), f32x4.mul(f32x4.mul(grad, grad), oneMinusBeta2));
  st<W>(m, firstMoment);
  st<W>(v, secondMoment);
  const corrected1 = f32x4.div(firstMoment, oneMinusAccBeta1);
  const corrected2 = f32x4.div(secondMoment, oneMinusAccBeta2);
  const step = f32x4.div(corrected1, f32x4.add(f32x4.sqrt(corrected2), epsilon));
  st<W>(w, f32x4.add(f32x4.mul(step, negLr), ld<W>(w)));
}
export function adamStep(n: i32, w: i32, g: i32, m: i32, v: i32, beta1: f32, oneMinusBeta1: f32, beta2: f32,
  oneMinusBeta2: f32, oneMinusAccBeta1: f32, oneMinusAccBeta2: f32, epsilon: f32, negLr: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(oneMinusBeta1), b2 = f32x4.splat(beta2), c2 = f32x4.splat(oneMinusBeta2);
  const a1 = f32x4.splat(oneMinusAccBeta1), a2 = f32x4.splat(oneMinusAccBeta2), e = f32x4.splat(epsilon), l = f32x4.splat(negLr);
  let i = 0;
  for (; i + 4 <= n; i += 4) adamAt<v128>(P(w + i), P(g + i), P(m + i), P(v + i), b1, c1, b2, c2, a1, a2, e, l);
  for (; i < n; i++) adamAt<f32>(P(w + i), P(g + i), P(m + i), P(v + i), b1, c1, b2, c2, a1, a2, e, l);
}
