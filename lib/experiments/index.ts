/**
 * rw.experiments: the built-in comparison suite (tasks x cells x seeds at tiny / quick / full scale) and the
 * long-range memory sweep, both run by the one engine (train/fit) into the one run store, their summaries and
 * reports, the readers of results on disk, and the recommendation of a cell. A notebook can run one job:
 *
 *   const suite = rw.experiments.builtinSuite("quick");
 *   const runner = rw.experiments.createJobRunner(suite.tasks);
 *   const record = await runner.run({ task: "births", model: "gru", seed: 1 });
 *
 * With `{ outDir, origin }` the runner stores each run and reuses it while its data and settings match; chapters
 * 06-08 store theirs under `<results>/notebooks/<scale>`, and `findResults` (chapter 10) collects them.
 */
export type { DataSource, ForecastTask, SentimentTask, TaskSpec, SuiteSpec, Job, RunRecord, ModelName } from "./types";
export { builtinSuite, taskModels, type Scale } from "./specs";
export type { PreparedForecast } from "./forecast-task";
export type { PreparedSentiment } from "./sentiment-task";
export { createJobRunner, runSuite, summariseSuite, type JobRunner, type JobRunnerOptions } from "./suite";
export { summariseTask, type Summary, type TaskSummary, type ModelSummary, type Spread } from "./summary";
export { weatherForecastTasks, mostConfidentMistakes, type Mistake } from "./notebook-helpers";
export { findResults, findMemorySweeps, suiteResultsIn, preferredSuiteScales, type ResultsIndex, type SuiteResults, type NotebookRuns, type NotebookTaskRuns, type MemorySweepFile } from "./results-index";
export { MEMORY_SCALES, type MemoryScale, type MemoryRun, type MemorySweepOptions, type MemorySweepResults } from "./memory-settings";
export { runMemorySweep } from "./memory-sweep";
export { sweepGradientDecay, type SweepGradientDecay } from "./memory-tables";
export { cheapestWithin, recommendCells, type CellRecommendation } from "./recommend";
export { prepareLanguageModel, runLanguageModelJob, type LanguageModelTask, type LanguageModelRecord, type PreparedLanguageModel } from "./language-model-task";
export { prepareSeq2Seq, runSeq2SeqJob, type Seq2SeqTask, type Seq2SeqRecord, type PreparedSeq2Seq } from "./seq2seq-task";
export { namesLanguageModelTask, imdbTextLanguageModelTask, g2pTask } from "./text-task-specs";
