/**
 * Seeded, stratified splits and seeded shuffling for labelled examples. Only `rng.int` is used, whose stream is
 * bit-identical on every machine, so the same seed gives the same split anywhere.
 *
 * Stratified: for each class c with n_c examples, round(n_c * testFraction) of them (chosen by a seeded shuffle of
 * that class's indices) go to test, the rest to train; so each part keeps the class proportions to within one
 * example per class.
 */
import { createRng } from "../random";

/** Train and test row indices, each sorted ascending. */
export interface IndexSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Split row indices 0..labels.length-1 into train and test, stratified by label, reproducibly from `seed`.
 * Each part is returned in ascending order (shuffle it for training with `shuffledIndices`).
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: { testFraction: number; seed: number }): IndexSplit {
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`stratifiedSplit: testFraction ${testFraction} must be between 0 and 1 (exclusive), e.g. 0.2`);
  }
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!byClass.has(label)) byClass.set(label, []);
    byClass.get(label)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  // Classes in ascending order, so the random stream is consumed the same way whatever order labels appear in.
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(label)!);
    const testCount = Math.round(members.length * testFraction);
    test.push(...members.slice(0, testCount));
    train.push(...members.slice(testCount));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** A seeded permutation of 0..n-1, or of the given indices (the input is not changed). */
export function shuffledIndices(nOrIndices: number | ArrayLike<number>, seed: number): Int32Array {
  const indices =
    typeof nOrIndices === "number" ? Int32Array.from({ length: nOrIndices }, (_, i) => i) : Int32Array.from(nOrIndices);
  return createRng(seed).shuffle(indices);
}

/** Pick the rows `indices` of an array (texts, labels, anything indexable). */
export function take<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  return Array.from(indices, (i) => values[i]);
}
