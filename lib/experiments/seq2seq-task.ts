/**
 * One sequence-to-sequence job: prepare the pairs once (seeded train / validation / test split, vocabularies from
 * the training pairs, teacher-forcing batches), then train an encoder-decoder with or without attention and score
 * its greedy decodings of the test sources: symbol (phoneme) error rate and word error rate.
 *
 * Models: a cell name ("gru": encoder-decoder) or a cell name + "+attention" ("gru+attention"). Matched parameters
 * apply to the plain encoder-decoders; an attention model has its cell's units (attention adds H·V output weights).
 *
 * Sources: "cmudict" (spelling -> ARPAbet, ../data/cmudict.ts), or a user's CSV file with a source and a target
 * column (each split into characters, or into space-separated tokens when any value holds a space).
 * Wiring into the suite: a task object below + prepareSeq2Seq(task) once + runSeq2SeqJob(prepared, job).
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { CELL_NAMES } from "../cells/types";
import { buildCharVocabulary, encoderDecoderBatch, type CharVocabulary, type EncoderDecoderBatch } from "../data/char-text";
import { loadG2PPairs } from "../data/cmudict";
import { readCsvFile } from "../data/csv";
import { splitItems } from "../data/names";
import { unitsForParamBudget } from "../models/params";
import { buildSeq2Seq, greedyDecode, seq2seqParamCount, type Seq2SeqModel } from "../models/seq2seq";
import { trainModel, type EpochInfo } from "../train/fit";
import { sequenceErrorRates } from "../train/sequence-metrics";
import type { ModelSizing, TrainingSettings } from "./types";

/** A sequence-to-sequence task (spelling to phonemes by default): pairs, split, sizes and training settings. */
export interface Seq2SeqTask {
  kind: "seq2seq";
  name: string;
  title: string;
  data: { source: "cmudict"; minLetters?: number; maxLetters?: number } | { source: "csv"; file: string; sourceColumn: string; targetColumn: string };
  /** Subsample the split parts to at most this many pairs (seeded; bounds the cost). */
  maxTrain?: number;
  maxTest?: number;
  validationFraction: number;
  testFraction: number;
  embeddingDim: number;
  model: ModelSizing;
  training: TrainingSettings;
}

export interface SequencePair {
  source: string[];
  target: string[];
}

/** A sequence-to-sequence task's data, prepared once and shared by its jobs. */
export interface PreparedSeq2Seq {
  task: Seq2SeqTask;
  vocabs: { source: CharVocabulary; target: CharVocabulary };
  lengths: { source: number; target: number };
  train: EncoderDecoderBatch;
  validation: EncoderDecoderBatch;
  test: EncoderDecoderBatch;
  testPairs: SequencePair[];
  /** The test sources alone, row-major [count, S], for greedy decoding. */
  testSources: Int32Array;
}

/** What one sequence-to-sequence job returns (the suite's RunRecord fields, kind "seq2seq"). */
export interface Seq2SeqRecord {
  complete: true;
  task: string;
  kind: "seq2seq";
  model: string;
  seed: number;
  /** per: symbol (phoneme) error rate; wer: fraction of test words not reproduced exactly. */
  metrics: { per: number; wer: number };
  params: number;
  units: number;
  trainSeconds: number;
  sequencesPerSecond: number;
  epochsRun: number;
  bestEpoch: number;
  history: { loss: number; valLoss?: number }[];
  /** The first test pairs with their decodings. */
  examples: { source: string; reference: string; decoded: string }[];
}

const splitTokens = (values: string[]) => {
  const spaced = values.some((v) => /\s/.test(v.trim()));
  return values.map((v) => (spaced ? v.trim().split(/\s+/) : [...v.trim()]));
};

function loadPairs(task: Seq2SeqTask): SequencePair[] {
  const { data } = task;
  if (data.source === "cmudict") {
    return loadG2PPairs({ minLetters: data.minLetters, maxLetters: data.maxLetters }).map((p) => ({ source: [...p.word], target: p.phonemes }));
  }
  const table = readCsvFile(data.file);
  for (const column of [data.sourceColumn, data.targetColumn]) {
    if (!(column in table.columns)) throw new Error(`CSV file ${data.file}: no column '${column}': the file has ${table.header.join(", ")}`);
  }
  const sources = splitTokens(table.columns[data.sourceColumn]);
  const targets = splitTokens(table.columns[data.targetColumn]);
  const pairs = sources.map((source, i) => ({ source, target: targets[i] })).filter((p) => p.source.length > 0 && p.target.length > 0);
  if (pairs.length < 20) throw new Error(`CSV file ${data.file}: ${pairs.length} non-empty pairs, too few to split into train, validation and test: pass at least 20`);
  return pairs;
}

