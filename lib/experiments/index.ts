/**
 * Experiments: the built-in comparison suite (tasks x cells x seeds at tiny / quick / full scale), the
 * generic job runner and run store, summaries over seeds and the HTML report. A notebook can run one job:
 *
 *   const suite = rw.experiments.builtinSuite("quick");
 *   const runner = rw.experiments.createJobRunner(suite.tasks);
 *   const record = await runner.run({ task: "births", model: "gru", seed: 1 });
 */
export type {
  DataSource,
  ForecastTask,
  SentimentTask,
  TaskSpec,
  SuiteSpec,
  Job,
  RunRecord,
  ModelName,
  ModelSizing,
  TrainingSettings,
} from "./types";
export { FORECAST_BASELINES, SENTIMENT_BASELINES } from "./types";
export { SCALES, builtinSuite, suiteJobs, taskModels, userForecastTask, userSentimentTask } from "./specs";
export type { Scale } from "./specs";
export { prepareForecast, runForecastJob } from "./forecast-task";
export type { PreparedForecast } from "./forecast-task";
export { prepareSentiment, runSentimentJob } from "./sentiment-task";
export type { PreparedSentiment } from "./sentiment-task";
export { runJobs } from "./runner";
export { jobId, runFile, readFinishedRun, writeRun, readAllRuns } from "./store";
export { createJobRunner, runSuite, summariseSuite, writeSummaryFiles, checkOutputFolder, claimOutputFolder } from "./suite";
export type { JobRunner } from "./suite";
export { spread, summariseTask, summaryMarkdown } from "./summary";
export type { Summary, TaskSummary, ModelSummary, Spread } from "./summary";
export { renderReport } from "./report";
export { weatherForecastTasks, mostConfidentMistakes } from "./notebook-helpers";
export type { Mistake } from "./notebook-helpers";
export { findResults, findSuiteResults, findMemorySweeps, suiteResultsIn, preferredSuiteScales } from "./results-index";
export type { ResultsIndex, SuiteResults, MemorySweepFile } from "./results-index";
export { prepareLanguageModel, runLanguageModelJob, type LanguageModelTask, type LanguageModelRecord, type PreparedLanguageModel } from "./language-model-task";
export { prepareSeq2Seq, runSeq2SeqJob, parseSeq2SeqModel, type Seq2SeqTask, type Seq2SeqRecord, type PreparedSeq2Seq } from "./seq2seq-task";
export { namesLanguageModelTask, imdbTextLanguageModelTask, g2pTask, userTextLanguageModelTask, userSeq2SeqTask } from "./text-task-specs";
export { languageModelOnTextFile, seq2seqOnCsvFile, type GenerateOptions, type Seq2SeqCommandOptions } from "./text-commands";
