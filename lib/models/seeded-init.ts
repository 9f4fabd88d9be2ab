/**
 * Repeatable weight initialisation. TF.js initialisers accept a `seed`, but a seed of 0 counts as "no seed",
 * and layers that do not pass a seed to their initialisers (TF.js's own recurrent layers) draw it from
 * `Math.random()`. Building a model inside `withSeededRandom` makes those draws come from a seeded stream,
 * so the same seed builds the same weights on the same backend whatever the layers do.
 */
import { createRng } from "../data/random";

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
