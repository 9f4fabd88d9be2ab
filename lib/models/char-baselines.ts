/**
 * The baselines a character language model must beat, scored on the same next-symbol pairs (x_t, y_t)
 * (see ../data/char-text.ts: x_t is the previous symbol, or BOUNDARY at the start):
 *
 *   unigram  p(y)       = (n(y) + α) / (N + α K)            ignores the context
 *   bigram   p(y | x)   = (n(x, y) + α) / (n(x) + α K)       sees one previous symbol
 *
 * n(.) count training pairs with a target, N their number, K = V - 1 the possible targets (every id but PAD),
 * α the add-α (Laplace for α = 1) smoothing that keeps unseen symbols possible.
 */
import type { SequenceBatch } from "../data/char-text";
import { CHAR_PAD_ID } from "../data/char-text";

export interface CharNgramModel {
  order: 1 | 2;
  vocabSize: number;
  /** p(y | x) as a row-major [V, V] table (rows = previous symbol; every row equal for the unigram). */
  table: Float64Array;
  /** Probability of target y after input symbol x. */
  probability(x: number, y: number): number;
  /** Bits per character on next-symbol pairs (padding targets skipped). */
  bitsPerCharacter(batch: SequenceBatch): number;
}

/** Fit a unigram (order 1) or bigram (order 2) model on the training pairs with add-α smoothing. */
export function fitCharNgram(train: SequenceBatch, vocabSize: number, order: 1 | 2, alpha = 1): CharNgramModel {
  if (!(alpha > 0)) throw new Error(`fitCharNgram: alpha must be positive (add-α smoothing), got ${alpha}`);
  const V = vocabSize;
  const counts = new Float64Array(V * V);
  for (let i = 0; i < train.y.length; i++) {
    const y = train.y[i];
    if (y < 0) continue;
    if (y >= V || train.x[i] >= V) throw new Error(`fitCharNgram: symbol id ${Math.max(y, train.x[i])} is outside the vocabulary of ${V}`);
    counts[(order === 2 ? train.x[i] : 0) * V + y]++;
  }
  const table = new Float64Array(V * V);
  const possible = V - 1;
  for (let x = 0; x < V; x++) {
    const row = order === 2 ? x : 0;
    let total = 0;
    for (let y = 0; y < V; y++) total += counts[row * V + y];
    for (let y = 0; y < V; y++) table[x * V + y] = y === CHAR_PAD_ID ? 0 : (counts[row * V + y] + alpha) / (total + alpha * possible);
  }
  const probability = (x: number, y: number) => table[x * V + y];
  return {
    order,
    vocabSize: V,
    table,
    probability,
    bitsPerCharacter(batch: SequenceBatch): number {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < batch.y.length; i++) {
        if (batch.y[i] < 0) continue;
        sum -= Math.log2(probability(batch.x[i], batch.y[i]));
        n++;
      }
      if (n === 0) throw new Error("bitsPerCharacter: no targets (all padding): pass at least one target >= 0");
      return sum / n;
    },
  };
}
