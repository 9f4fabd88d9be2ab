/**
 * One character language-modelling job: prepare the text once (vocabulary from the training part, next-symbol
 * pairs for train / validation / test), then train a recurrent language model or fit an n-gram baseline and
 * score it in bits per character on the test pairs. Every model sees the same test pairs.
 *
 * Sources: "names" (first names, one sequence per name, BOUNDARY-delimited: generate new names), "imdb-text"
 * (IMDB reviews, truncated-BPTT windows), or a user's UTF-8 text file (windows; the last `testFraction` of the
 * characters for test and the `validationFraction` before them for validation, so no window straddles two parts).
 *
 * Wiring into the suite: a task object below + prepareLanguageModel(task) once + runLanguageModelJob(prepared, job).
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { CELL_NAMES } from "../cells/types";
import { boundedSequences, buildCharVocabulary, nextCharWindows, type CharVocabulary, type SequenceBatch } from "../data/char-text";
import { loadFirstNames, splitItems } from "../data/names";
import { imdbCharCorpus } from "../data/review-text";
import { fitCharNgram } from "../models/char-baselines";
import { buildCharLanguageModel, charLanguageModelParamCount, generateText, predictNextSymbols, sampleSequences } from "../models/char-lm";
import { unitsForParamBudget } from "../models/params";
import { trainModel, type EpochInfo } from "../train/fit";
import { bitsPerCharacter } from "../train/sequence-metrics";
import type { ModelSizing, TrainingSettings } from "./types";

export const LANGUAGE_MODEL_BASELINES = ["unigram", "bigram"] as const;

/** A character language-model task: corpus, window length, sizes and training settings. */
export interface LanguageModelTask {
  kind: "language-model";
  name: string;
  title: string;
  data: { source: "names" } | { source: "imdb-text"; trainChars: number } | { source: "text-file"; file: string };
  /** Truncation length T of the windows (long text) or the padded length of a sequence (names). */
  window: number;
  /** Keep at most this many training windows (bounds the cost; long text only). */
  maxTrainWindows?: number;
  validationFraction: number;
  testFraction: number;
  embeddingDim: number;
  /** Temperature of the recorded samples (default 0.8). */
  sampleTemperature?: number;
  model: ModelSizing;
  training: TrainingSettings;
}

/** A language-model task's data, prepared once and shared by its jobs. */
export interface PreparedLanguageModel {
  task: LanguageModelTask;
  vocab: CharVocabulary;
  train: SequenceBatch;
  validation: SequenceBatch;
  test: SequenceBatch;
  /** A prompt for text samples (long text) or null (names are sampled from BOUNDARY). */
  prompt: string | null;
}

/** What one language-model job returns (the fields of the suite's RunRecord, kind "language-model"). */
export interface LanguageModelRecord {
  complete: true;
  task: string;
  kind: "language-model";
  model: string;
  seed: number;
  /** bpc: test bits per character; crossEntropy: the same in nats. */
  metrics: { bpc: number; crossEntropy: number };
  params: number | null;
  units: number | null;
  trainSeconds: number;
  sequencesPerSecond: number | null;
  epochsRun?: number;
  bestEpoch?: number;
  history?: { loss: number; valLoss?: number }[];
  /** Samples at the task's sampleTemperature, default 0.8 (recurrent models only). */
  samples?: string[];
}

function readTextFile(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`text file ${file} does not exist: check the path (relative paths start at ${process.cwd()})`);
  return fs.readFileSync(file, "utf8");
}

/** Load, split and encode the task's text. */
export function prepareLanguageModel(task: LanguageModelTask): PreparedLanguageModel {
  if (!Number.isInteger(task.window) || task.window < 2) throw new Error(`task ${task.name}: window must be an integer >= 2, got ${task.window}`);
  const { data } = task;
  if (data.source === "names") {
    const parts = splitItems(loadFirstNames(), { validationFraction: task.validationFraction, testFraction: task.testFraction });
    const vocab = buildCharVocabulary(parts.train);
    const batch = (names: string[]) => boundedSequences(names, vocab, task.window);
    return { task, vocab, train: batch(parts.train), validation: batch(parts.validation), test: batch(parts.test), prompt: null };
  }
  let parts: { train: string; validation: string; test: string };
  let vocab: CharVocabulary;
  if (data.source === "imdb-text") {
    const corpus = imdbCharCorpus({ trainChars: data.trainChars });
    parts = corpus;
    vocab = corpus.vocab;
  } else {
    const text = readTextFile(data.file);
    const testStart = Math.floor(text.length * (1 - task.testFraction));
    const validationStart = Math.floor(text.length * (1 - task.testFraction - task.validationFraction));
    parts = { train: text.slice(0, validationStart), validation: text.slice(validationStart, testStart), test: text.slice(testStart) };
    for (const [name, part] of Object.entries(parts)) {
      if (part.length < task.window + 1) {
        throw new Error(`text file ${data.file}: the ${name} part has ${part.length} characters, fewer than one window of ${task.window} + 1: use a longer text or a shorter --window`);
      }
    }
    vocab = buildCharVocabulary([parts.train], { minCount: 2 });
  }
  const windows = (text: string, max?: number) => nextCharWindows(vocab.encode(text), task.window, { maxWindows: max });
  return {
    task,
    vocab,
    train: windows(parts.train, task.maxTrainWindows),
    validation: windows(parts.validation),
    test: windows(parts.test),
    prompt: parts.test.slice(0, task.window),
  };
}

