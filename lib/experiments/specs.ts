/**
 * The built-in experiments, at three scales:
 *   tiny  - two small tasks, one seed, seconds: the end-to-end check CI runs;
 *   quick - every task, 2 seeds, subsampled so the suite finishes in a few minutes on 2 cores;
 *   full  - paper-grade: 3 seeds, longer lookbacks and sequences, the whole IMDB corpus, more epochs (3 seeds, the
 *           least a mean and spread need, because one full IMDB run takes about an hour on 2 shared cores).
 *
 * Recurrent models are compared at matched parameter counts by default (the LSTM gets `units`, the RNN
 * and GRU the units that give the closest parameter count, as in Chung et al. 2014).
 */
import { CELL_NAMES, type CellName } from "../cells/types";
import { g2pTask, imdbTextLanguageModelTask, namesLanguageModelTask } from "./text-task-specs";
import {
  FORECAST_BASELINES,
  LANGUAGE_MODEL_BASELINE_NAMES,
  SENTIMENT_BASELINES,
  type DataSource,
  type ForecastModelOptions,
  type ForecastTask,
  type Job,
  type ModelName,
  type SentimentModelOptions,
  type SentimentTask,
  type SuiteSpec,
  type TaskSpec,
  type TrainingSettings,
} from "./types";

export const SCALES = ["tiny", "quick", "full"] as const;
/** The size of a suite run: tiny, quick or full. */
export type Scale = (typeof SCALES)[number];

const matched = (units: number) => ({ sizing: "matched-params" as const, units, referenceCell: "lstm" as const });
const training = (epochs: number, patience: number, batchSize = 32, learningRate = 3e-3): TrainingSettings => ({
  epochs,
  batchSize,
  learningRate,
  patience,
  clipNorm: 1,
});

/*
 * Per-model practices, chosen on validation data only (mean of 2 seeds where run): `rnn-workbook tune --task NAME
 * --scale quick|full` writes the choice to docs/tuning/<task>-<scale>.json; the values below are copied from the
 * `choices` of those committed files (test/experiments/tuned-specs.test.ts checks they agree), and
 * docs/tuning-log.md says what was tried. The tiny scale keeps the plain models (its stored baseline).
 */
const NONE: ForecastModelOptions = { reference: "none" };
const LAST: ForecastModelOptions = { reference: "last" };
const REVIN: ForecastModelOptions = { reference: "revin" };
/** A linear skip over `lags` lags, started from the least-squares AR and frozen: the network learns the correction. */
const frozenSkip = (lags: number, reference: ForecastModelOptions["reference"] = "none"): ForecastModelOptions => ({
  reference, linearSkip: lags, skipInit: "least-squares", skipTrainable: false,
});
type ForecastChoices = NonNullable<ForecastTask["modelOptions"]>;
/** docs/tuning/<task>-quick.json (electricity-48step: the choices among the task's own lr 3e-3 / 30 epochs, see
 * tuned-specs.test.ts; the lr 1e-2 / 60-epoch trials had one seed). */
const QUICK_CHOICES: Record<string, ForecastChoices> = {
  births: { rnn: REVIN, lstm: REVIN, gru: REVIN, mlp: REVIN },
  "electricity-1step": { rnn: LAST, lstm: frozenSkip(48, "last"), gru: LAST, mlp: frozenSkip(48, "last") },
  "electricity-48step": { rnn: NONE, lstm: REVIN, gru: NONE, mlp: NONE },
};
/** docs/tuning/<task>-full.json where run (electricity-1step: the LSTM and GRU over the whole grid with 3 seeds; RNN
 * and MLP at full scale were not tuned everywhere: the quick choice, with the skip over the full lookback where the
 * quick choice had one). */
const FULL_CHOICES: Record<string, ForecastChoices> = {
  births: { rnn: REVIN, lstm: REVIN, gru: REVIN, mlp: REVIN },
  "electricity-1step": { rnn: frozenSkip(96, "last"), lstm: frozenSkip(96, "revin"), gru: frozenSkip(96, "revin"), mlp: frozenSkip(96, "last") },
  "electricity-48step": { rnn: NONE, lstm: frozenSkip(336), gru: frozenSkip(336), mlp: NONE },
};
/** docs/tuning/imdb-quick.json: bidirectional (backward direction over the reversed words), max pooling, no dropout. */
const IMDB_CHOICE: SentimentModelOptions = { readout: "max", bidirectional: true, embeddingDropout: 0, outputDropout: 0 };
const IMDB_CHOICES = { rnn: IMDB_CHOICE, lstm: IMDB_CHOICE, gru: IMDB_CHOICE };

