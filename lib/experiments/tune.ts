/**
 * Choosing settings on validation data only. A tuning run tries every setting of a small declared grid with a
 * few seeds, records validation AND test scores of every trial (so a report can say honestly what was tried),
 * and picks, for each group (e.g. each cell), the setting with the best mean validation score. The pick reads
 * nothing but `trial.validation`: test scores are carried along for the record and can never change a choice
 * (test/experiments/tune.test.ts corrupts the test split and checks that the choice stays the same).
 */
import { writeJsonAtomic } from "../io";

/** One trained (setting, seed) and its scores on the validation and the test part. */
export interface Trial<S> {
  setting: S;
  seed: number;
  validation: Record<string, number>;
  test: Record<string, number>;
  params: number | null;
  trainSeconds: number;
  epochsRun?: number;
  bestEpoch?: number;
}

/** The choice for one group: the setting, its mean validation and (for the record only) mean test scores. */
export interface Choice<S> {
  group: string;
  setting: S;
  seeds: number;
  validation: Record<string, number>;
  test: Record<string, number>;
}

/** How to compare: the validation metric and whether lower is better (MASE) or higher (accuracy). */
export interface Objective {
  metric: string;
  lowerIsBetter: boolean;
}

function meanScores(scores: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(scores[0] ?? {})) out[key] = scores.reduce((s, x) => s + x[key], 0) / scores.length;
  return out;
}

/**
 * For each group (`groupOf(setting)`), the setting with the best mean validation `objective.metric` over its seeds,
 * among the group's settings run with the most seeds. Settings are told apart by `keyOf` (default: JSON of the
 * setting). Ties keep the setting tried first.
 */
export function pickByValidation<S>(
  trials: readonly Trial<S>[],
  objective: Objective,
  groupOf: (setting: S) => string,
  keyOf: (setting: S) => string = (s) => JSON.stringify(s),
): Choice<S>[] {
  const bySetting = new Map<string, { group: string; setting: S; validation: Record<string, number>[]; test: Record<string, number>[] }>();
  for (const trial of trials) {
    const value = trial.validation[objective.metric];
    if (value === undefined) throw new Error(`tune: a trial has no validation '${objective.metric}': score every trial on the validation part`);
    const key = keyOf(trial.setting);
    const entry = bySetting.get(key) ?? { group: groupOf(trial.setting), setting: trial.setting, validation: [], test: [] };
    entry.validation.push(trial.validation);
    entry.test.push(trial.test);
    bySetting.set(key, entry);
  }
  // Means over different numbers of seeds are not comparable (one lucky seed would win): within a group, only the
  // settings run with the most seeds compete (a staged search re-runs its finalists with more seeds).
  const mostSeeds = new Map<string, number>();
  for (const entry of bySetting.values()) mostSeeds.set(entry.group, Math.max(mostSeeds.get(entry.group) ?? 0, entry.validation.length));
  const best = new Map<string, Choice<S>>();
  for (const entry of bySetting.values()) {
    if (entry.validation.length < mostSeeds.get(entry.group)!) continue;
    const validation = meanScores(entry.validation);
    const current = best.get(entry.group);
    const better =
      current === undefined ||
      (objective.lowerIsBetter ? validation[objective.metric] < current.validation[objective.metric] : validation[objective.metric] > current.validation[objective.metric]);
    if (better) best.set(entry.group, { group: entry.group, setting: entry.setting, seeds: entry.validation.length, validation, test: meanScores(entry.test) });
  }
  return [...best.values()];
}

/** What a tuning run writes: the grid's trials, the baselines' scores and the choices. */
export interface TuningRecord<S> {
  task: string;
  objective: Objective;
  trials: Trial<S>[];
  baselines: { name: string; setting?: Record<string, unknown>; validation: Record<string, number>; test: Record<string, number> }[];
  choices: Choice<S>[];
  finishedAt: string;
}

/** Write a tuning record atomically (JSON, two-space indented). */
export function writeTuningRecord<S>(file: string, record: TuningRecord<S>): void {
  writeJsonAtomic(file, record);
}

/** Where a grid run writes and logs, and the trials a file already holds (a rerun skips them). */
export interface GridRunOptions<S> {
  file?: string;
  log?: (line: string) => void;
  previous?: Trial<S>[];
}

/**
 * Run every setting with every seed, one at a time, and pick per `group(setting)` by the validation metric. With
 * `file` the record is rewritten atomically after each trial, so an interrupted run resumes where it stopped.
 * `trial` trains one (setting, seed); `baselines` are scored once, on the same data, for the record.
 */
export async function runTuningGrid<S>(
  task: string,
  objective: Objective,
  settings: readonly S[],
  seeds: readonly number[],
  trial: (setting: S, seed: number) => Promise<Trial<S>>,
  group: (setting: S) => string,
  baselines: TuningRecord<S>["baselines"],
  options: GridRunOptions<S> = {},
): Promise<TuningRecord<S>> {
  const trials: Trial<S>[] = [...(options.previous ?? [])];
  const done = new Set(trials.map((t) => `${JSON.stringify(t.setting)}#${t.seed}`));
  const record = (): TuningRecord<S> => ({
    task,
    objective,
    trials,
    baselines,
    choices: trials.length ? pickByValidation(trials, objective, group) : [],
    finishedAt: new Date().toISOString(),
  });
  for (const setting of settings) {
    for (const seed of seeds) {
      if (done.has(`${JSON.stringify(setting)}#${seed}`)) continue;
      const result = await trial(setting, seed);
      trials.push(result);
      options.log?.(
        `${task} ${JSON.stringify(setting)} seed ${seed}: val ${result.validation[objective.metric].toFixed(4)} ` +
          `test ${result.test[objective.metric].toFixed(4)} (${result.trainSeconds.toFixed(1)} s, ${result.epochsRun} ep)`,
      );
      if (options.file) writeTuningRecord(options.file, record());
    }
  }
  const final = record();
  if (options.file) writeTuningRecord(options.file, final);
  return final;
}
