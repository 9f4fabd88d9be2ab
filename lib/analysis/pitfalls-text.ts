/**
 * Pitfall 3, no padding strategy: with post-padding and no mask the classifier reads its verdict from h_T after a
 * run of padding steps, over which the evidence must survive; pre-padding (or a mask) ends every sequence on a real
 * word. The same sentiment classifier is trained with pre-padding, post-padding, and post-padding with the padding
 * masked out (the classifier builder's `mask` option, Keras' mask_zero).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import type { CellName } from "../cells/types";
import { prepareTextData, type TextData, type TextPart } from "../data/prepare";
import { buildSentimentClassifier, classifierParamCount } from "../models/classifier";
import { classificationMetrics } from "../train/metrics";
import { type PitfallMeasurement, type PitfallSettings, type PitfallVariant, type TextPitfallOptions, settings, trainVariant } from "./pitfall-common";

interface TextTensors {
  train: { x: tf.Tensor2D; y: tf.Tensor2D };
  validation: { x: tf.Tensor2D; y: tf.Tensor2D };
  test: { x: tf.Tensor2D; y: tf.Tensor2D };
}

/** Share of the training texts held out for validation (stratified, by prepareTextData, before the tokenizer is fitted). */
const VALIDATION = { fraction: 0.15, seed: 0 };

/** The prepared text (train, validation and test parts) as tensors. */
function textTensors(data: TextData): TextTensors {
  const part = (p: TextPart) => ({
    x: tf.tensor2d(p.x.data, p.x.shape, "int32"),
    y: tf.tensor2d(p.y, [p.y.length, 1]),
  });
  return { train: part(data.train), validation: part(data.validation!), test: part(data.test) };
}

/** Train a sentiment classifier (disposed afterwards) on `tensors` and return its test accuracy. */
async function classifierVariant(name: string, cell: CellName, model: tf.LayersModel, params: number, tensors: TextTensors, s: PitfallSettings): Promise<PitfallVariant> {
  return trainVariant(name, cell, model, params, tensors, "binaryCrossentropy", s, async (scores) =>
    classificationMetrics(await tensors.test.y.data(), scores).accuracy,
  );
}

function majorityAccuracy(data: TextData): number {
  const positiveShare = data.train.y.reduce((sum, v) => sum + v, 0) / data.train.y.length;
  const majority = positiveShare >= 0.5 ? 1 : 0;
  return data.test.y.reduce((sum, v) => sum + (v === majority ? 1 : 0), 0) / data.test.y.length;
}

/**
 * Pitfall 3: the same sentiment classifier with pre-padding (the library's default), with post-padding and no
 * mask, and with post-padding and the padding masked out.
 */
export async function measurePaddingStrategy(options: TextPitfallOptions = {}): Promise<PitfallMeasurement> {
  await initBackend();
  const s = settings(options);
  const cell = options.cell ?? "gru";
  const dataset = options.dataset ?? "uci-sentences";
  const vocabSize = options.vocabSize ?? 2000;
  const embeddingDim = options.embeddingDim ?? 16;
  if (options.maxLen !== undefined && (!Number.isInteger(options.maxLen) || options.maxLen < 1)) {
    throw new Error(`measurePaddingStrategy: maxLen must be a positive integer, got ${options.maxLen}`);
  }
  // Fit the vocabulary once first, for the training lengths and the vocabulary size the model needs.
  const probe = prepareTextData(dataset, { maxSize: vocabSize, maxLen: 1, validation: VALIDATION });
  const maxLen = options.maxLen ?? probe.lengths.max;
  const shape = { vocabSize: probe.tokenizer.vocabularySize, maxLen, embeddingDim, units: s.units };
  const params = classifierParamCount(cell, shape);
  const plan: { name: string; padding: "pre" | "post"; masked: boolean }[] = [
    { name: "pre-padding", padding: "pre", masked: false },
    { name: "post-padding, no mask", padding: "post", masked: false },
    { name: "post-padding, masked", padding: "post", masked: true },
  ].filter((step) => options.masked !== false || !step.masked) as { name: string; padding: "pre" | "post"; masked: boolean }[];
  const variants: PitfallVariant[] = [];
  let reference = 0;
  for (const step of plan) {
    // Truncate at the end kept by the padding side, so the two strategies see the same words.
    const data = prepareTextData(dataset, { maxSize: vocabSize, maxLen, padding: step.padding, truncating: step.padding, validation: VALIDATION });
    reference = majorityAccuracy(data);
    const model = buildSentimentClassifier(cell, { ...shape, seed: s.seed, mask: step.masked });
    const tensors = textTensors(data);
    try {
      variants.push(await classifierVariant(step.name, cell, model, params, tensors, s));
    } finally {
      tf.dispose(Object.values(tensors).flatMap((p) => [p.x, p.y]));
    }
  }
  return {
    pitfall: "padding",
    task: `${probe.dataset.meta.title}: sentiment from word ids padded to ${maxLen} (median text ${probe.lengths.percentile(50)} words), ${cell.toUpperCase()} with ${s.units} units`,
    metric: "accuracy",
    unit: "fraction correct",
    lowerIsBetter: false,
    variants,
    reference: { name: "majority class", value: reference },
  };
}