/** The tuned practices for a task at quick or full scale (none for tasks that were not tuned). */
function withChoices(task: TaskSpec, choices: Record<string, ForecastChoices>): TaskSpec {
  if (task.kind === "forecast") {
    const modelOptions = choices[task.name];
    return modelOptions ? { ...task, modelOptions, mlpBaseline: true } : { ...task, mlpBaseline: true };
  }
  return task.kind === "sentiment" && task.name === "imdb" ? { ...task, modelOptions: IMDB_CHOICES } : task;
}

function quickTasks(): TaskSpec[] {
  return plainQuickTasks().map((task) => withChoices(task, QUICK_CHOICES));
}

function plainQuickTasks(): TaskSpec[] {
  return [
    {
      kind: "forecast", name: "electricity-1step", title: "Electricity demand, 30 minutes ahead",
      data: { dataset: "electricity" }, lookback: 48, horizon: 1, season: 48,
      validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 2000,
      model: matched(32), training: training(30, 5),
    },
    {
      kind: "forecast", name: "electricity-48step", title: "Electricity demand, one day (48 steps) ahead",
      data: { dataset: "electricity" }, lookback: 96, horizon: 48, season: 48,
      validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 1200,
      model: matched(32), training: training(30, 5),
    },
    {
      kind: "forecast", name: "births", title: "US births per day, one day ahead",
      data: { dataset: "births" }, lookback: 28, horizon: 1, season: 7,
      validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 2000,
      model: matched(32), training: training(30, 5),
    },
    {
      kind: "forecast", name: "sp500", title: "S&P 500 close, one trading day ahead",
      data: { dataset: "sp500" }, lookback: 20, horizon: 1, season: 1, differencing: true,
      validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 2000,
      model: matched(32), training: training(30, 5),
    },
    {
      kind: "sentiment", name: "uci-sentences", title: "UCI labelled sentences (Amazon, IMDB, Yelp)",
      data: { dataset: "uci-sentences" }, vocabSize: 2000, maxLen: 32, validationFraction: 0.15,
      embeddingDim: 32, bidirectional: false, model: matched(32), training: training(12, 3),
    },
    {
      kind: "sentiment", name: "imdb", title: "IMDB movie reviews (5k train / 5k test subsample)",
      data: { dataset: "imdb" }, vocabSize: 10000, maxLen: 120, maxTrain: 5000, maxTest: 5000, validationFraction: 0.1,
      embeddingDim: 32, bidirectional: false, model: matched(32), training: training(5, 2, 64),
    },
  ];
}

function fullTasks(): TaskSpec[] {
  return plainQuickTasks().map((task) => withChoices(fullSizes(task), FULL_CHOICES));
}

function fullSizes(task: TaskSpec): TaskSpec {
  if (task.kind !== "forecast" && task.kind !== "sentiment") return task;
  if (task.kind === "forecast") {
    const lookback = task.name === "electricity-48step" ? 336 : task.name === "electricity-1step" ? 96 : task.name === "births" ? 56 : 40;
    return { ...task, lookback, maxTrainWindows: undefined, model: matched(64), training: training(60, 8) };
  }
  if (task.name === "imdb") {
    // Sequence length and vocabulary as in the Keras IMDB example (maxlen >= 400, vocabulary >= 20k).
    return {
      ...task, title: "IMDB movie reviews (all 50k)", maxLen: 400, vocabSize: 20000, maxTrain: undefined, maxTest: undefined,
      embeddingDim: 64, model: matched(64), training: training(8, 2, 64, 1e-3),
    };
  }
  return { ...task, model: matched(64), training: training(30, 5) };
}

function tinyTasks(): TaskSpec[] {
  return [
    {
      kind: "forecast", name: "births", title: "US births per day (tiny check)",
      data: { dataset: "births" }, lookback: 14, horizon: 2, season: 7,
      validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 64,
      model: matched(4), training: training(2, 1, 32, 1e-2),
    },
    {
      kind: "sentiment", name: "uci-sentences", title: "UCI labelled sentences (tiny check)",
      data: { dataset: "uci-sentences" }, vocabSize: 300, maxLen: 12, maxTrain: 200, maxTest: 100, validationFraction: 0.2,
      embeddingDim: 4, bidirectional: false, model: matched(4), training: training(2, 1, 32, 1e-2),
    },
  ];
}

/** The language-model and sequence-to-sequence tasks (chapters 11 and 12); the tiny check leaves them to their own tests. */
function textTasks(scale: "quick" | "full"): TaskSpec[] {
  return [namesLanguageModelTask(scale), imdbTextLanguageModelTask(scale), g2pTask(scale)];
}

