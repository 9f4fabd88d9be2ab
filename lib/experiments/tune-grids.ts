/**
 * The declared grids a `tune` run searches, built from a task spec (specs.ts) so the tuned models keep the task's
 * data, sizes and budget. Small on purpose (what the issue-12 experiments found worth trying, docs/tuning-log.md):
 *
 * forecasting, per model (rnn, lstm, gru, and the MLP on the same window):
 *   reference  none | last | revin             (revin fixed births; last helps one step ahead)
 *   anchor     none | linear skip over the whole lookback, started from least squares and kept fixed
 * sentiment, per cell:
 *   readout    last | max (over the unpadded steps)
 *   dropout    0 | 0.3 on the embeddings and before the output (outside the recurrent layer: fused kernels kept)
 * Everything else comes from the task. Choose with pickByValidation; never on test scores.
 */
import { CELL_NAMES, type CellName } from "../cells/types";
import { loadCsv } from "../data/load";
import type { SeriesDataset } from "../data/types";
import type { ForecastSetting, ForecastTuneData } from "./tune-forecast";
import type { SentimentSetting } from "./tune-sentiment";
import type { ForecastTask, SentimentTask } from "./types";

/** The tuner's data side for a forecasting task (a registered data set or the task's CSV). */
export function forecastTuneData(task: ForecastTask): ForecastTuneData {
  const d = task.data;
  let source: string | SeriesDataset;
  if (d.dataset) source = d.dataset;
  else if (d.csv) source = loadCsv(d.csv, { target: d.target, time: d.time, features: d.features, missing: d.missing }) as SeriesDataset;
  else throw new Error(`task ${task.name}: give data.dataset or data.csv`);
  return {
    name: task.name,
    source,
    target: d.target,
    horizon: task.horizon,
    season: task.season,
    validationFraction: task.validationFraction,
    testFraction: task.testFraction,
    maxTrainWindows: task.maxTrainWindows,
  };
}

/** The forecasting grid for a task: every model x reference x anchor, the rest from the task. */
export function forecastGrid(task: ForecastTask, models: (CellName | "mlp")[] = [...CELL_NAMES, "mlp"]): ForecastSetting[] {
  const base = {
    lookback: task.lookback,
    size: task.model.units,
    learningRate: task.training.learningRate,
    calendar: [],
    epochs: task.training.epochs,
    patience: task.training.patience,
    batchSize: task.training.batchSize,
  };
  const anchors = [
    { linearSkip: 0 },
    { linearSkip: task.lookback, skipInit: "least-squares" as const, skipTrainable: false },
  ];
  const settings: ForecastSetting[] = [];
  for (const model of models) {
    for (const reference of ["none", "last", "revin"] as const) {
      for (const anchor of anchors) settings.push({ ...base, model, reference, ...anchor });
    }
  }
  return settings;
}

/** The sentiment grid for a task: every cell x read-out x dropout, the rest from the task. */
export function sentimentGrid(task: SentimentTask, cells: CellName[] = [...CELL_NAMES]): SentimentSetting[] {
  const settings: SentimentSetting[] = [];
  for (const model of cells) {
    for (const readout of ["last", "max"] as const) {
      for (const dropout of [0, 0.3]) {
        settings.push({
          model,
          vocabSize: task.vocabSize,
          maxLen: task.maxLen,
          embeddingDim: task.embeddingDim,
          size: task.model.units,
          readout,
          bidirectional: task.bidirectional,
          embeddingDropout: dropout,
          outputDropout: dropout,
          learningRate: task.training.learningRate,
          epochs: task.training.epochs,
          patience: task.training.patience,
          batchSize: task.training.batchSize,
        });
      }
    }
  }
  return settings;
}