/** Load, split, subsample and encode the task's pairs. */
export function prepareSeq2Seq(task: Seq2SeqTask): PreparedSeq2Seq {
  const parts = splitItems(loadPairs(task), { validationFraction: task.validationFraction, testFraction: task.testFraction, seed: 7 });
  const train = parts.train.slice(0, task.maxTrain ?? parts.train.length);
  const validation = parts.validation.slice(0, Math.max(50, Math.round(train.length / 8)));
  const test = parts.test.slice(0, task.maxTest ?? parts.test.length);
  const vocabs = { source: buildCharVocabulary(train.map((p) => p.source)), target: buildCharVocabulary(train.map((p) => p.target)) };
  const longest = (pairs: SequencePair[], side: "source" | "target") => Math.max(...pairs.map((p) => p[side].length));
  const lengths = { source: longest(train, "source"), target: longest(train, "target") + 1 };
  const batch = (pairs: SequencePair[]) => encoderDecoderBatch(pairs.map((p) => p.source), pairs.map((p) => p.target), vocabs, lengths);
  const testBatch = batch(test);
  const S = lengths.source;
  const width = S + lengths.target;
  const testSources = new Int32Array(test.length * S);
  for (let i = 0; i < test.length; i++) testSources.set(testBatch.x.subarray(i * width, i * width + S), i * S);
  return { task, vocabs, lengths, train: batch(train), validation: batch(validation), test: testBatch, testPairs: test, testSources };
}

/** Parse "gru" / "gru+attention". */
export function parseSeq2SeqModel(model: string): { cell: CellName; attention: boolean } {
  const [cell, extra] = model.split("+");
  if (!(CELL_NAMES as readonly string[]).includes(cell) || (extra !== undefined && extra !== "attention")) {
    throw new Error(`'${model}' is not a sequence-to-sequence model: use rnn, lstm, gru or one of them with +attention (gru+attention)`);
  }
  return { cell: cell as CellName, attention: extra === "attention" };
}

/** Units for `cell` under the task's sizing rule (the plain encoder-decoders are matched). */
export function seq2seqUnits(cell: CellName, prepared: PreparedSeq2Seq): number {
  const sizing = prepared.task.model;
  if (sizing.sizing === "equal-units" || cell === sizing.referenceCell) return sizing.units;
  const shape = {
    sourceVocabSize: prepared.vocabs.source.size,
    targetVocabSize: prepared.vocabs.target.size,
    sourceLength: prepared.lengths.source,
    targetLength: prepared.lengths.target,
    embeddingDim: prepared.task.embeddingDim,
  };
  const budget = seq2seqParamCount(sizing.referenceCell, { ...shape, units: sizing.units });
  return unitsForParamBudget(budget, (units) => seq2seqParamCount(cell, { ...shape, units }));
}

const tensors = (b: EncoderDecoderBatch) => ({
  x: tf.tensor2d(b.x, [b.count, b.sourceLength + b.targetLength], "int32"),
  y: tf.tensor2d(b.y, [b.count, b.targetLength]),
});

/**
 * Run one (task, model, seed) job. With `keepModel` the trained network is returned too (the caller disposes
 * `model.model`): a notebook decodes with it and draws its attention weights.
 */
export async function runSeq2SeqJob(
  prepared: PreparedSeq2Seq,
  job: { model: string; seed: number },
  options: { onEpochEnd?: (info: EpochInfo) => void | Promise<void>; keepModel?: boolean } = {},
): Promise<{ record: Seq2SeqRecord; model?: Seq2SeqModel }> {
  const { task, vocabs, lengths } = prepared;
  const { cell, attention } = parseSeq2SeqModel(job.model);
  const units = seq2seqUnits(cell, prepared);
  const built = buildSeq2Seq(cell, {
    sourceVocabSize: vocabs.source.size,
    targetVocabSize: vocabs.target.size,
    sourceLength: lengths.source,
    targetLength: lengths.target,
    embeddingDim: task.embeddingDim,
    units,
    attention,
    seed: job.seed,
  });
  const train = tensors(prepared.train);
  const validation = tensors(prepared.validation);
  try {
    const result = await trainModel(built.model, train, validation, {
      loss: "sparseCategoricalCrossentropy",
      ...task.training,
      seed: job.seed,
      label: `${task.name} ${job.model} seed ${job.seed}`,
      onEpochEnd: options.onEpochEnd,
    });
    const decoded = greedyDecode(built.net, prepared.testSources, prepared.testPairs.length, lengths.target);
    const hypotheses = decoded.outputs.map((ids) => ids.map((id) => vocabs.target.symbols[id]));
    const rates = sequenceErrorRates(hypotheses, prepared.testPairs.map((p) => p.target));
    const join = (tokens: readonly string[]) => tokens.join(tokens.some((t) => t.length > 1) ? " " : "");
    const record: Seq2SeqRecord = {
      complete: true,
      task: task.name,
      kind: "seq2seq",
      model: job.model,
      seed: job.seed,
      metrics: { per: rates.symbolErrorRate, wer: rates.wordErrorRate },
      params: built.model.countParams(),
      units,
      trainSeconds: result.trainSeconds,
      sequencesPerSecond: result.sequencesPerSecond,
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
      examples: prepared.testPairs.slice(0, 8).map((p, i) => ({ source: join(p.source), reference: join(p.target), decoded: join(hypotheses[i]) })),
    };
    if (options.keepModel) return { record, model: built };
    built.model.dispose();
    return { record };
  } catch (error) {
    built.model.dispose();
    throw error;
  } finally {
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
}
