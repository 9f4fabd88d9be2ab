/**
 * Seeded weight initialisers for the cells, in plain JavaScript (no tfjs random ops), so that the same
 * seed gives the same weights on every backend.
 *
 *   glorotUniform(seed):        W ~ U(-l, l),  l = sqrt(6 / (fanIn + fanOut))        (Glorot & Bengio 2010)
 *   blockOrthogonal(gates, s):  R = [Q_1 | Q_2 | ... | Q_G],  each Q_g an [H, H] orthogonal matrix
 *                               (Saxe et al. 2014): modified Gram-Schmidt on a seeded normal matrix.
 *
 * Why our own orthogonal: tfjs's `orthogonal` initialiser runs a QR decomposition op by op and warns that
 * it is slow above 2000x2000 elements; Gram-Schmidt on a Float64Array is O(H^3) flat loops (H = 512: ~0.3 s).
 * Each gate's recurrent block gets its own orthogonal matrix, so every gate starts norm-preserving.
 */
import * as tf from "@tensorflow/tfjs";

/** The initialiser type that `Layer.addWeight` expects (not exported by name from @tensorflow/tfjs). */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** A source of uniform numbers in [0, 1). mulberry32: tiny, fast, full period over 2^32 seeds. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers (Box-Muller) from a seeded uniform source. */
function seededNormal(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => {
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** A fresh 32-bit seed when the user gave none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

/** A per-purpose seed derived from the user's seed (kernel, recurrent kernel and dropout never share a stream). */
export function deriveSeed(seed: number, purpose: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (purpose >>> 0) ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * An [n, n] orthogonal matrix (row-major Float64Array): modified Gram-Schmidt on the columns of a seeded
 * standard normal matrix. The Q of a Gaussian matrix with positive diag(R) (which Gram-Schmidt gives) is
 * Haar-distributed, the distribution Saxe et al. and Keras's `Orthogonal` draw from.
 */
export function orthogonalMatrix(n: number, seed: number): Float64Array {
  const normal = seededNormal(seed);
  // Work on columns stored contiguously: col[j] = a.subarray(j*n, (j+1)*n).
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = normal();
  for (let j = 0; j < n; j++) {
    const col = a.subarray(j * n, (j + 1) * n);
    for (let k = 0; k < j; k++) {
      const prev = a.subarray(k * n, (k + 1) * n);
      let dot = 0;
      for (let i = 0; i < n; i++) dot += prev[i] * col[i];
      for (let i = 0; i < n; i++) col[i] -= dot * prev[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) col[i] /= norm;
  }
  // Transpose the column store into a row-major matrix.
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) q[i * n + j] = a[j * n + i];
  return q;
}

/** A plain initialiser object: `addWeight` only calls `apply(shape, dtype)`. */
function initializer(className: string, apply: (shape: number[]) => tf.Tensor): Initializer {
  return {
    apply: (shape: number[]) => apply(shape),
    getClassName: () => className,
    getConfig: () => ({}),
    fromConfigUsesCustomObjects: () => false,
  } as unknown as Initializer;
}

/** Glorot (Xavier) uniform for a 2-D kernel [fanIn, fanOut], seeded. */
export function glorotUniform(seed: number): Initializer {
  return initializer("WorkbookGlorotUniform", (shape) => {
    const [fanIn, fanOut] = shape;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const uniform = seededUniform(seed);
    const values = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < values.length; i++) values[i] = (2 * uniform() - 1) * limit;
    return tf.tensor2d(values, [fanIn, fanOut]);
  });
}

/** A recurrent kernel [H, G*H] made of G independent [H, H] orthogonal blocks, seeded. */
export function blockOrthogonal(gates: number, seed: number): Initializer {
  return initializer("WorkbookBlockOrthogonal", (shape) => {
    const [units, columns] = shape;
    if (columns !== gates * units) {
      throw new Error(`blockOrthogonal: expected a recurrent kernel of shape [${units}, ${gates * units}], got [${shape}]`);
    }
    const values = new Float32Array(units * columns);
    for (let g = 0; g < gates; g++) {
      const q = orthogonalMatrix(units, deriveSeed(seed, g));
      for (let i = 0; i < units; i++) for (let j = 0; j < units; j++) values[i * columns + g * units + j] = q[i * units + j];
    }
    return tf.tensor2d(values, [units, columns]);
  });
}

/** A bias vector/matrix from a plain function of the flat index (zeros, or the LSTM forget-gate ones). */
export function biasFrom(valueAt: (index: number, shape: number[]) => number): Initializer {
  return initializer("WorkbookBias", (shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = valueAt(i, shape);
    return tf.tensor(values, shape);
  });
}
