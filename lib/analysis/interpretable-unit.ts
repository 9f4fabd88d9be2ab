/**
 * "One interpretable unit" (Karpathy, Johnson & Fei-Fei 2015): the hidden unit of a trained language model whose
 * activation best tracks a property of the text.
 *
 * For each unit j, over all steps t of a text, the Pearson correlation between its activation h_t[j] and a
 * feature f_t of the character read at step t:
 *   r_j = Σ_t (h_tj - h̄_j)(f_t - f̄) / sqrt(Σ_t (h_tj - h̄_j)² · Σ_t (f_t - f̄)²)
 * The unit with the largest |r_j| is reported (its sign says whether it fires for or against the feature).
 * Features: inside a double-quoted passage, position inside the current word, the last letter of a name.
 */

import type * as tf from "@tensorflow/tfjs";
import { CHAR_PAD_ID, type CharVocabulary, type SequenceBatch } from "../data/char-text";
import { hiddenStates } from "../models/char-lm";

/** A per-character property of text that a hidden unit may track. */
export type TextFeature = "insideQuotes" | "positionInWord" | "endOfName";

/** f_t for each character of `text`. */
export function textFeature(text: string, feature: TextFeature): Float64Array {
  const f = new Float64Array(text.length);
  let inside = false;
  let position = 0;
  for (let t = 0; t < text.length; t++) {
    const c = text[t];
    if (feature === "insideQuotes") {
      if (c === '"') inside = !inside;
      f[t] = inside ? 1 : 0;
    } else if (feature === "positionInWord") {
      position = /[a-z0-9']/i.test(c) ? position + 1 : 0;
      f[t] = position;
    } else if (feature === "endOfName") {
      // After reading the last letter the next symbol is the end marker: names are joined by ".".
      f[t] = c !== "." && (t + 1 >= text.length || text[t + 1] === ".") ? 1 : 0;
    } else {
      throw new Error(`textFeature: unknown feature '${feature as string}': use insideQuotes, positionInWord or endOfName`);
    }
  }
  return f;
}

/** Pearson correlation of two equal-length series; 0 when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) throw new Error(`pearson: need two series of equal length >= 2, got ${a.length} and ${b.length}`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** The hidden unit whose activation correlates best with a text feature, with its correlation and the layer's median. */
export interface InterpretableUnit {
  unit: number;
  /** Correlation of that unit with the feature. */
  correlation: number;
  /** |r| of every unit, for a histogram of how specialised the layer is. */
  correlations: Float64Array;
  /** Median |r| over all units: how far the best unit stands out. */
  medianCorrelation: number;
  /** The unit's activation at every step. */
  activations: Float64Array;
}

/**
 * The unit whose activation tracks `feature` best. `states` is [steps, units] row-major (the hidden states of
 * consecutive steps of one text, e.g. windows of a long text laid end to end), `feature` one value per step.
 */
export function findInterpretableUnit(states: ArrayLike<number>, units: number, feature: ArrayLike<number>): InterpretableUnit {
  const steps = feature.length;
  if (states.length !== steps * units) {
    throw new Error(`findInterpretableUnit: ${states.length} activations for ${steps} steps of ${units} units: pass [steps, units] states`);
  }
  const correlations = new Float64Array(units);
  let best = 0;
  let bestR = 0;
  const column = new Float64Array(steps);
  for (let j = 0; j < units; j++) {
    for (let t = 0; t < steps; t++) column[t] = states[t * units + j];
    const r = pearson(column, feature);
    correlations[j] = Math.abs(r);
    if (Math.abs(r) > Math.abs(bestR)) {
      best = j;
      bestR = r;
    }
  }
  const activations = Float64Array.from({ length: steps }, (_, t) => states[t * units + best]);
  const sorted = Float64Array.from(correlations).sort();
  const medianCorrelation = (sorted[Math.floor((units - 1) / 2)] + sorted[Math.ceil((units - 1) / 2)]) / 2;
  return { unit: best, correlation: bestR, correlations, medianCorrelation, activations };
}

/**
 * The hidden states of a character language model over next-symbol pairs, laid end to end: the text it read
 * (input symbols, PAD steps dropped; BOUNDARY shows as ".") and the states [steps, units] at those steps.
 */
export function activationsOnText(model: tf.LayersModel, batch: SequenceBatch, vocab: CharVocabulary): { text: string; states: Float32Array; units: number } {
  const all = hiddenStates(model, batch.x, batch.count, batch.length);
  const units = all.length / batch.x.length;
  const kept: number[] = [];
  for (let i = 0; i < batch.x.length; i++) if (batch.x[i] !== CHAR_PAD_ID) kept.push(i);
  const states = new Float32Array(kept.length * units);
  kept.forEach((i, k) => states.set(all.subarray(i * units, (i + 1) * units), k * units));
  return { text: kept.map((i) => vocab.symbols[batch.x[i]]).join(""), states, units };
}

/** One feature of the text read, its value at every step and the unit that tracks it best. */
export interface FeatureUnit {
  feature: TextFeature;
  /** f_t at every step of `text`. */
  values: Float64Array;
  unit: InterpretableUnit;
}

/**
 * The notebook's one call: run a trained character language model over `batch` (e.g. the test pairs), and for
 * each feature find the unit that tracks it best. Returns the text read (PAD steps dropped) and one entry per feature.
 */
export function findInterpretableUnits(
  model: tf.LayersModel,
  batch: SequenceBatch,
  vocab: CharVocabulary,
  features: readonly TextFeature[],
): { text: string; found: FeatureUnit[] } {
  const { text, states, units } = activationsOnText(model, batch, vocab);
  const found = features.map((feature) => {
    const values = textFeature(text, feature);
    return { feature, values, unit: findInterpretableUnit(states, units, values) };
  });
  return { text, found };
}
