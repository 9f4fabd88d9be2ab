/**
 * The language-model and sequence-to-sequence tasks at each scale, and the tasks built from a user's file
 * (`rnn-workbook generate --text FILE`, `rnn-workbook seq2seq --csv FILE --source COL --target COL`).
 * "quick" keeps each chapter to a few minutes on two cores; "full" is the size the README reports.
 */
import type { LanguageModelTask } from "./language-model-task";
import type { Seq2SeqTask } from "./seq2seq-task";
import type { TrainingSettings } from "./types";

export type TextTaskScale = "tiny" | "quick" | "full";

const training = (scale: TextTaskScale, quickEpochs: number, fullEpochs: number, learningRate: number): TrainingSettings => ({
  epochs: scale === "tiny" ? 1 : scale === "quick" ? quickEpochs : fullEpochs,
  batchSize: 64,
  learningRate,
  patience: scale === "full" ? 4 : 2,
  clipNorm: 1,
});

/** First names, one sequence per name: the names chapter and suite task "names-lm". */
export function namesLanguageModelTask(scale: TextTaskScale): LanguageModelTask {
  return {
    kind: "language-model",
    name: "names-lm",
    title: "First names, character-level language model",
    data: { source: "names" },
    window: 16,
    validationFraction: 0.1,
    testFraction: 0.1,
    embeddingDim: 16,
    model: { sizing: "matched-params", units: scale === "full" ? 128 : 64, referenceCell: "lstm" },
    training: training(scale, 3, 30, 1e-2),
  };
}

/** IMDB review text, truncated-BPTT windows: suite task "imdb-text-lm". */
export function imdbTextLanguageModelTask(scale: TextTaskScale): LanguageModelTask {
  return {
    kind: "language-model",
    name: "imdb-text-lm",
    title: "IMDB review text, character-level language model",
    data: { source: "imdb-text", trainChars: scale === "full" ? 2_000_000 : scale === "quick" ? 80_000 : 20_000 },
    window: 64,
    validationFraction: 0.1,
    testFraction: 0.1,
    embeddingDim: 16,
    model: { sizing: "matched-params", units: scale === "full" ? 256 : 64, referenceCell: "lstm" },
    training: { ...training(scale, 3, 20, 1e-2), batchSize: 32 },
  };
}

/** A user's text file (the last 10% of the characters for test, the 10% before for validation). */
export function userTextLanguageModelTask(
  file: string,
  options: { units?: number; epochs?: number; window?: number; temperature?: number } = {},
): LanguageModelTask {
  const task = imdbTextLanguageModelTask("full");
  return {
    ...task,
    name: "user-text-lm",
    title: `character-level language model of ${file}`,
    data: { source: "text-file", file },
    window: options.window ?? 64,
    ...(options.temperature === undefined ? {} : { sampleTemperature: options.temperature }),
    model: { ...task.model, units: options.units ?? 128 },
    training: { ...task.training, epochs: options.epochs ?? 10 },
  };
}

/** Grapheme-to-phoneme conversion on CMUdict: the seq2seq chapter and suite task "g2p". */
export function g2pTask(scale: TextTaskScale): Seq2SeqTask {
  return {
    kind: "seq2seq",
    name: "g2p",
    title: "CMUdict grapheme to phoneme, encoder-decoder",
    data: { source: "cmudict", minLetters: 3, maxLetters: 10 },
    maxTrain: scale === "full" ? undefined : scale === "quick" ? 3000 : 300,
    maxTest: scale === "full" ? 5000 : scale === "quick" ? 800 : 100,
    validationFraction: 0.05,
    testFraction: 0.1,
    embeddingDim: 16,
    model: { sizing: "matched-params", units: scale === "full" ? 128 : 64, referenceCell: "lstm" },
    training: training(scale, 4, 30, 1e-2),
  };
}

/** A user's CSV file of (source, target) pairs. */
export function userSeq2SeqTask(file: string, sourceColumn: string, targetColumn: string, options: { units?: number; epochs?: number } = {}): Seq2SeqTask {
  const task = g2pTask("full");
  return {
    ...task,
    name: "user-seq2seq",
    title: `encoder-decoder ${sourceColumn} -> ${targetColumn} on ${file}`,
    data: { source: "csv", file, sourceColumn, targetColumn },
    maxTest: undefined,
    validationFraction: 0.1,
    model: { ...task.model, units: options.units ?? 128 },
    training: { ...task.training, epochs: options.epochs ?? 20 },
  };
}
