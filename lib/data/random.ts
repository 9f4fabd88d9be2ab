/**
 * A seeded pseudo-random number generator in plain JavaScript (mulberry32), so that the same seed gives the
 * same splits, shuffles and synthetic tasks on any machine and any JS engine.
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
 */

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
