/**
 * One sentiment job: load the labelled texts and prepare them through the data room's one path (prepareTextData:
 * the fixed train / test split, stratified seeded subsamples when the task says so, a validation hold-out of the
 * training texts, the vocabulary fitted on the remaining training texts only, pre-padding/pre-truncation to
 * `maxLen`), then train a recurrent classifier or fit a baseline and score its test predictions.
 *
 * The data preparation does not depend on the run seed: every model and seed sees the same texts.
 */
import * as tf from "@tensorflow/tfjs";
import { CELL_NAMES, type CellName } from "../cells/types";
import { loadCsv } from "../data/load";
import { loadText } from "../data/registry";
import { paddedRow } from "../data/padding";
import { prepareTextData, type TextPart } from "../data/prepare";
import type { TextDataset } from "../data/types";
import { buildSentimentClassifier, classifierParamCount } from "../models/classifier";
import { unitsForParamBudget } from "../models/params";
import { fitBagOfWordsLogistic, fitMajorityClass } from "../models/text-baselines";
import type { EpochInfo } from "../train/fit";
import { balancedClassWeights, classWeightedBinaryCrossentropy, predictInBatches, trainModel } from "../train/fit";
import { classificationMetrics } from "../train/metrics";
import type { Job, ModelSizing, RunRecord, SentimentTask } from "./types";

/** Seed of the subsampling and validation hold-out (fixed: data must not change with the run seed). */
const DATA_SEED = 12345;

/** A sentiment task's data, prepared once per process and shared by all its jobs. */
export interface PreparedSentiment {
  task: SentimentTask;
  /** Token ids, each sequence exactly maxLen long (pre-padded with 0, pre-truncated). */
  train: { ids: Int32Array[]; labels: Uint8Array };
  validation: { ids: Int32Array[]; labels: Uint8Array };
  test: { ids: Int32Array[]; labels: Uint8Array };
  /** Ids are in [0, vocabSize): 0 = padding, 1 = out of vocabulary. */
  vocabSize: number;
}

function loadTaskTexts(task: SentimentTask): TextDataset {
  const d = task.data;
  if (d.dataset) return loadText(d.dataset);
  if (!d.csv || !d.text || !d.label) throw new Error(`task ${task.name}: give data.dataset, or data.csv with data.text and data.label`);
  return loadCsv(d.csv, { text: d.text, label: d.label, missing: d.missing, ...(d.delimiter ? { delimiter: d.delimiter } : {}), ...(d.positive ? { positive: d.positive } : {}) });
}

export function prepareSentiment(task: SentimentTask): PreparedSentiment {
  for (const [name, value] of Object.entries({ vocabSize: task.vocabSize, maxLen: task.maxLen })) {
    if (!Number.isInteger(value) || value < 3) throw new Error(`task ${task.name}: ${name} must be an integer >= 3, got ${value}`);
  }
  const texts = loadTaskTexts(task);
  const data = prepareTextData(texts, {
    maxSize: task.vocabSize,
    maxLen: task.maxLen,
    // A user's file has no fixed split: hold out a stratified 20% for testing.
    split: texts.split ? undefined : { testFraction: 0.2, seed: DATA_SEED },
    subsample: { train: task.maxTrain, test: task.maxTest, seed: DATA_SEED },
    validation: { fraction: task.validationFraction, seed: DATA_SEED + 2 },
    shuffle: false,
  });
  const part = (p: TextPart) => ({
    ids: Array.from({ length: p.rows.length }, (_, r) => paddedRow(p.x, r)),
    labels: Uint8Array.from(p.rows, (i) => texts.labels[i]),
  });
  return { task, train: part(data.train), validation: part(data.validation!), test: part(data.test), vocabSize: data.tokenizer.vocabularySize };
}

export function classifierUnits(cell: CellName, sizing: ModelSizing, shape: { vocabSize: number; maxLen: number; embeddingDim: number; bidirectional: boolean }): number {
  if (sizing.sizing === "equal-units" || cell === sizing.referenceCell) return sizing.units;
  const budget = classifierParamCount(sizing.referenceCell, { ...shape, units: sizing.units });
  return unitsForParamBudget(budget, (units) => classifierParamCount(cell, { ...shape, units }));
}

function toTensor(ids: Int32Array[], maxLen: number): tf.Tensor2D {
  const flat = new Int32Array(ids.length * maxLen);
  ids.forEach((row, i) => flat.set(row, i * maxLen));
  return tf.tensor2d(flat, [ids.length, maxLen], "int32");
}

/** The threshold on p(positive) with the best accuracy on the validation part (ties: the one nearest 0.5). Used
 * with `task.threshold = "validation"`, so an imbalanced set is not scored at a threshold its classes do not fit. */
