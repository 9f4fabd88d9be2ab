/**
 * Tuning a sentiment classifier on validation data: for a labelled text set, train every setting of a grid (cell,
 * read-out, direction, dropout outside the recurrent layer, vocabulary, length, size, learning rate) with each seed
 * and score it on the validation part (held out of the training texts) and the test part. The baselines
 * (majority class, bag-of-words logistic regression) are scored on the same texts. Choices come from
 * `pickByValidation` (tune.ts) by validation accuracy.
 *
 * Data: prepareSentiment (sentiment-task.ts): fixed or seeded stratified split, stratified subsamples, a
 * vocabulary fitted on the training texts only, pre-padding and pre-truncation to maxLen.
 */
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { buildSentimentClassifier, classifierParamCount } from "../models/classifier";
import type { Pooling } from "../models/masked-pooling";
import { unitsForParamBudget } from "../models/params";
import { fitBagOfWordsLogistic, fitMajorityClass } from "../models/text-baselines";
import { predictInBatches, trainModel } from "../train/fit";
import { classificationMetrics } from "../train/metrics";
import { prepareSentiment, type PreparedSentiment } from "./sentiment-task";
import { dataFingerprint } from "./provenance";
import { runTuningGrid, type GridRunOptions, type Trial, type TuningRecord } from "./tune";
import type { SentimentTask } from "./types";

/** One point of the grid. */
export interface SentimentSetting {
  model: CellName;
  vocabSize: number;
  maxLen: number;
  embeddingDim: number;
  /** Size as the units of an LSTM (one direction): other cells get the closest parameter count. */
  size: number;
  readout: "last" | Pooling;
  bidirectional: boolean;
  embeddingDropout: number;
  outputDropout: number;
  learningRate: number;
  epochs: number;
  patience: number;
  batchSize: number;
}

const SCORES = (m: { accuracy: number; f1: number; rocAuc: number }) => ({ accuracy: m.accuracy, f1: m.f1, rocAuc: m.rocAuc });

function toTensor(ids: Int32Array[], maxLen: number): tf.Tensor2D {
  const flat = new Int32Array(ids.length * maxLen);
  ids.forEach((row, i) => flat.set(row, i * maxLen));
  return tf.tensor2d(flat, [ids.length, maxLen], "int32");
}

/** Texts prepared once per (vocabSize, maxLen); trials reuse them. */
export class SentimentTuner {
  readonly base: SentimentTask;
  private readonly cache = new Map<string, PreparedSentiment>();

  /** `base` gives the data, subsample sizes and validation fraction; the grid overrides the rest. */
  constructor(base: SentimentTask) {
    this.base = base;
  }

  /**
   * What the trials' data is, for their keys in the run store: the input file's sha256 (a CSV; a packaged corpus is
   * named by its source) and the data settings (source, subsample sizes, validation fraction). Vocabulary size and
   * length are part of each setting.
   */
  dataKey(): string {
    const { source, sha256 } = dataFingerprint(this.base);
    const { data, maxTrain, maxTest, validationFraction } = this.base;
    return createHash("sha256").update(JSON.stringify({ source, sha256, data, maxTrain, maxTest, validationFraction })).digest("hex");
  }

  prepared(vocabSize: number, maxLen: number): PreparedSentiment {
    const key = `${vocabSize}|${maxLen}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = prepareSentiment({ ...this.base, vocabSize, maxLen });
      this.cache.set(key, hit);
    }
    return hit;
  }

  async trial(setting: SentimentSetting, seed: number): Promise<Trial<SentimentSetting>> {
    const prepared = this.prepared(setting.vocabSize, setting.maxLen);
    const shape = { vocabSize: prepared.vocabSize, maxLen: setting.maxLen, embeddingDim: setting.embeddingDim, bidirectional: setting.bidirectional };
    const budget = classifierParamCount("lstm", { ...shape, units: setting.size });
    const units = setting.model === "lstm" ? setting.size : unitsForParamBudget(budget, (u) => classifierParamCount(setting.model, { ...shape, units: u }));
    const model = buildSentimentClassifier(setting.model, {
      ...shape,
      units,
      readout: setting.readout,
      embeddingDropout: setting.embeddingDropout,
      outputDropout: setting.outputDropout,
      seed,
    });
    const labels = (l: Uint8Array) => tf.tensor2d(Float32Array.from(l), [l.length, 1]);
    const train = { x: toTensor(prepared.train.ids, setting.maxLen), y: labels(prepared.train.labels) };
    const validation = { x: toTensor(prepared.validation.ids, setting.maxLen), y: labels(prepared.validation.labels) };
    const testX = toTensor(prepared.test.ids, setting.maxLen);
    try {
      const result = await trainModel(model, train, validation, {
        loss: "binaryCrossentropy",
        epochs: setting.epochs,
        patience: setting.patience,
        batchSize: setting.batchSize,
        learningRate: setting.learningRate,
        clipNorm: 1,
        seed,
        progress: false,
      });
      return {
        setting,
        seed,
        validation: SCORES(classificationMetrics(prepared.validation.labels, predictInBatches(model, validation.x))),
        test: SCORES(classificationMetrics(prepared.test.labels, predictInBatches(model, testX))),
        params: model.countParams(),
        trainSeconds: result.trainSeconds,
        epochsRun: result.epochsRun,
        bestEpoch: result.bestEpoch,
      };
    } finally {
      model.dispose();
      tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
    }
  }

  /** Majority class and bag-of-words logistic regression on the texts of one (vocabSize, maxLen). */
  baselines(vocabSize: number, maxLen: number): TuningRecord<SentimentSetting>["baselines"] {
    const prepared = this.prepared(vocabSize, maxLen);
    const models = {
      majority: fitMajorityClass(prepared.train.labels),
      "bow-logistic": fitBagOfWordsLogistic(prepared.train.ids, prepared.train.labels, { vocabSize: prepared.vocabSize, seed: 1 }),
    };
    return Object.entries(models).map(([name, m]) => ({
      name,
      setting: { vocabSize, maxLen },
      validation: SCORES(classificationMetrics(prepared.validation.labels, m.predictProba(prepared.validation.ids))),
      test: SCORES(classificationMetrics(prepared.test.labels, m.predictProba(prepared.test.ids))),
    }));
  }
}

/** Run every setting with every seed, then pick per cell by validation accuracy (resumable through `runsDir`, tune.ts). */
export async function runSentimentTuning(
  base: SentimentTask,
  settings: SentimentSetting[],
  seeds: number[],
  options: Omit<GridRunOptions, "dataKey"> = {},
): Promise<TuningRecord<SentimentSetting>> {
  const tuner = new SentimentTuner(base);
  const objective = { metric: "accuracy", lowerIsBetter: false };
  const shapes = [...new Map(settings.map((s) => [`${s.vocabSize}|${s.maxLen}`, s])).values()];
  const baselines = shapes.flatMap((s) => tuner.baselines(s.vocabSize, s.maxLen));
  return runTuningGrid(base.name, objective, settings, seeds, (setting, seed) => tuner.trial(setting, seed), (s) => s.model, baselines, {
    ...options,
    dataKey: tuner.dataKey(),
  });
}
