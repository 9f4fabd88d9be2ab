/**
 * Random streams for the memory-task generators, on the library's seeded PRNG (`createRng`, mulberry32 in
 * lib/data/random.ts). The generators need only `() => number` in [0, 1), so any uniform source will do.
 */
import { createRng } from "../data/random";

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** A seeded uniform stream: the same seed always gives the same numbers, on any machine. */
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
