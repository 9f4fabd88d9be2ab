/**
 * Scores of models that emit a symbol per step.
 *
 * Bits per character of predicted distributions p_t over V symbols against targets y_t:
 *   bpc = -(1/N) Σ_t log₂ p_t[y_t] = cross-entropy (nats) / ln 2        (targets < 0 are padding, skipped)
 * A model that knows nothing (uniform over V) scores log₂ V; lower is better.
 *
 * Edit (Levenshtein) distance d(a, b): the fewest insertions, deletions and substitutions turning a into b.
 *   phoneme error rate  PER = Σ_i d(hyp_i, ref_i) / Σ_i |ref_i|
 *   word error rate     WER = (words with hyp_i ≠ ref_i) / words
 */

/** Mean -log₂ p[y] over the steps with a target ≥ 0; `probabilities` is row-major [steps, V]. */
export function bitsPerCharacter(probabilities: ArrayLike<number>, targets: ArrayLike<number>, vocabSize: number): number {
  if (probabilities.length !== targets.length * vocabSize) {
    throw new Error(
      `bitsPerCharacter: ${probabilities.length} probabilities for ${targets.length} targets of ${vocabSize} classes: pass [steps, V] probabilities`,
    );
  }
  let sum = 0;
  let count = 0;
  for (let i = 0; i < targets.length; i++) {
    const y = targets[i];
    if (y < 0) continue;
    if (y >= vocabSize) throw new Error(`bitsPerCharacter: target ${y} at step ${i} is outside the ${vocabSize} classes`);
    sum -= Math.log2(Math.max(probabilities[i * vocabSize + y], 1e-12));
    count++;
  }
  if (count === 0) throw new Error("bitsPerCharacter: no targets (all padding): pass at least one target >= 0");
  return sum / count;
}

/** Levenshtein distance between two sequences of symbols (strings compare characters). */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Phoneme (token) error rate = edit distance / reference length, and word error rate = share of outputs not exactly right. */
export interface SequenceErrorRates {
  /** Σ edit distance / Σ reference length (phoneme error rate for phonemes, character error rate for characters). */
  symbolErrorRate: number;
  /** Fraction of sequences not reproduced exactly. */
  wordErrorRate: number;
  /** Sequences scored. */
  count: number;
}

/** Error rates of hypotheses against references (same order). */
export function sequenceErrorRates<T>(hypotheses: readonly ArrayLike<T>[], references: readonly ArrayLike<T>[]): SequenceErrorRates {
  if (hypotheses.length !== references.length || references.length === 0) {
    throw new Error(`sequenceErrorRates: ${hypotheses.length} hypotheses for ${references.length} references: pass one per reference (at least one)`);
  }
  let edits = 0;
  let symbols = 0;
  let wrong = 0;
  references.forEach((ref, i) => {
    const d = editDistance(hypotheses[i], ref);
    edits += d;
    symbols += ref.length;
    if (d > 0) wrong++;
  });
  return { symbolErrorRate: edits / Math.max(symbols, 1), wordErrorRate: wrong / references.length, count: references.length };
}