export function validationThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const candidates = [0.5, ...Array.from(scores)].filter((t) => t > 0 && t < 1);
  let best = 0.5;
  let bestAccuracy = -1;
  for (const t of candidates) {
    let correct = 0;
    for (let i = 0; i < labels.length; i++) correct += (scores[i] >= t ? 1 : 0) === labels[i] ? 1 : 0;
    const better = correct > bestAccuracy || (correct === bestAccuracy && Math.abs(t - 0.5) < Math.abs(best - 0.5));
    if (better) [best, bestAccuracy] = [t, correct];
  }
  return best;
}

async function runRecurrent(
  prepared: PreparedSentiment,
  cell: CellName,
  seed: number,
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>,
): Promise<Omit<RunRecord, "backend" | "finishedAt">> {
  const { task } = prepared;
  const options = task.modelOptions?.[cell] ?? {};
  const bidirectional = options.bidirectional ?? task.bidirectional;
  const shape = { vocabSize: prepared.vocabSize, maxLen: task.maxLen, embeddingDim: task.embeddingDim, bidirectional };
  const units = classifierUnits(cell, task.model, shape);
  const model = buildSentimentClassifier(cell, {
    ...shape,
    units,
    dropout: task.model.dropout ?? 0,
    readout: options.readout ?? "last",
    embeddingDropout: options.embeddingDropout ?? 0,
    outputDropout: options.outputDropout ?? 0,
    seed,
  });
  const labels = (l: Uint8Array) => tf.tensor2d(Float32Array.from(l), [l.length, 1]);
  const train = { x: toTensor(prepared.train.ids, task.maxLen), y: labels(prepared.train.labels) };
  const validation = { x: toTensor(prepared.validation.ids, task.maxLen), y: labels(prepared.validation.labels) };
  const testX = toTensor(prepared.test.ids, task.maxLen);
  try {
    // Balanced class weights (from the training labels only) keep an imbalanced set from being fit by the prior.
    const loss = task.classWeights === "balanced" ? classWeightedBinaryCrossentropy(balancedClassWeights(prepared.train.labels)) : "binaryCrossentropy";
    const result = await trainModel(model, train, validation, {
      loss,
      ...task.training,
      seed,
      label: `${task.name} ${cell} seed ${seed}`,
      onEpochEnd,
    });
    const scores = predictInBatches(model, testX);
    const validationScores = task.threshold === "validation" ? predictInBatches(model, validation.x) : undefined;
    const threshold = validationScores ? validationThreshold(prepared.validation.labels, validationScores) : 0.5;
    const { confusion, ...metrics } = classificationMetrics(prepared.test.labels, scores, threshold);
    // Where the threshold was chosen on validation, its validation accuracy is recorded beside (what a choice may read).
    const validationAccuracy = validationScores ? classificationMetrics(prepared.validation.labels, validationScores, threshold).accuracy : undefined;
    return {
      complete: true,
      task: task.name,
      kind: "sentiment",
      model: cell,
      seed,
      metrics: validationAccuracy === undefined ? metrics : { ...metrics, threshold, validationAccuracy },
      confusion,
      params: model.countParams(),
      units,
      trainSeconds: result.trainSeconds,
      sequencesPerSecond: result.sequencesPerSecond,
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      history: result.history.map((h) => ({ loss: h.loss, valLoss: h.valLoss })),
    };
  } finally {
    model.dispose();
    tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
  }
}

function runBaseline(prepared: PreparedSentiment, name: string, seed: number): Omit<RunRecord, "backend" | "finishedAt"> {
  const { task } = prepared;
  const started = performance.now();
  let scores: number[];
  let params: number | null = null;
  if (name === "majority") {
    scores = fitMajorityClass(prepared.train.labels).predictProba(prepared.test.ids);
  } else if (name === "bow-logistic") {
    const model = fitBagOfWordsLogistic(prepared.train.ids, prepared.train.labels, { vocabSize: prepared.vocabSize, seed });
    scores = model.predictProba(prepared.test.ids);
    params = prepared.vocabSize + 1;
  } else {
    throw new Error(`task ${task.name}: '${name}' is not a sentiment model: use rnn, lstm, gru, majority or bow-logistic`);
  }
  const { confusion, ...metrics } = classificationMetrics(prepared.test.labels, scores);
  return {
    complete: true,
    task: task.name,
    kind: "sentiment",
    model: name as RunRecord["model"],
    seed,
    metrics,
    confusion,
    params,
    units: null,
    trainSeconds: (performance.now() - started) / 1000,
    sequencesPerSecond: null,
  };
}

/** Run one (task, model, seed) job on prepared data; the caller adds backend and finishedAt. `onEpochEnd` sees
 * every epoch of a recurrent model (for live learning curves in a notebook). */
export async function runSentimentJob(
  prepared: PreparedSentiment,
  job: Job,
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>,
): Promise<Omit<RunRecord, "backend" | "finishedAt">> {
  if ((CELL_NAMES as readonly string[]).includes(job.model)) return runRecurrent(prepared, job.model as CellName, job.seed, onEpochEnd);
  return runBaseline(prepared, job.model, job.seed);
}
