/**
 * A tiny seeded uniform generator for the memory-task generators (mulberry32, 32-bit state).
 *
 * Local stand-in until the library's `createRng(seed)` (lib/data/random.ts) lands; the generators
 * only need `() => number` in [0, 1), so switching is a one-line change here.
 */

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** mulberry32: fast, full-period over 2^32 seeds, good enough for task sampling (not for cryptography). */
export function seededUniform(seed: number): Uniform {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}: pass an integer seed`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [low, high) drawn from `uniform`. */
export function uniformInt(uniform: Uniform, low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low));
}

/**
 * Derive independent stream seeds from one user seed (so the training stream of seed 1 never equals
 * the fixed test set, and length 20 does not reuse length 10's sequences). A 32-bit integer hash.
 */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}
