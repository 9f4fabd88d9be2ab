/**
 * Text -> fixed-length id sequences for a sentiment task: a vocabulary fitted on the training texts only,
 * PAD = 0, OOV = 1, then pre-truncation and pre-padding to `maxLen` (keep the end of a long review, pad
 * at the front, so the last step a recurrent layer reads is a word).
 *
 * BRIDGE: a minimal tokenizer (lower-case, strip HTML tags, words of letters, digits and apostrophes) until
 * the data library's Tokenizer / padSequences land; then this file only calls them.
 */

export interface EncodedTexts {
  train: Int32Array[];
  others: Int32Array[][];
  /** Ids are in [0, vocabSize). */
  vocabSize: number;
}

function words(text: string): string[] {
  return text.toLowerCase().replace(/<[^>]*>/g, " ").match(/[a-z0-9']+/g) ?? [];
}

function padPre(ids: number[], maxLen: number): Int32Array {
  const out = new Int32Array(maxLen);
  const kept = ids.length > maxLen ? ids.slice(ids.length - maxLen) : ids;
  out.set(kept, maxLen - kept.length);
  return out;
}

export function encodeForTask(trainTexts: string[], otherTexts: string[][], options: { vocabSize: number; maxLen: number }): EncodedTexts {
  const counts = new Map<string, number>();
  const trainWords = trainTexts.map(words);
  for (const doc of trainWords) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Most frequent first; ties alphabetically, so the vocabulary does not depend on text order.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const index = new Map<string, number>();
  ranked.slice(0, options.vocabSize - 2).forEach(([w], i) => index.set(w, i + 2));
  const encode = (doc: string[]) => padPre(doc.map((w) => index.get(w) ?? 1), options.maxLen);
  return {
    train: trainWords.map(encode),
    others: otherTexts.map((texts) => texts.map((t) => encode(words(t)))),
    vocabSize: index.size + 2,
  };
}
