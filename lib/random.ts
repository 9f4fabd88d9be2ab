/**
 * All the workbook's randomness, in plain JavaScript so that the same seed gives the same numbers on every
 * machine, JS engine and TF.js backend: ONE generator (mulberry32), seed derivation, and the seeded weight
 * initialisers the cells and models use.
 *
 * mulberry32 keeps one 32-bit state word `a`; each step is
 *
 *     a <- a + 0x6D2B79F5 (mod 2^32)
 *     t <- (a ^ (a >>> 15)) * (a | 1);   t <- t ^ (t + (t ^ (t >>> 7)) * (t | 61));   out <- t ^ (t >>> 14)
 *
 * with 32-bit multiplies (`Math.imul`), and `next()` returns out / 2^32 in [0, 1). Integer arithmetic only, so the
 * stream is bit-identical everywhere; `int`, `shuffle` and `choice` use only `next()` and exact float products.
 * `normal()` uses Box-Muller (Math.log / Math.cos), whose last bit may differ between engines: keep it out of
 * anything that must be reproduced bit for bit (splits use `int` only).
 *
 * Seed derivation, two hashes (both kept so that every number the workbook ever produced stays reproducible):
 *   deriveSeed(seed, purpose)  one stream per purpose of a layer (kernel, recurrent kernel, dropout masks, gate g);
 *   mixSeeds(...parts)         one stream per (purpose, seed, length) of the memory tasks (FNV-1a style mixing).
 *
 * Initialisers:
 *   glorotUniform(seed):        W ~ U(-l, l),  l = sqrt(6 / (fanIn + fanOut))        (Glorot & Bengio 2010)
 *   blockOrthogonal(gates, s):  R = [Q_1 | Q_2 | ... | Q_G],  each Q_g an [H, H] orthogonal matrix
 *                               (Saxe et al. 2014): modified Gram-Schmidt on a seeded normal matrix.
 * Why our own orthogonal: tfjs's `orthogonal` initialiser runs a QR decomposition op by op and warns that
 * it is slow above 2000x2000 elements; Gram-Schmidt on a Float64Array is O(H^3) flat loops (H = 512: ~0.3 s).
 * Each gate's recurrent block gets its own orthogonal matrix, so every gate starts norm-preserving.
 *
 * TF.js's own layers draw unseeded initialiser seeds from `Math.random()`: `withSeededRandom` builds a model
 * with `Math.random` replaced by a seeded stream, so the same seed builds the same weights whatever the layers do.
 */
import * as tf from "@tensorflow/tfjs";

/** A seeded random stream: the same seed always gives the same sequence of values. */
export interface Rng {
  /** The seed this stream was created with. */
  readonly seed: number;
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n); `n` must be a positive integer below 2^32. */
  int(n: number): number;
  /** Standard normal N(0, 1) by the Box-Muller transform. */
  normal(): number;
  /** Shuffle `array` in place (Fisher-Yates) and return it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
}

/**
 * Create a seeded generator (mulberry32). `seed` is any finite number; it is reduced to an unsigned 32-bit integer,
 * so seeds that differ only above 2^32 or in their fraction give the same stream.
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`createRng: seed ${String(seed)} is not a finite number: pass an integer such as 42`);
  }
  let state = Math.trunc(seed) >>> 0;
  let spareNormal: number | undefined;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new Error(`rng.int(${n}): n must be a positive integer up to 2^32`);
    }
    return Math.floor(next() * n);
  };

  const normal = (): number => {
    if (spareNormal !== undefined) {
      const z = spareNormal;
      spareNormal = undefined;
      return z;
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const u1 = 1 - next();
    const u2 = next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };

  const shuffle = <T, A extends { length: number; [index: number]: T }>(array: A): A => {
    for (let i = array.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
    return array;
  };

  const uniform = (low: number, high: number): number => low + (high - low) * next();

  return { seed, next, int, normal, shuffle, uniform };
}

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** A seeded uniform stream (mulberry32): the same seed always gives the same numbers, on any machine. */
export function seededUniform(seed: number): Uniform {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}: pass an integer seed`);
  const rng = createRng(seed);
  return () => rng.next();
}

/** An integer in [low, high) drawn from `uniform`. */
export function uniformInt(uniform: Uniform, low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low));
}

/**
 * Independent stream seeds from several integers (so the training stream of seed 1 never equals the fixed test
 * set, and length 20 does not reuse length 10's sequences). A 32-bit integer hash; the memory tasks' streams.
 */
export function mixSeeds(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

/** Run `build` (synchronous) with `Math.random` replaced by a generator seeded with `seed`. */
export function withSeededRandom<T>(seed: number, build: () => T): T {
  const original = Math.random;
  const rng = createRng(seed);
  Math.random = () => rng.next();
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

/** A positive initialiser seed for layer `index` of a model built with run seed `seed` (0 would mean "unseeded"). */
export function layerSeed(seed: number, index: number): number {
  return (Math.trunc(seed) >>> 0) * 1009 + index + 1;
}

/** The initialiser type that `Layer.addWeight` expects (not exported by name from @tensorflow/tfjs). */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

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

/** A per-purpose seed derived from the user's seed (kernel, recurrent kernel and dropout never share a stream; gate g's orthogonal block). */
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