/** The built-in suite at a scale: tiny (CI check), quick (a few minutes) or full (paper-grade). */
export function builtinSuite(scale: Scale): SuiteSpec {
  switch (scale) {
    case "tiny":
      return { scale, tasks: tinyTasks(), cells: [...CELL_NAMES], seeds: [1] };
    case "quick":
      return { scale, tasks: [...quickTasks(), ...textTasks(scale)], cells: [...CELL_NAMES], seeds: [1, 2] };
    case "full":
      return { scale, tasks: [...fullTasks(), ...textTasks(scale)], cells: [...CELL_NAMES], seeds: [1, 2, 3] };
    default:
      throw new Error(`unknown scale '${scale as string}': use one of ${SCALES.join(", ")}`);
  }
}

/** The models a task compares: the suite's cells, then the task's baselines (seasonal naive only when season > 1,
 * the MLP only when the task asks for it); a seq2seq task compares each cell without and with attention. */
export function taskModels(task: TaskSpec, cells: readonly CellName[]): ModelName[] {
  if (task.kind === "seq2seq") return [...cells, ...cells.map((cell) => `${cell}+attention` as const)];
  if (task.kind === "language-model") return [...cells, ...LANGUAGE_MODEL_BASELINE_NAMES];
  const baselines: ModelName[] =
    task.kind === "forecast"
      ? FORECAST_BASELINES.filter((b) => (b !== "seasonal-naive" || task.season > 1) && (b !== "mlp" || task.mlpBaseline === true))
      : [...SENTIMENT_BASELINES];
  return [...cells, ...baselines];
}

/** Every (task, model, seed) job of a suite, task by task, seed by seed. */
export function suiteJobs(suite: SuiteSpec): Job[] {
  const jobs: Job[] = [];
  for (const task of suite.tasks) {
    for (const seed of suite.seeds) {
      for (const model of taskModels(task, suite.cells)) jobs.push({ task: task.name, model, seed });
    }
  }
  return jobs;
}

/** The comparison `rnn-workbook forecast` runs on a user's CSV, sized by `scale`. */
export function userForecastTask(
  data: DataSource,
  shape: { lookback: number; horizon: number; season: number; differencing?: boolean },
  scale: Scale,
  anchor: ForecastModelOptions = {},
): ForecastTask {
  const sizes = {
    tiny: { units: 4, maxTrainWindows: 64, training: training(2, 1, 32, 1e-2) },
    quick: { units: 32, maxTrainWindows: 2000, training: training(30, 5) },
    full: { units: 64, maxTrainWindows: undefined, training: training(60, 8) },
  }[scale];
  return {
    kind: "forecast",
    name: "forecast",
    title: `${data.target} from ${data.csv}, ${shape.horizon} step(s) ahead`,
    data,
    ...shape,
    validationFraction: 0.15,
    testFraction: 0.15,
    maxTrainWindows: sizes.maxTrainWindows,
    model: matched(sizes.units),
    training: sizes.training,
    // The same anchoring for every network, cells and MLP alike (the user's --reference / --linear-skip).
    modelOptions: { rnn: anchor, lstm: anchor, gru: anchor, mlp: anchor },
    mlpBaseline: true,
  };
}

/** The comparison `rnn-workbook sentiment` runs on a user's CSV, sized by `scale`. */
export function userSentimentTask(data: DataSource, shape: { maxLen: number; vocabSize: number }, scale: Scale): SentimentTask {
  const sizes = {
    tiny: { units: 4, embeddingDim: 4, maxTrain: 200, maxTest: 100, training: training(2, 1, 32, 1e-2) },
    quick: { units: 32, embeddingDim: 32, maxTrain: 5000, maxTest: 5000, training: training(8, 2, 64) },
    full: { units: 64, embeddingDim: 64, maxTrain: undefined, maxTest: undefined, training: training(12, 3, 64, 1e-3) },
  }[scale];
  return {
    kind: "sentiment",
    name: "sentiment",
    title: `${data.label} from ${data.text} in ${data.csv}`,
    data,
    ...shape,
    maxTrain: sizes.maxTrain,
    maxTest: sizes.maxTest,
    validationFraction: 0.15,
    embeddingDim: sizes.embeddingDim,
    bidirectional: false,
    model: matched(sizes.units),
    training: sizes.training,
    // A user's labels may be imbalanced: the decision threshold is the one with the best validation accuracy (0.5
    // among the candidates, so it never does worse than 0.5 on validation); the test part plays no part in it.
    threshold: "validation",
    // ... and the loss weighs each class by N / (2 N_c) (training labels), so the cells are not fit to the prior.
    classWeights: "balanced",
    // Max pooling over the unpadded steps, IMDB's tuned read-out (docs/tuning/imdb-quick.json), unidirectional to keep
    // the cost: on a 75/25 set it had the better validation accuracy for every cell (docs/tuning-log.md, "sentiment").
    modelOptions: { rnn: { readout: "max" }, lstm: { readout: "max" }, gru: { readout: "max" } },
  };
}
