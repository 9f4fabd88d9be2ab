/**
 * `rnn-workbook tune --task NAME [--scale quick|full] [--seeds N] [--models M,...] [--units N,...]
 * [--learning-rates X,...] [--lookbacks N,...] [--out DIR]`: search a built-in task's small declared
 * grid (tune-grids.ts: per model the window reference and the frozen least-squares linear skip for forecasting, the
 * read-out and dropout for sentiment) with seeds 1..N, and pick per model by the VALIDATION metric only
 * (pickByValidation; test scores are recorded beside, never read by the choice). The record - every trial, the
 * baselines on the same windows and the choices - is written atomically to DIR/<task>-<scale>.json after each trial,
 * from the trials in the run store (`--runs`, store.ts: one run per setting, seed and data), so an interrupted run
 * resumes; `--units`, `--learning-rates` and `--lookbacks` widen the grid beyond the task's own values (every
 * combination is tried: keep them short); `--models` runs the grid of some models only (the record keeps the other models' stored trials and
 * choices); the built-in specs (specs.ts) carry the committed choices of docs/tuning/. The trials of a choice file
 * written before trials were stored are taken into the store once (tune.ts `adopt`), so they are kept and not rerun.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { CELL_NAMES, type CellName } from "../cells/types";
import { builtinSuite } from "../experiments/specs";
import { runForecastTuning, type ForecastSetting } from "../experiments/tune-forecast";
import { forecastGrid, forecastTuneData, sentimentGrid } from "../experiments/tune-grids";
import { runSentimentTuning, type SentimentSetting } from "../experiments/tune-sentiment";
import type { Choice, Trial, TuningRecord } from "../experiments/tune";
import type { ForecastTask, SentimentTask } from "../experiments/types";
import { UsageError, formatHelp, parseFlags } from "./common";

const log = (line: string) => process.stderr.write(`${line}\n`);

const FLAGS = {
  task: { kind: "string", help: "built-in task to tune (required; `rnn-workbook reproduce --list-jobs` shows them)" },
  scale: { kind: "string", help: "sizes and budget of the task", choices: ["quick", "full"], default: "quick" },
  seeds: { kind: "int", help: "seeds per setting, 1..N (use >= 3 at full scale before trusting a choice)", default: 2 },
  out: { kind: "string", help: "folder of the choice files", default: "docs/tuning" },
  runs: { kind: "string", help: "run store of the trials (default results/tuning/<scale>; a rerun resumes from it)" },
  units: { kind: "list", help: "sizes to search (units of the LSTM-equivalent parameter budget; default the task's)" },
  "learning-rates": { kind: "list", help: "learning rates to search (default the task's)" },
  lookbacks: { kind: "list", help: "lookbacks to search, forecasting tasks (default the task's)" },
  models: { kind: "list", help: "tune only these models (the MLP is a forecasting model); the others keep their recorded choice", choices: [...CELL_NAMES, "mlp"] },
} as const;

/** The trials of the choice record already at `file` (to adopt), or none; a file that is not this task's record is an error. */
function recordedTrials<S>(file: string, task: string): Trial<S>[] {
  if (!fs.existsSync(file)) return [];
  let record: TuningRecord<S>;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8")) as TuningRecord<S>;
  } catch {
    throw new UsageError(`tune: ${file} is not a JSON tuning record: move it away or give another --out`);
  }
  if (record.task !== task || !Array.isArray(record.trials)) {
    throw new UsageError(`tune: ${file} is not a tuning record of task '${task}': move it away or give another --out`);
  }
  return record.trials;
}

function describe(choice: Choice<ForecastSetting | SentimentSetting>, metric: string): string {
  return `${choice.group}: ${JSON.stringify(choice.setting)} (validation ${metric} ${choice.validation[metric].toFixed(4)}, ${choice.seeds} seed(s))`;
}

/** A list flag's values as positive numbers (integers when `integer`), or undefined when the flag was not given. */
function positiveNumbers(name: string, raw: string[] | undefined, integer: boolean): number[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      throw new UsageError(`tune: --${name} takes ${integer ? "positive integers" : "positive numbers"}, got '${item}'`);
    }
    return value;
  });
  return refuseRepeats(name, values, "value");
}

/** A repeated value would put the same setting in the grid twice (runTuningGrid also runs it once). */
function refuseRepeats<T>(name: string, values: T[], what: string): T[] {
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) throw new UsageError(`tune: --${name} lists ${repeated} twice: give each ${what} once`);
  return values;
}

export async function tuneCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("tune", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("tune", "Search a built-in task's declared grid and choose each model's setting by validation only.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const scale = flags.scale as "quick" | "full";
  const tasks = builtinSuite(scale).tasks.filter((t): t is ForecastTask | SentimentTask => t.kind === "forecast" || t.kind === "sentiment");
  if (flags.task === undefined) throw new UsageError(`tune: --task is required: one of ${tasks.map((t) => t.name).join(", ")}`);
  const task = tasks.find((t) => t.name === flags.task);
  if (!task) throw new UsageError(`tune: unknown task '${flags.task}': the ${scale} scale has ${tasks.map((t) => t.name).join(", ")}`);
  const models = flags.models && refuseRepeats("models", flags.models as (CellName | "mlp")[], "model");
  if (task.kind === "sentiment" && models?.includes("mlp")) throw new UsageError(`tune: --models mlp is a forecasting model: task '${task.name}' tunes ${CELL_NAMES.join(", ")}`);
  const axes = {
    units: positiveNumbers("units", flags.units, true),
    learningRates: positiveNumbers("learning-rates", flags["learning-rates"], false),
    lookbacks: positiveNumbers("lookbacks", flags.lookbacks, true),
  };
  if (task.kind === "sentiment" && axes.lookbacks) throw new UsageError(`tune: --lookbacks is for forecasting tasks: task '${task.name}' reads whole texts (maxLen ${task.maxLen})`);
  const seeds = Array.from({ length: flags.seeds }, (_, i) => i + 1);
  const file = path.join(flags.out, `${task.name}-${scale}.json`);
  const runsDir = flags.runs ?? path.join("results", "tuning", scale);
  // Checked before anything runs or is written: a file there must be this task's record (it is rewritten).
  const adopt = { file, trials: recordedTrials<unknown>(file, task.name) };
  fs.mkdirSync(flags.out, { recursive: true });
  await initBackend();
  const options = { file, runsDir, log, adopt };
  let record: TuningRecord<ForecastSetting> | TuningRecord<SentimentSetting>;
  if (task.kind === "forecast") {
    record = await runForecastTuning(forecastTuneData(task), forecastGrid(task, models, axes), seeds, options);
  } else {
    record = await runSentimentTuning(task, sentimentGrid(task, models as CellName[] | undefined, axes), seeds, options);
  }
  console.log(`choices by validation ${record.objective.metric} (${file}):`);
  for (const choice of record.choices as Choice<ForecastSetting | SentimentSetting>[]) console.log(`  ${describe(choice, record.objective.metric)}`);
  return 0;
}
