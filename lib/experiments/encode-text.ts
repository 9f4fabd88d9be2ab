/**
 * Text -> fixed-length id sequences for a sentiment task, with the data library's Tokenizer and padSequences:
 * a vocabulary fitted on the training texts only (PAD = 0, OOV = 1, at most `vocabSize` ids), then Keras-style
 * pre-truncation and pre-padding to `maxLen`: the end of a long review is kept and padding goes in front, so
 * the last step a recurrent layer reads is a word.
 */
import { padSequences, paddedRow } from "../data/padding";
import { Tokenizer } from "../data/tokenizer";

export interface EncodedTexts {
  train: Int32Array[];
  others: Int32Array[][];
  /** Ids are in [0, vocabSize). */
  vocabSize: number;
}

export function encodeForTask(trainTexts: string[], otherTexts: string[][], options: { vocabSize: number; maxLen: number }): EncodedTexts {
  const tokenizer = new Tokenizer({ maxSize: options.vocabSize }).fit(trainTexts);
  const encode = (texts: string[]) => {
    const padded = padSequences(tokenizer.encodeAll(texts), { maxLen: options.maxLen });
    return texts.map((_, r) => paddedRow(padded, r));
  };
  return { train: encode(trainTexts), others: otherTexts.map(encode), vocabSize: tokenizer.vocabularySize };
}
