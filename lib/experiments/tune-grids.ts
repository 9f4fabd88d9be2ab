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
 * and, when a run asks for them (GridAxes), sizes, learning rates and lookbacks. Everything else comes from the task.
 * Choose with pickByValidation; never on test scores.
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

/**
 * The axes a tuning run may widen beyond the practices (`tune --units/--learning-rates/--lookbacks`); each left out
 * stays at the task's own value.
 */
export interface GridAxes {
  units?: readonly number[];
  learningRates?: readonly number[];
  lookbacks?: readonly number[];
}

/**
 * The forecasting grid for a task: every model x reference x anchor, at every size x learning rate x lookback of
 * `axes` (by default the task's own), the rest from the task.
 */
export function forecastGrid(task: ForecastTask, models: (CellName | "mlp")[] = [...CELL_NAMES, "mlp"], axes: GridAxes = {}): ForecastSetting[] {
  const settings: ForecastSetting[] = [];
  for (const model of models) {
    for (const size of axes.units ?? [task.model.units]) {
      for (const learningRate of axes.learningRates ?? [task.training.learningRate]) {
        for (const lookback of axes.lookbacks ?? [task.lookback]) {
          const base = {
            lookback,
            size,
            learningRate,
            calendar: [],
            epochs: task.training.epochs,
            patience: task.training.patience,
            batchSize: task.training.batchSize,
          };
          const anchors = [
            { linearSkip: 0 },
            { linearSkip: lookback, skipInit: "least-squares" as const, skipTrainable: false },
          ];
          for (const reference of ["none", "last", "revin"] as const) {
            for (const anchor of anchors) settings.push({ ...base, model, reference, ...anchor });
          }
        }
      }
    }
  }
  return settings;
}

/** The sentiment grid for a task: every cell x read-out x dropout (x size x learning rate of `axes`), the rest from the task. */
export function sentimentGrid(task: SentimentTask, cells: CellName[] = [...CELL_NAMES], axes: Omit<GridAxes, "lookbacks"> = {}): SentimentSetting[] {
  const settings: SentimentSetting[] = [];
  for (const model of cells) {
    for (const size of axes.units ?? [task.model.units]) {
      for (const learningRate of axes.learningRates ?? [task.training.learningRate]) {
        for (const readout of ["last", "max"] as const) {
          for (const dropout of [0, 0.3]) {
            settings.push({
              model,
              vocabSize: task.vocabSize,
              maxLen: task.maxLen,
              embeddingDim: task.embeddingDim,
              size,
              readout,
              bidirectional: task.bidirectional,
              embeddingDropout: dropout,
              outputDropout: dropout,
              learningRate,
              epochs: task.training.epochs,
              patience: task.training.patience,
              batchSize: task.training.batchSize,
            });
          }
        }
      }
    }
  }
  return settings;
}
