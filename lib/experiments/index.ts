/**
 * rw.experiments: the built-in comparison suite (tasks x cells x seeds at tiny / quick / full scale) and the
 * long-range memory sweep, both run by the one engine (train/fit) into the one run store, their summaries and
 * reports, the readers of results on disk, and the recommendation of a cell. A notebook can run one job:
 *
 *   const suite = rw.experiments.builtinSuite("quick");
 *   const runner = rw.experiments.createJobRunner(suite.tasks);
 *   const record = await runner.run({ task: "births", model: "gru", seed: 1 });
 *   const { model } = await runner.runKeepingModel({ task: "names-lm", model: "lstm", seed: 1 }); // the trained network too
 *
 * With `{ outDir, origin }` the runner stores each run and reuses it while its data and settings match; chapters
 * 06-08 store theirs under `<results>/notebooks/<scale>`, and `findResults` (chapter 10) collects them.
 */
export type { DataSource, ForecastTask, SentimentTask, TaskSpec, SuiteSpec, Job, RunRecord, ModelName } from "./types";
export { builtinSuite, taskModels, type Scale } from "./specs";
export type { PreparedForecast } from "./forecast-task";
export type { PreparedSentiment } from "./sentiment-task";
export { createJobRunner, runSuite, summariseSuite, type JobRunner, type JobRunnerOptions, type KeptModel, type PreparedTask } from "./suite";
export { summariseTask, type Summary, type TaskSummary, type ModelSummary, type Spread } from "./summary";
export { weatherForecastTasks, mostConfidentMistakes, type Mistake } from "./notebook-helpers";
export { findResults, findMemorySweeps, suiteResultsIn, preferredSuiteScales, type ResultsIndex, type SuiteResults, type NotebookRuns, type NotebookTaskRuns, type MemorySweepFile } from "./results-index";
export { MEMORY_SCALES, type MemoryScale, type MemoryRun, type MemorySweepOptions, type MemorySweepResults } from "./memory-settings";
export { runMemorySweep } from "./memory-sweep";
export { sweepGradientDecay, type SweepGradientDecay } from "./memory-tables";
export { cheapestWithin, recommendCells, type CellRecommendation } from "./recommend";
// The text tasks (names-lm, imdb-text-lm, g2p) are tasks of the quick and full suites: a notebook takes them from
// builtinSuite(scale).tasks and runs them with createJobRunner, like every other task.
export type { LanguageModelTask, LanguageModelRecord, PreparedLanguageModel } from "./language-model-task";
export type { Seq2SeqTask, Seq2SeqRecord, PreparedSeq2Seq } from "./seq2seq-task";