/** Units for `cell` under the task's sizing rule (matched parameters: the reference cell's budget). */
export function languageModelUnits(cell: CellName, task: LanguageModelTask, vocabSize: number): number {
  const sizing = task.model;
  if (sizing.sizing === "equal-units" || cell === sizing.referenceCell) return sizing.units;
  const shape = { vocabSize, embeddingDim: task.embeddingDim };
  const budget = charLanguageModelParamCount(sizing.referenceCell, { ...shape, units: sizing.units });
  return unitsForParamBudget(budget, (units) => charLanguageModelParamCount(cell, { ...shape, units }));
}

const tensors = (b: SequenceBatch) => ({ x: tf.tensor2d(b.x, [b.count, b.length], "int32"), y: tf.tensor2d(b.y, [b.count, b.length]) });

async function runRecurrent(
  prepared: PreparedLanguageModel,
  cell: CellName,
  seed: number,
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>,
): Promise<{ record: LanguageModelRecord; model: tf.LayersModel }> {
  const { task, vocab, test } = prepared;
  const units = languageModelUnits(cell, task, vocab.size);
  const model = buildCharLanguageModel(cell, { vocabSize: vocab.size, units, embeddingDim: task.embeddingDim, seed });
  const train = tensors(prepared.train);
  const validation = tensors(prepared.validation);
  try {
    const result = await trainModel(model, train, validation, {
      loss: "sparseCategoricalCrossentropy",
      ...task.training,
      seed,
      label: `${task.name} ${cell} seed ${seed}`,
      onEpochEnd,
    });
    const bpc = bitsPerCharacter(predictNextSymbols(model, test.x, test.count, test.length), test.y, vocab.size);
    const samples = prepared.prompt
      ? [generateText(model, vocab, { prompt: prepared.prompt, length: 160, window: task.window, temperature: task.sampleTemperature ?? 0.8, seed })]
      : sampleSequences(model, vocab, { count: 12, maxLength: task.window, temperature: task.sampleTemperature ?? 0.8, seed });
    const record: LanguageModelRecord = {
      complete: true,
      task: task.name,
      kind: "language-model",
      model: cell,
      seed,
      metrics: { bpc, crossEntropy: bpc * Math.LN2 },
      params: model.countParams(),
      units,
      trainSeconds: result.trainSeconds,
      sequencesPerSecond: result.sequencesPerSecond,
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
      samples,
    };
    return { record, model };
  } finally {
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
}

function runBaseline(prepared: PreparedLanguageModel, name: string, seed: number): LanguageModelRecord {
  const started = performance.now();
  const order = name === "unigram" ? 1 : name === "bigram" ? 2 : 0;
  if (order === 0) {
    throw new Error(`task ${prepared.task.name}: '${name}' is not a language model: use ${[...CELL_NAMES, ...LANGUAGE_MODEL_BASELINES].join(", ")}`);
  }
  const V = prepared.vocab.size;
  const bpc = fitCharNgram(prepared.train, V, order as 1 | 2).bitsPerCharacter(prepared.test);
  return {
    complete: true,
    task: prepared.task.name,
    kind: "language-model",
    model: name,
    seed,
    metrics: { bpc, crossEntropy: bpc * Math.LN2 },
    params: order === 1 ? V - 1 : V * (V - 1),
    units: null,
    trainSeconds: (performance.now() - started) / 1000,
    sequencesPerSecond: null,
  };
}

/**
 * Run one (task, model, seed) job on prepared data. With `keepModel`, a recurrent job also returns its trained
 * model (the caller disposes it): a notebook samples from it and looks for an interpretable unit.
 */
export async function runLanguageModelJob(
  prepared: PreparedLanguageModel,
  job: { model: string; seed: number },
  options: { onEpochEnd?: (info: EpochInfo) => void | Promise<void>; keepModel?: boolean } = {},
): Promise<{ record: LanguageModelRecord; model?: tf.LayersModel }> {
  if ((CELL_NAMES as readonly string[]).includes(job.model)) {
    const run = await runRecurrent(prepared, job.model as CellName, job.seed, options.onEpochEnd);
    if (options.keepModel) return run;
    run.model.dispose();
    return { record: run.record };
  }
  return { record: runBaseline(prepared, job.model, job.seed) };
}
